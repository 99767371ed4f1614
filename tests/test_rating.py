"""The rating right after each session: "How was today's session?" a set time after it
starts, the six statements and a line for the therapist; one tap to skip; the check-in
before the next session asks the statements only when the rating did not."""

from datetime import UTC, datetime, timedelta

from bot.checkin.buttons import CheckinAction, CheckinMove
from botapi import TelegramTestClient
from domain.states import CheckinKind, CheckinStatus
from storage.models import Answer, CheckIn
from tests.conftest import STATEMENTS, answer_checkin
from tests.harness import BotHarness
from tests.test_ending import end_therapy
from tests.test_sessions_flow import THURSDAY_1000, WEDNESDAY_1900, weekly_thursdays

RATED_AT = THURSDAY_1000 + timedelta(minutes=50 + 60)  # session length + delay, the defaults
NEXT_CHECKIN = WEDNESDAY_1900 + timedelta(weeks=1)
HOW_WAS_TODAY = "How was today's session?"
FOR_THE_THERAPIST = "Anything you'd like your therapist to know about this session?"
SESSION_QUESTION = "Have you had a session since your last check-in?"
TASK_OFFER = "Did you agree on something to try before next time?"


async def checked_in_before_thursday(bot: BotHarness, alex: TelegramTestClient) -> None:
    """Alex has weekly Thursday 10:00 sessions and answered Wednesday's check-in."""
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    assert await bot.tick() == 1
    await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)


async def rate(alex: TelegramTestClient, value: int, note: str | None) -> None:
    for _ in range(STATEMENTS):
        await alex.press(str(value))
    assert FOR_THE_THERAPIST in alex.last_text
    if note is None:
        await alex.press("Skip")
    else:
        await alex.send(note)


