"""Living with Between week after week: reminders, later, skip, pause, stop, changes, limits."""

from datetime import UTC, datetime, timedelta

import pytest

from botapi import TelegramTestClient
from storage.models import Answer, CheckIn, Client, ConsentRecord
from tests.conftest import CRISIS, onboard
from tests.harness import BotHarness

SLOT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 09:00 in London


def checkin_messages(client: TelegramTestClient) -> list[str]:
    return [text for text in client.texts() if "Check-in ·" in text]


async def at_slot(bot: BotHarness, client: TelegramTestClient) -> None:
    await onboard(client)
    bot.clock.set(SLOT)
    assert await bot.tick() == 1


async def test_one_gentle_reminder_then_the_checkin_closes_keeping_answers(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    first = alex.last_message
    await alex.press("Yes")
    await alex.press("5")
    bot.clock.set(SLOT + timedelta(hours=19, minutes=59))
    await bot.tick()
    assert "reminder" not in alex.last_text
    bot.clock.set(SLOT + timedelta(hours=20))  # 05:00 in London: it waits for the morning
    await bot.tick()
    assert "reminder" not in alex.last_text
    bot.clock.set(SLOT + timedelta(hours=23))
    await bot.tick()
    assert "gentle reminder" in alex.last_text
    assert "3 of 9" in alex.last_text, "the reminder brings back the same question"
    reminder = alex.last_message
    bot.clock.set(SLOT + timedelta(hours=30))
    await bot.tick()
    assert alex.last_message == reminder, "no second reminder"
    bot.clock.set(SLOT + timedelta(hours=48))
    await bot.tick()
    [checkin] = await bot.rows(CheckIn)
    assert checkin.status == "expired"
    answers = sorted(await bot.rows(Answer), key=lambda a: a.position)
    assert [(a.item_key, a.value) for a in answers] == [("session", 1), ("mood", 5)]
    assert "has closed" in alex.last_text
    assert first is not None and first.message_id != reminder.message_id  # type: ignore[union-attr]


async def test_later_brings_the_checkin_back_after_the_chosen_time(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    await alex.press("Later")
    assert "When would suit you" in alex.last_text
    await alex.press("Back")
    assert "1 of 9" in alex.last_text
    await alex.press("Later")
    await alex.press("In 3 hours")
    assert "bring this check-in back on Monday 30 November at 12:00" in alex.last_text
    bot.clock.advance(hours=2, minutes=59)
    assert await bot.tick() == 0
    bot.clock.advance(minutes=1)
    assert await bot.tick() == 1
    assert "1 of 9" in alex.last_text
    await alex.press("Yes")
    await alex.press("7")
    assert await bot.count(CheckIn) == 1
    assert await bot.count(Answer) == 2


@pytest.mark.parametrize(("label", "hours"), [("In 1 hour", 1), ("Tomorrow", 24)])
async def test_each_later_option(
    bot: BotHarness, alex: TelegramTestClient, label: str, hours: int
) -> None:
    await at_slot(bot, alex)
    await alex.press("Later")
    await alex.press(label)
    bot.clock.advance(hours=hours)
    assert await bot.tick() == 1


async def test_skip_this_week_closes_it_and_next_week_comes_as_usual(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    await alex.press("Skip this week")
    assert "no check-in this week" in alex.last_text
    assert "Monday 7 December" in alex.last_text
    [checkin] = await bot.rows(CheckIn)
    assert checkin.status == "skipped"
    bot.clock.set(SLOT + timedelta(hours=30))
    await bot.tick()
    assert "reminder" not in alex.last_text
    bot.clock.set(SLOT + timedelta(weeks=1))
    assert await bot.tick() == 1


@pytest.mark.parametrize(
    ("label", "resumes"),
    [
        ("1 week", datetime(2026, 12, 2, 12, 0, tzinfo=UTC)),
        ("2 weeks", datetime(2026, 12, 9, 12, 0, tzinfo=UTC)),
        ("1 month", datetime(2026, 12, 25, 12, 0, tzinfo=UTC)),
    ],
)
async def test_a_pause_sends_nothing_then_welcomes_back_once(
    bot: BotHarness, alex: TelegramTestClient, label: str, resumes: datetime
) -> None:
    await onboard(alex)
    await alex.send("/pause")
    await alex.press(label)
    assert "break until" in alex.last_text
    sent_before = len(alex.bot_messages())
    moment = bot.clock.now()
    while moment < resumes - timedelta(hours=1):
        moment += timedelta(hours=6)
        bot.clock.set(min(moment, resumes - timedelta(seconds=1)))
        await bot.tick()
    assert len(alex.bot_messages()) == sent_before, "nothing at all while paused"
    bot.clock.set(resumes)
    await bot.tick()
    assert alex.last_text.startswith("Welcome back.")
    await bot.tick()
    assert sum(t.startswith("Welcome back") for t in alex.texts()) == 1
    [client] = await bot.rows(Client)
    assert client.status == "active"
    assert client.next_checkin_at is not None and client.next_checkin_at > resumes
    bot.clock.set(client.next_checkin_at)
    assert await bot.tick() == 1


async def test_a_pause_until_resumed_lasts_until_resume(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/pause")
    await alex.press("Until I resume")
    sent_before = len(alex.bot_messages())
    for week in range(1, 10):
        bot.clock.set(SLOT + timedelta(weeks=week))
        await bot.tick()
    assert len(alex.bot_messages()) == sent_before
    await alex.send("/resume")
    assert "Welcome back" in alex.last_text
    assert "Monday 8 February" in alex.last_text
    [client] = await bot.rows(Client)
    assert (client.status, client.paused_until) == ("active", None)
    assert client.next_checkin_at == datetime(2027, 2, 8, 9, 0, tzinfo=UTC)
    await alex.send("/resume")
    assert "nothing to resume" in alex.last_text


async def test_a_paused_client_can_still_ask_for_a_checkin(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/pause")
    await alex.press("2 weeks")
    await alex.send("/checkin")
    assert "1 of 9" in alex.last_text


async def test_stop_sends_nothing_more_and_start_onboards_again_keeping_history(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    await alex.press("Yes")
    await alex.press("4")
    await alex.send("/stop")
    assert "won't send you anything" in alex.last_text
    await alex.press("Keep my answers")
    [client] = await bot.rows(Client)
    assert client.status == "stopped"
    sent_before = len(alex.bot_messages())
    for week in range(1, 4):
        bot.clock.set(SLOT + timedelta(weeks=week))
        await bot.tick()
    assert len(alex.bot_messages()) == sent_before
    await alex.send("/start")
    assert "welcome to Between" in alex.last_text
    await onboard(alex)
    assert await bot.count(Answer) == 2
    assert await bot.count(ConsentRecord) == 2


async def test_stop_then_erase_leaves_nothing(bot: BotHarness, alex: TelegramTestClient) -> None:
    await at_slot(bot, alex)
    await alex.press("Yes")
    await alex.press("4")
    await alex.send("/stop")
    await alex.press("Erase everything")
    assert "Everything is erased" in alex.last_text
    for model in (Client, ConsentRecord, CheckIn, Answer):
        assert await bot.count(model) == 0


async def test_delete_asks_once_then_erases(bot: BotHarness, alex: TelegramTestClient) -> None:
    await onboard(alex)
    await alex.send("/delete")
    assert "cannot be undone" in alex.last_text
    await alex.press("Keep my answers")
    assert await bot.count(Client) == 1
    await alex.send("/delete")
    await alex.press("Erase everything")
    assert await bot.count(Client) == 0
    await alex.send("/delete")
    assert "nothing stored" in alex.last_text


async def test_schedule_change_moves_the_next_checkin_and_keeps_the_open_one(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    checkin_message = alex.last_message
    await alex.press("Yes")
    await alex.press("6")
    await alex.send("/schedule")
    await alex.press("Change time")
    await alex.press("19:00")
    assert "Monday 30 November at 19:00" in alex.last_text
    await alex.send("/settings")
    await alex.press("Change time zone")
    await alex.send("America/New_York")
    assert "Monday 30 November at 19:00" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.next_checkin_at == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert checkin_message is not None
    await alex.press("5", message_id=checkin_message.message_id)
    assert await bot.count(Answer) == 3


async def test_settings_turns_phq4_on_for_the_next_checkin(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    assert "not included" in alex.last_text
    settings_message = alex.last_message
    assert settings_message is not None
    settings_id, messages_before = settings_message.message_id, len(alex.bot_messages())
    await alex.press("Add PHQ-4")
    assert len(alex.bot_messages()) == messages_before, "the toggle sends no new message"
    assert alex.last_message is not None
    assert alex.last_message.message_id == settings_id, "the settings message itself changes"
    assert alex.last_message.edit_count == 1
    assert "Remove PHQ-4" in alex.last_message.button_labels()
    assert "Add PHQ-4" not in alex.last_message.button_labels()
    assert "included in each check-in" in alex.texts()[-1]
    [client] = await bot.rows(Client)
    assert client.phq4_enabled
    await alex.send("/checkin")
    assert "1 of 13" in alex.last_text  # the session question, mood, 6 statements, 4, the note
    await alex.press("Yes")
    await alex.press("5")
    for _ in range(6):
        await alex.press("3")
    assert "Nearly every day" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("Several days")
    phq = [a for a in await bot.rows(Answer) if a.instrument_id == "phq4"]
    assert [(a.item_key, a.value, a.instrument_version) for a in phq] == [("anxious", 1, 1)]


async def test_lowest_mood_shows_the_crisis_text_once_and_carries_on(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    messages_before = len(alex.bot_messages())
    await alex.press("Yes")
    assert CRISIS not in alex.last_text
    await alex.press("0")
    assert alex.last_text.count(CRISIS) == 1
    assert "3 of 9" in alex.last_text
    await alex.press("3")
    assert alex.last_text.count(CRISIS) == 1, "shown once, and it stays on screen"
    assert len(alex.bot_messages()) == messages_before, "the check-in carries on in place"


async def test_a_blocked_bot_marks_the_client_stopped_without_retries(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.api.block(alex.chat_id)
    bot.clock.set(SLOT)
    assert await bot.tick() == 0
    [client] = await bot.rows(Client)
    assert client.status == "stopped"
    calls = len(bot.api.calls)
    bot.clock.set(SLOT + timedelta(weeks=1))
    await bot.tick()
    assert len(bot.api.calls) == calls


async def test_429_waits_retry_after_and_sends_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(SLOT)
    bot.api.fail_next("sendMessage", retry_after=7)
    assert await bot.tick() == 1
    assert bot.clock.slept == [7]
    assert len(checkin_messages(alex)) == 1


async def test_a_network_failure_is_retried_on_a_later_tick_exactly_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(SLOT)
    bot.api.drop_next("sendMessage")
    assert await bot.tick() == 0
    assert await bot.tick() == 0, "not hammered on the next tick"
    bot.clock.advance(minutes=2)
    assert await bot.tick() == 1
    assert await bot.tick() == 0
    assert len(checkin_messages(alex)) == 1


async def test_a_long_note_is_kept_up_to_the_limit_and_the_client_is_told(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await at_slot(bot, alex)
    await alex.press("Yes")
    for _ in range(7):  # mood and the six statements
        await alex.press("Skip")
    await alex.send("ש" * 2500)
    assert "kept the first 2,000" in alex.last_text
    [note] = [a for a in await bot.rows(Answer) if a.note]
    assert bot.runtime.cipher.open(note.note) == "ש" * 2000


async def test_a_pause_that_ends_at_night_ends_without_a_message(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))  # London is on UTC
    await alex.send("/pause")
    await alex.press("1 week")
    shown = len(alex.bot_messages())
    bot.clock.advance(weeks=1)
    await bot.tick()
    [client] = await bot.rows(Client)
    assert client.status == "active", "the pause is over"
    assert len(alex.bot_messages()) == shown, "but nothing is said at 23:30"
