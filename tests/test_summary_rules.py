"""Pure rules behind the summary: period arithmetic, the nudge, condensing."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.language import ENGLISH, words
from domain.nudge import NudgeState, alliance_nudge
from domain.summary import (
    CheckinRecord,
    Period,
    Section,
    SummaryData,
    period_bounds,
    render_summary,
)

EN = words(ENGLISH)

LONDON = ZoneInfo("Europe/London")


def test_four_weeks_start_at_local_midnight_across_spring_forward() -> None:
    as_of = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
    start, end = period_bounds(Period.FOUR_WEEKS, as_of, LONDON, None)
    assert start == datetime(2026, 3, 14, 0, 0, tzinfo=UTC)  # GMT midnight, before the change
    assert start.astimezone(LONDON).hour == 0
    assert end == as_of


def test_twelve_weeks_across_fall_back_in_new_york() -> None:
    zone = ZoneInfo("America/New_York")
    as_of = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    start, _ = period_bounds(Period.TWELVE_WEEKS, as_of, zone, None)
    local = start.astimezone(zone)
    assert (local.date(), local.hour, local.utcoffset().total_seconds()) == (  # type: ignore[union-attr]
        date(2026, 8, 29),
        0,
        -4 * 3600,
    )


def test_kathmandu_periods_start_at_its_own_midnight() -> None:
    zone = ZoneInfo("Asia/Kathmandu")
    start, _ = period_bounds(Period.FOUR_WEEKS, datetime(2027, 1, 3, 0, 0, tzinfo=UTC), zone, None)
    assert start == datetime(2026, 12, 6, 18, 15, tzinfo=UTC)


def test_since_last_summary_starts_at_the_last_one() -> None:
    last = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    as_of = datetime(2026, 11, 20, tzinfo=UTC)
    assert period_bounds(Period.SINCE_LAST, as_of, LONDON, last) == (last, as_of)
    with pytest.raises(ValueError):
        period_bounds(Period.SINCE_LAST, as_of, LONDON, None)


NOW = datetime(2026, 3, 1, 19, 0, tzinfo=UTC)
FREE = NudgeState(NOW, None, line_queued=False)
S = None  # a skipped statement


@pytest.mark.parametrize(
    ("current", "history", "expected"),
    [
        # Agree after strongly agree is no alarm; a real drop below "agree" is.
        ([4, 4, 4, 4, 4], [[5] * 5] * 4, False),
        ([4, 4, 4, 4, 3], [[5] * 5] * 4, True),  # 3.8, 1.2 below the median 5.0
        ([4, 4, 4, 4, 4], [[4] * 5] * 4, False),  # steady
        # A single statement at 2 or lower.
        ([5, 5, 2, 5, 5], [[5] * 5], True),
        ([1], [], True),
        ([5, 5, 3, 5, 5], [[5] * 5] * 4, False),  # 4.6: one "neither" is no alarm
        # An average of 3 or lower, even for a client who has never answered higher.
        ([3, 3, 3, 3, 3], [], True),
        ([3, 3, 3, 3, 3], [[3] * 5] * 4, True),
        ([4, 3, 3, 3, 2], [], True),
        # Three statements at 3: 3.4 is only 0.65 below the median 4.05, still a nudge.
        (
            [3, 3, 3, 4, 5],
            [[4, 4, 4, 4, 4], [4, 4, 4, 4, 4], [4, 4, 4, 4, 5], [4, 4, 4, 5, 4]],
            True,
        ),
        ([3, 3, 4, 4, 4], [[4] * 5] * 4, False),  # 3.6, 0.4 below: two 3s are no alarm
        # At least 0.8 below the median of the last four check-ins with answers.
        ([4, 4, 3, 4, 4], [[5, 5, 5, 4, 4], [5, 5, 4, 4, 4]] * 2, False),  # 3.8, 0.7 below 4.5
        ([4, 4, 3, 4, 4], [[5, 5, 5, 4, 4]] * 4, True),  # 3.8, exactly 0.8 below 4.6
        ([3, 4, 4, 4, 4], [[5, 5, 5, 5, 4]] * 3 + [[5, 4, 4, 4, 4]], True),  # 3.8 vs 4.8
        ([3, 4, 4, 4, 4], [[5, 5, 5, 5, 4]] * 2 + [[4, 4, 4, 4, 4]] * 2, False),  # vs 4.4
        # The baseline is the last four, not all history: older high answers do not count.
        ([3, 4, 4, 4, 4], [[5] * 5] * 10 + [[4] * 5] * 4, False),
        # The baseline ignores skipped statements and weeks where all were skipped.
        ([3, 4, 4, 4, 4], [[5, 5, 5, S, S], [S] * 5, [5, 5, 5, 4, 4], [5] * 5, [5] * 5], True),
        # Two statements skipped after a history of answering them, whatever the rest.
        ([4, 4, 4, S, S], [[4, 4, 4, 3, 2], [4, 4, 4, 4, 4]], True),
        ([5, 5, 5, S, S], [[5] * 5] * 4, True),
        ([S] * 5, [[4] * 5] * 3, True),
        ([4, 4, 4, 4, S], [[4] * 5] * 4, False),  # one skip is no alarm
        ([4, 4, 4, S, S], [[4, 4, 4, S, S]] * 4, False),  # never answered them
        ([4, 4, 4, S, S], [[4] * 5], False),  # one check-in is not yet a history
        ([S] * 5, [], False),  # nothing answered, nothing to go on
        ([], [[5] * 5], False),  # not asked
    ],
)
def test_the_nudge_fires_exactly_on_the_rule(
    current: list[int | None], history: list[list[int | None]], expected: bool
) -> None:
    assert alliance_nudge(current, history, FREE) is expected


@pytest.mark.parametrize(
    ("last_nudged", "line_queued", "expected"),
    [
        (None, False, True),
        (NOW - timedelta(weeks=1), False, False),
        (NOW - timedelta(days=20, hours=23), False, False),  # never twice in three weeks
        (NOW - timedelta(weeks=3), False, True),
        (NOW - timedelta(weeks=10), False, True),
        (None, True, False),  # the line is already waiting in the next summary
        (NOW - timedelta(weeks=10), True, False),
    ],
)
def test_the_nudge_comes_at_most_once_in_three_weeks_and_never_while_queued(
    last_nudged: datetime | None, line_queued: bool, expected: bool
) -> None:
    state = NudgeState(NOW, last_nudged, line_queued)
    assert alliance_nudge([5, 5, 2, 5, 5], [[5] * 5] * 4, state) is expected


def record(day: int, note: str | None = None) -> CheckinRecord:
    return CheckinRecord(
        day=date(2026, 1, 1).replace(day=day),
        mood=5,
        alliance={"felt heard": 4},
        alliance_average=4.0,
        note=note,
    )


def test_empty_sections_render_no_headings() -> None:
    data = SummaryData(date(2026, 1, 1), date(2026, 1, 28), [record(5)])
    text = render_summary(EN, data, {Section.MOOD})
    assert "Mood: 5 (one check-in)" in text
    assert "Mon 5 Jan: mood 5" in text
    assert "therapy" not in text.lower() and "bring up" not in text


def test_notes_are_escaped_for_telegram_html() -> None:
    data = SummaryData(date(2026, 1, 1), date(2026, 1, 28), [record(5, "<b>me</b> & you")])
    assert "&lt;b&gt;me&lt;/b&gt; &amp; you" in render_summary(EN, data, {Section.NOTES})
