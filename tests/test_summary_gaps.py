"""Which check-ins a summary calls missed, paused, skipped or without a session: only those
the client's own rhythm made due, never a calendar week that simply had none."""

from datetime import date, timedelta

import pytest

from domain.checkin_gaps import CheckinRow, Gap, GapKind, PauseSpan, gaps_of
from domain.language import ENGLISH, words
from domain.states import CheckinStatus
from domain.summary import CheckinRecord, Section, SummaryData, dip, is_low, render_summary

DONE, EXPIRED, SKIPPED = CheckinStatus.DONE, CheckinStatus.EXPIRED, CheckinStatus.SKIPPED
CANCELLED, UNDELIVERED = CheckinStatus.CANCELLED, CheckinStatus.UNDELIVERED
START = date(2025, 9, 1)
END = START + timedelta(weeks=12)


def days(*offsets: int) -> list[date]:
    return [START + timedelta(days=offset) for offset in offsets]


# Each rhythm's check-in days over 12 weeks, all answered: no week is missed.
RHYTHMS = {
    "weekly": days(*range(1, 84, 7)),
    "fortnightly": days(*range(1, 84, 14)),
    "every four weeks": days(1, 29, 57),
    "irregular": days(3, 12, 40, 47, 80),
    "no sessions, weekly check-in": days(*range(5, 84, 7)),
}


@pytest.mark.parametrize("rhythm", list(RHYTHMS))
def test_weeks_without_a_due_checkin_are_never_missed(rhythm: str) -> None:
    rows = [CheckinRow(day, DONE, True) for day in RHYTHMS[rhythm]]
    assert gaps_of(rows, [], END) == []


@pytest.mark.parametrize("rhythm", list(RHYTHMS))
def test_only_a_due_checkin_left_unanswered_is_missed(rhythm: str) -> None:
    due = RHYTHMS[rhythm]
    rows = [CheckinRow(day, EXPIRED if n == 1 else DONE, n != 1) for n, day in enumerate(due)]
    rows.append(CheckinRow(due[-1] + timedelta(days=1), CheckinStatus.DUE, False))
    assert gaps_of(rows, [], END) == [Gap(GapKind.NOT_ANSWERED, due[1], due[1])]


@pytest.mark.parametrize(
    ("rows", "cancelled", "gaps"),
    [
        # undelivered: due, never reached the client
        ([(1, UNDELIVERED, False)], [], [(GapKind.NOT_ANSWERED, 1, 1)]),
        # "Skip this week"
        ([(1, SKIPPED, False)], [], [(GapKind.SKIPPED, 1, 1)]),
        # a cancelled session skips its check-in: named for the session
        ([(1, SKIPPED, False, 2)], [2], [(GapKind.NO_SESSION, 2, 2)]),
        # a session cancelled before its check-in was made
        ([(1, DONE, True), (29, DONE, True)], [16], [(GapKind.NO_SESSION, 16, 16)]),
        # a pause: from the cancelled check-in to the day before the next one
        ([(1, CANCELLED, False), (29, DONE, True)], [], [(GapKind.PAUSED, 1, 28)]),
        # a session cancelled during a pause is part of the pause
        ([(1, CANCELLED, False), (29, DONE, True)], [16], [(GapKind.PAUSED, 1, 28)]),
        # still paused at the period's end
        ([(1, DONE, True), (15, CANCELLED, False)], [], [(GapKind.PAUSED, 15, 84)]),
        # an expired check-in with answers counts as a check-in
        ([(1, EXPIRED, True)], [], []),
    ],
)
def test_each_gap_is_named_for_what_happened(
    rows: list[tuple[int, CheckinStatus, bool] | tuple[int, CheckinStatus, bool, int]],
    cancelled: list[int],
    gaps: list[tuple[GapKind, int, int]],
) -> None:
    read = [
        CheckinRow(days(row[0])[0], row[1], row[2], days(row[3])[0] if len(row) > 3 else None)
        for row in rows
    ]
    expected = [Gap(kind, days(start)[0], days(end)[0]) for kind, start, end in gaps]
    assert gaps_of(read, days(*cancelled), END) == expected


