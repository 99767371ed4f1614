"""The private alliance nudge: its rules as a table (whether it comes, and why), and what
the client reads."""

from datetime import UTC, datetime, timedelta

import pytest

from botapi import TelegramTestClient
from domain.nudge import Declined, NudgeReason, NudgeState, alliance_nudge
from storage.models import Client
from tests.conftest import onboard
from tests.harness import BotHarness
from tests.test_summary import FIRST_SLOT, answer_checkin, weekly_checkins

NOW = datetime(2026, 3, 1, 19, 0, tzinfo=UTC)
FREE = NudgeState(NOW, None, line_queued=False)
S = None  # a statement left out
LOW, DROP, SKIPPED = NudgeReason.LOW, NudgeReason.DROP, NudgeReason.SKIPPED


@pytest.mark.parametrize(
    ("current", "history", "expected"),
    [
        # A statement at "disagree" or lower, with or without a usual.
        ([5, 5, 2, 5, 5], [[5] * 5], LOW),
        ([1], [], LOW),
        ([2, 2, 2, 2, 2], [[2] * 5] * 4, LOW),  # always low is not ignored for never dropping
        ([4, 4, 4, S, 2], [[4] * 5] * 4, LOW),  # a low answer says more than the skip
        # In the middle is no alarm, first time or every time.
        ([3, 3, 3, 3, 3], [], None),
        ([3, 3, 3, 3, 3], [[3] * 5] * 4, None),
        ([3, 3, 3, 4, 5], [], None),
        ([5, 5, 3, 5, 5], [[5] * 5] * 4, None),
        # Agree after strongly agree is no alarm; a real drop below "agree" is.
        ([4, 4, 4, 4, 4], [[5] * 5] * 4, None),
        ([4, 4, 4, 4, 3], [[5] * 5] * 4, DROP),  # 3.8, 1.2 below the usual 5.0
        ([4, 4, 4, 4, 4], [[4] * 5] * 4, None),  # steady
        ([3, 3, 4, 4, 4], [[4] * 5] * 4, None),  # 3.6, 0.4 below
        # At least 0.8 below the median of the last four check-ins with answers.
        ([4, 4, 3, 4, 4], [[5, 5, 5, 4, 4], [5, 5, 4, 4, 4]] * 2, None),  # 3.8, 0.7 below 4.5
        ([4, 4, 3, 4, 4], [[5, 5, 5, 4, 4]] * 4, DROP),  # 3.8, exactly 0.8 below 4.6
        ([3, 4, 4, 4, 4], [[5, 5, 5, 5, 4]] * 3 + [[5, 4, 4, 4, 4]], DROP),  # 3.8 vs 4.8
        ([3, 4, 4, 4, 4], [[5, 5, 5, 5, 4]] * 2 + [[4, 4, 4, 4, 4]] * 2, None),  # vs 4.4
        ([3, 4, 4, 4, 4], [[5] * 5] * 10 + [[4] * 5] * 4, None),  # the last four, not all
        ([3, 4, 4, 4, 4], [[5, 5, 5, S, S], [S] * 5, [5, 5, 5, 4, 4], [5] * 5, [5] * 5], DROP),
        # No usual without two earlier check-ins with answers: never "lower than usual".
        ([3, 3, 3, 3, 3], [[5] * 5], None),
        ([3, 3, 3, 3, 3], [[5] * 5, [S] * 5], None),
        ([3, 3, 3, 3, 3], [[5] * 5] * 2, DROP),
        # Two statements left out after a history of answering them.
        ([4, 4, 4, S, S], [[4, 4, 4, 3, 3], [4, 4, 4, 4, 4]], SKIPPED),
        ([5, 5, 5, S, S], [[5] * 5] * 4, SKIPPED),
        ([S] * 5, [[4] * 5] * 3, SKIPPED),
        ([4, 4, 4, 4, S], [[4] * 5] * 4, None),  # one skip is no alarm
        ([4, 4, 4, S, S], [[4, 4, 4, S, S]] * 4, None),  # never answered them
        ([4, 4, 4, S, S], [[4] * 5], None),  # one check-in is not yet a history
        ([S] * 5, [], None),  # nothing answered, nothing to go on
        ([], [[5] * 5], None),  # not asked
    ],
)
def test_the_nudge_comes_for_its_reason_alone(
    current: list[int | None], history: list[list[int | None]], expected: NudgeReason | None
) -> None:
    assert alliance_nudge(current, history, FREE) is expected


