"""The walking skeleton end to end: consent, schedule, a scheduled check-in, every answer."""

from datetime import UTC, datetime

import pytest

from botapi import TelegramTestClient
from domain import consent
from storage.models import Answer, CheckIn, Client, ConsentRecord
from tests.conftest import CRISIS, onboard
from tests.harness import BotHarness

MONDAY_0900_LONDON = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
STATEMENTS = ["heard", "accepted", "genuine", "safe", "goals", "approach"]


async def test_whole_journey_from_start_to_stored_answers(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    welcome = alex.last_text
    assert "not monitored" in welcome
    assert CRISIS in welcome
    assert "nobody reads your answers" in welcome.lower()

    await alex.press("I agree")
    assert "time zone" in alex.last_text
    await alex.press("Europe/London")
    assert "How often are your therapy sessions?" in alex.last_text
    await alex.press("I'd rather just pick a check-in time")
    await alex.press("Mon")
    await alex.press("09:00")
    assert "Monday 30 November at 09:00" in alex.last_text

    [record] = await bot.rows(ConsentRecord)
    assert record.version == consent.CONSENT_VERSION
    assert record.agreed_at == bot.clock.now()

    bot.clock.set(MONDAY_0900_LONDON)
    assert await bot.tick() == 1
    checkin_message = alex.last_message
    assert checkin_message is not None
    assert "1 of 9" in alex.last_text
    assert "Have you had a session since your last check-in?" in alex.last_text

    await alex.press("Yes")
    assert "2 of 9" in alex.last_text
    assert "mood" in alex.last_text
    await alex.press("7")
    for _ in STATEMENTS:
        assert "Thinking about your last session:" in alex.last_text
        await alex.press("4")
    assert alex.last_message is not None
    assert alex.last_message.message_id == checkin_message.message_id, "edited in place"
    assert "Anything you'd like to bring" in alex.last_text
    await alex.send("Talk about the weekend")
    assert "Monday 7 December at 09:00" in alex.texts()[-2]
    assert "note is saved" in alex.last_text

    answers = sorted(await bot.rows(Answer), key=lambda a: a.position)
    assert [a.item_key for a in answers] == ["session", "mood", *STATEMENTS, "note"]
    assert [a.value for a in answers] == [1, 7, 4, 4, 4, 4, 4, 4, None]
    assert {(a.instrument_id, a.instrument_version) for a in answers} == {("weekly", 3)}
    assert b"weekend" not in (answers[-1].note or b"")
    assert bot.runtime.cipher.open(answers[-1].note or b"") == "Talk about the weekend"
    [checkin] = await bot.rows(CheckIn)
    assert checkin.status == "done"
    assert checkin.had_session is True


async def test_each_answer_is_stored_the_moment_it_is_tapped(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("Yes")
    assert await bot.count(Answer) == 1
    await alex.press("3")
    assert await bot.count(Answer) == 2
    await alex.press("Skip")
    [session, mood, skipped] = sorted(await bot.rows(Answer), key=lambda a: a.position)
    assert (session.item_key, session.value) == ("session", 1)
    assert (mood.value, mood.skipped) == (3, False)
    assert (skipped.value, skipped.skipped) == (None, True)


async def test_declining_consent_stores_only_the_telegram_id(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await alex.press("Not now")
    assert "/start" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.telegram_id == alex.chat_id
    assert client.status == "declined"
    assert (client.timezone, client.weekday, client.local_time) == (None, None, None)
    assert await bot.count(ConsentRecord) == 0
    assert await bot.count(CheckIn) == 0


async def test_start_alone_stores_nothing(bot: BotHarness, alex: TelegramTestClient) -> None:
    await alex.send("/start")
    assert await bot.count(Client) == 0


async def test_a_client_who_declined_can_come_back(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await alex.press("Not now")
    await onboard(alex)
    assert "You're all set" in alex.last_text
    assert await bot.count(ConsentRecord) == 1


async def test_a_scheduled_checkin_is_sent_once_across_ticks_and_restarts(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(MONDAY_0900_LONDON)
    assert await bot.tick() == 1
    assert await bot.tick() == 0
    await bot.restart()
    assert await bot.tick() == 0
    assert sum("1 of 9" in text for text in alex.texts()) == 1
    [client] = await bot.rows(Client)
    assert client.next_checkin_at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def test_a_slot_missed_while_the_bot_was_down_is_sent_once_late(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await bot.stop()
    bot.clock.set(datetime(2026, 12, 15, 10, 0, tzinfo=UTC))  # two slots later
    await bot.start()
    assert await bot.tick() == 1
    assert await bot.tick() == 0
    [client] = await bot.rows(Client)
    assert client.next_checkin_at == datetime(2026, 12, 21, 9, 0, tzinfo=UTC)


async def test_nothing_is_sent_before_the_slot(bot: BotHarness, alex: TelegramTestClient) -> None:
    await onboard(alex)
    bot.clock.set(datetime(2026, 11, 30, 8, 59, 59, tzinfo=UTC))
    assert await bot.tick() == 0


async def test_answers_survive_a_restart_and_the_client_continues(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(MONDAY_0900_LONDON)
    await bot.tick()
    await alex.press("Yes")
    await alex.press("6")
    await alex.press("5")
    await bot.restart()
    assert "4 of 9" in alex.last_text
    await alex.press("2")
    answers = sorted(await bot.rows(Answer), key=lambda a: a.position)
    assert [a.value for a in answers] == [1, 6, 5, 2]
    assert "5 of 9" in alex.last_text


async def test_checkin_command_brings_back_the_open_checkin(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    first = alex.last_message
    await alex.press("Yes")
    await alex.press("6")
    await alex.send("/checkin")
    assert "3 of 9" in alex.last_text
    assert await bot.count(CheckIn) == 1
    assert first is not None
    answer = await alex.press_data(f"a:{(await bot.rows(CheckIn))[0].id}:2:3", first.message_id)
    assert answer is not None and "newer message" in answer["text"]
    await alex.press("3")
    assert await bot.count(Answer) == 3


async def test_a_new_consent_text_is_asked_again_before_any_more_checkins(
    bot: BotHarness, alex: TelegramTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("Yes")
    await alex.press("6")
    monkeypatch.setattr(consent, "CONSENT_VERSION", consent.CONSENT_VERSION + 1)
    bot.clock.set(MONDAY_0900_LONDON)
    assert await bot.tick() == 0, "nothing is sent before the new text is agreed to"
    await alex.send("/checkin")
    assert "has changed" in alex.last_text and "welcome to Between" in alex.last_text
    await alex.send("hello")
    assert "has changed" in alex.last_text
    await alex.press("I agree")
    assert "Your next check-in" in alex.last_text
    current = consent.CONSENT_VERSION
    assert [r.version for r in await bot.rows(ConsentRecord)] == [current - 1, current]
    assert await bot.tick() == 1, "the slot that waited is sent once"
    assert await bot.count(Answer) == 2, "answers and settings are all still there"


async def test_saying_no_to_a_new_consent_text_stops_messages_and_keeps_the_data(
    bot: BotHarness, alex: TelegramTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(alex)
    monkeypatch.setattr(consent, "CONSENT_VERSION", consent.CONSENT_VERSION + 1)
    await alex.send("/start")
    await alex.press("Not now")
    assert "won't send you anything" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.status == "stopped"
    bot.clock.set(MONDAY_0900_LONDON)
    assert await bot.tick() == 0