PAUSE_RHYTHMS = {"weekly": RHYTHMS["weekly"], "fortnightly": RHYTHMS["fortnightly"]}


@pytest.mark.parametrize("rhythm", list(PAUSE_RHYTHMS))
@pytest.mark.parametrize(
    ("started", "ended", "gap"),
    [
        # paused on day 20, resumed on day 50: through the day before
        (20, 50, (20, 49)),
        # resumed the day it began: that one day
        (20, 20, (20, 20)),
        # still paused at the period's end
        (20, None, (20, 84)),
        # ends after the period: up to its end
        (20, 90, (20, 84)),
    ],
)
def test_a_stored_pause_is_one_gap_and_nothing_inside_it_is_missed(
    rhythm: str, started: int, ended: int | None, gap: tuple[int, int]
) -> None:
    """The check-ins open when the pause began expired unanswered: they are part of it."""
    last = days(ended)[0] if ended is not None else END
    pause = PauseSpan(days(started)[0], days(ended)[0] if ended is not None else None)
    rows = [
        CheckinRow(day, EXPIRED, False)
        if pause.started <= day < last
        else CheckinRow(day, DONE, True)
        for day in PAUSE_RHYTHMS[rhythm]
    ]
    assert gaps_of(rows, [], END, [pause]) == [Gap(GapKind.PAUSED, *days(*gap))]


def test_a_cancelled_checkin_before_a_stored_pause_is_not_a_second_pause() -> None:
    """A check-in asked for later, cancelled by the pause: the stored pause names it."""
    rows = [CheckinRow(days(1)[0], CANCELLED, False), CheckinRow(days(29)[0], DONE, True)]
    pause = PauseSpan(days(2)[0], days(29)[0])
    assert gaps_of(rows, [], END, [pause]) == [Gap(GapKind.PAUSED, *days(2, 28))]


@pytest.mark.parametrize(
    ("value", "low"), [(None, False), (1, True), (2, True), (3, False), (4, False), (5, False)]
)
def test_an_answer_about_therapy_is_low_at_disagree_or_below(value: int | None, low: bool) -> None:
    assert is_low(value) is low


def record(day: int, *answers: int | None) -> CheckinRecord:
    alliance = {f"statement {n}": value for n, value in enumerate(answers)}
    given = [v for v in answers if v is not None]
    return CheckinRecord(days(day)[0], 5, alliance, sum(given) / len(given), None)


@pytest.mark.parametrize(
    ("records", "dip_day"),
    [
        ([record(1, 4, 4, 4), record(8, 4, 4, 4)], None),  # all equal: nothing singled out
        ([record(1, 5, 5, 5), record(8, 3, 3, 3)], None),  # a fall, but nothing low
        ([record(1, 4, 2, 4), record(8, 4, 4, 4)], 1),
        ([record(1, 4, 2, 4), record(8, 1, 4, None)], 8),  # the lowest
        ([record(1, 2, 4, 4), record(8, 4, 2, 4)], 8),  # of equals, the latest
        ([record(1, 4, None, None)], None),  # skips are not low; they are counted
    ],
)
def test_the_dip_is_the_checkin_with_the_lowest_low_answer(
    records: list[CheckinRecord], dip_day: int | None
) -> None:
    found = dip(records)
    assert (found.day if found else None) == (days(dip_day)[0] if dip_day else None)


def test_with_every_answer_at_4_no_answer_is_singled_out() -> None:
    data = SummaryData(START, END, [record(1, 4, 4, 4), record(8, 4, 4, 4)])
    text = render_summary(words(ENGLISH), data, {Section.ALLIANCE})
    assert "How therapy feels: 4.0 → 4.0\n" in text + "\n"
    assert "dip" not in text and "lowest" not in text and "<b>" not in text.split("by week")[1]