def test_a_client_who_always_answers_in_the_middle_is_never_nudged() -> None:
    history: list[list[int | None]] = []
    for week in range(52):
        state = NudgeState(NOW + timedelta(weeks=week), None, line_queued=False)
        assert alliance_nudge([3] * 6, history, state) is None
        history.append([3] * 6)


@pytest.mark.parametrize(
    ("last_nudged", "line_queued", "expected"),
    [
        (None, False, LOW),
        (NOW - timedelta(weeks=1), False, None),
        (NOW - timedelta(days=20, hours=23), False, None),  # never twice in three weeks
        (NOW - timedelta(weeks=3), False, LOW),
        (NOW - timedelta(weeks=10), False, LOW),
        (None, True, None),  # the line is already waiting in the next summary
        (NOW - timedelta(weeks=10), True, None),
    ],
)
def test_the_nudge_comes_at_most_once_in_three_weeks_and_never_while_queued(
    last_nudged: datetime | None, line_queued: bool, expected: NudgeReason | None
) -> None:
    state = NudgeState(NOW, last_nudged, line_queued)
    assert alliance_nudge([5, 5, 2, 5, 5], [[5] * 5] * 4, state) is expected


LONG_AGO = NOW - timedelta(weeks=10)


@pytest.mark.parametrize(
    ("declined_for", "current", "expected"),
    [
        (2.0, [2] * 5, None),  # the same answers again: quiet
        (2.0, [2, 2, 2, 2, 3], None),  # a little better: quiet
        (2.0, [2, 2, 2, 1, 2], None),  # 1.8: not half a point worse
        (2.0, [2, 2, 1, 1, 1], LOW),  # 1.4: worse, so it speaks again
        (4.4, [5, 5, 2, 5, 5], None),  # one low answer, the average no worse
        (4.4, [4, 4, 2, 3, 5], LOW),  # 3.6
        (3.6, [3, 3, 3, 2, 3], LOW),  # 2.8
        (3.6, [3, 3, 3, 3, 3], DROP),  # 3.0 below the usual 5, and worse than declined
        (3.6, [4, 4, 4, S, S], None),  # leaving statements out never brings it back
        (None, [S] * 5, None),  # declined for skips, skipping again
        (None, [5, 5, 2, 5, 5], LOW),  # declined for skips: a low answer is new
    ],
)
def test_after_no_thanks_the_nudge_stays_quiet_unless_things_get_worse(
    declined_for: float | None, current: list[int | None], expected: NudgeReason | None
) -> None:
    state = NudgeState(NOW, LONG_AGO, line_queued=False, declined=Declined(declined_for))
    assert alliance_nudge(current, [[5] * 5] * 4, state) is expected


NUDGE_ASKS = "Would you like me to add a line about it to your next summary?"


def nudged(client: TelegramTestClient, since: int) -> list[str]:
    return [text for text in client.texts()[since:] if NUDGE_ASKS in text]


async def test_a_low_answer_is_named_and_no_thanks_keeps_it_quiet_until_worse(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(FIRST_SLOT)
    await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[5, 5, 2, 5, 5, 5], note=None)
    [first] = nudged(alex, 0)
    assert "isn't feeling right" in first
    assert "usual" not in first, "a first check-in has no usual"
    await alex.press("No, thanks")
    [client] = await bot.rows(Client)
    assert client.nudge_declined_at == bot.clock.now()
    for week, alliance in ((4, [5, 5, 2, 5, 5, 5]), (8, [5, 4, 2, 5, 5, 4])):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
        before = len(alex.texts())
        await answer_checkin(alex, mood=6, alliance=alliance, note=None)
        assert nudged(alex, before) == [], f"week {week}: no worse than when declined"
    bot.clock.set(FIRST_SLOT + timedelta(weeks=12))
    await bot.tick()
    before = len(alex.texts())
    await answer_checkin(alex, mood=6, alliance=[3, 3, 2, 3, 3, 3], note=None)
    assert len(nudged(alex, before)) == 1, "2.8 after 4.5: worse, so it speaks again"


async def test_always_in_the_middle_brings_no_nudge(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 7, alliance=3, note=None)
    assert nudged(alex, 0) == []