async def test_the_rating_comes_at_1150_after_a_1000_session_and_the_next_checkin_skips_it(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(RATED_AT - timedelta(minutes=1))
    assert await bot.tick() == 0
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 1
    assert HOW_WAS_TODAY in alex.last_text
    assert "After your session · 1 of 7" in alex.last_text
    assert "My therapist understood what I was trying to say." in alex.last_text
    assert alex.last_message is not None
    assert "Later" not in alex.last_message.button_labels()
    await rate(alex, 5, "I felt rushed at the end")
    assert TASK_OFFER in alex.last_text
    assert any("Your therapist sees them only in a summary" in t for t in alex.texts())

    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    assert rating.session_at == THURSDAY_1000 and rating.status == CheckinStatus.DONE
    given = await bot.rows(Answer, checkin_id=rating.id)
    assert sorted(a.item_key for a in given if a.value == 5) == sorted(
        ["heard", "accepted", "genuine", "safe", "goals", "approach"]
    ), "the check-in's own keys, so history stays comparable"
    assert [a.item_key for a in given if a.note] == ["today"]

    bot.clock.set(NEXT_CHECKIN)
    assert await bot.tick() == 1
    assert "How has your mood been this week" in alex.last_text
    assert SESSION_QUESTION not in alex.last_text
    await alex.press("6")
    assert "What would you most like to talk about next time?" in alex.last_text, (
        "no statements: the session was rated"
    )


async def test_a_rating_left_unanswered_is_asked_by_the_next_checkin(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(RATED_AT)
    await bot.tick()
    bot.clock.set(NEXT_CHECKIN)
    assert await bot.tick() == 1
    assert SESSION_QUESTION in alex.last_text
    await alex.press("Yes")
    await alex.press("6")
    assert "Thinking about your last session:" in alex.last_text
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING, session_at=THURSDAY_1000)
    assert rating.status == CheckinStatus.EXPIRED, "the new check-in closed it"


async def test_one_tap_skips_the_rating_twice_safely_and_the_statements_wait_for_next_time(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(RATED_AT)
    await bot.tick()
    assert alex.last_message is not None
    rating_message = alex.last_message.message_id
    await alex.press("Skip this time")
    assert "The check-in before your next session will ask about it instead." in alex.last_text
    messages = len(alex.bot_messages())
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    again = CheckinAction(rating.id, CheckinMove.SKIP_WEEK).encode()
    answer = await alex.press_data(again, rating_message)
    assert answer is not None and "closed" in answer.get("text", "")
    assert len(alex.bot_messages()) == messages, "a second tap sends nothing"
    bot.clock.set(NEXT_CHECKIN)
    await bot.tick()
    assert SESSION_QUESTION in alex.last_text


async def test_a_cancelled_session_gets_no_rating(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    await alex.send("/session")
    await alex.press("No session this time")
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 0
    assert HOW_WAS_TODAY not in alex.last_text
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    assert rating.status == CheckinStatus.SKIPPED


async def test_a_moved_sessions_rating_follows_it(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    await alex.send("/session")
    await alex.press("Moved to another time")
    await alex.press("Fri 27 Nov")
    await alex.send("14:00")
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 0, "no rating at the old time"
    friday = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    bot.clock.set(friday + timedelta(minutes=110))
    assert await bot.tick() == 1
    assert HOW_WAS_TODAY in alex.last_text
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    assert rating.session_at == friday


async def test_a_late_sessions_rating_waits_for_eight_and_asks_about_yesterday(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/session")
    await alex.press("Moved to another time")
    await alex.press("Thu 26 Nov")
    await alex.send("21:00")
    bot.clock.set(datetime(2026, 11, 26, 19, 0, tzinfo=UTC))  # the check-in, two hours before
    await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)
    for hour in (22, 23):
        bot.clock.set(datetime(2026, 11, 26, hour, 50, tzinfo=UTC))
        assert await bot.tick() == 0, "nothing between 22:00 and 08:00"
    bot.clock.set(datetime(2026, 11, 27, 7, 59, tzinfo=UTC))
    assert await bot.tick() == 0
    bot.clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert "How was yesterday's session?" in alex.last_text


async def test_no_rating_while_paused_or_once_turned_off(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    await alex.send("/settings")
    assert "Shortly after each session I ask how it was." in alex.last_text
    await alex.press("No question after sessions")
    assert "I don't ask after sessions" in alex.last_text
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 0
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    assert rating.status == CheckinStatus.CANCELLED
    bot.clock.set(NEXT_CHECKIN)
    await bot.tick()
    assert await bot.count(CheckIn, kind=CheckinKind.RATING) == 1, "none for the next session"

    await alex.send("/settings")
    await alex.press("Ask me after each session")
    await alex.send("/pause")
    await alex.press("1 week")
    bot.clock.set(RATED_AT + timedelta(weeks=1))
    assert await bot.tick() == 0
    assert HOW_WAS_TODAY not in "".join(alex.texts())


async def test_a_rating_closes_the_checkin_still_open_about_that_session(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("Yes")
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 1
    [checkin] = await bot.rows(CheckIn, kind=CheckinKind.CHECKIN)
    assert checkin.status == CheckinStatus.EXPIRED
    assert HOW_WAS_TODAY in alex.last_text
    [closed] = [m for m in alex.bot_messages() if m.message_id == checkin.message_id]
    assert closed.plain_text.startswith("This check-in has closed.")
    assert closed.button_labels() == [], "no buttons left that would only say it closed"


async def test_an_ending_therapy_has_no_session_left_to_rate(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    await end_therapy(alex)
    bot.clock.set(RATED_AT)
    assert await bot.tick() == 0
    [rating] = await bot.rows(CheckIn, kind=CheckinKind.RATING)
    assert rating.status == CheckinStatus.CANCELLED


async def test_a_rating_caught_by_the_night_waits_for_the_morning(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """The bot was down from before the rating until 23:00: it comes at 08:00, not then."""
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(datetime(2026, 11, 26, 23, 0, tzinfo=UTC))
    assert await bot.tick() == 0
    bot.clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert "How was yesterday's session?" in alex.last_text


async def test_after_the_rating_an_agreed_task_is_asked_next_time_and_summarised(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(RATED_AT)
    await bot.tick()
    await rate(alex, 4, None)
    assert TASK_OFFER in alex.last_text
    await alex.press("Yes")
    await alex.send("Walk after lunch")
    bot.clock.set(NEXT_CHECKIN)
    await bot.tick()
    await alex.press("6")
    assert "Before this session you planned:\n“Walk after lunch”" in alex.last_text
    await alex.press("Partly")
    await alex.press("Skip")  # what got in the way
    await alex.press("Skip")  # the agenda
    await alex.press("Skip")  # the note
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "Agreed on 26 Nov: “Walk after lunch” — partly" in " ".join(alex.last_text.split())
