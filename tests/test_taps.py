"""Every button is safe to tap twice and late, and only in a private chat with a message."""

import asyncio
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import update

from botapi import TelegramTestClient
from storage.models import (
    Answer,
    CheckIn,
    Client,
    ConsentRecord,
    Goal,
    Invite,
    SessionChange,
    SummaryLog,
)
from tests.conftest import NOTE, onboard, weekly_checkins
from tests.harness import BotHarness
from tests.test_sessions_flow import THURSDAY_1000, WEDNESDAY_1900, invite, weekly_thursdays

STALE = "This button is no longer active."
_late_ids = count(1)


def button(client: TelegramTestClient, label: str) -> tuple[str, int]:
    """The data of the newest button labelled `label`, and the message it is on."""
    for message in reversed(client.bot_messages()):
        for text, data in (b for row in message.buttons() for b in row):
            if text == label:
                return data, message.message_id
    raise AssertionError(f"no button {label!r}")


async def tap_twice(client: TelegramTestClient, label: str) -> list[dict[str, Any] | None]:
    """The same button tapped twice on the same message, as a quick double tap does."""
    data, message_id = button(client, label)
    return [await client.press_data(data, message_id) for _ in range(2)]


async def tap_too_late_to_answer(bot: BotHarness, client: TelegramTestClient, label: str) -> None:
    """A tap whose query Telegram no longer lets the bot answer ("query is too old")."""
    data, message_id = button(client, label)
    update = bot.api.make_callback_update(client.chat_id, message_id, data)
    update["callback_query"]["id"] = f"expired-{next(_late_ids)}"
    await bot.deliver(update)


async def summary_preview(bot: BotHarness, client: TelegramTestClient) -> None:
    """Two weeks of check-ins, and the preview of a four-week summary."""
    await onboard(client)
    await weekly_checkins(bot, client, 2)
    await client.send("/summary")
    await client.press("Last 4 weeks")


async def on_two_instances(
    bot: BotHarness, client: TelegramTestClient, label: str
) -> list[dict[str, Any] | None]:
    """A double tap whose two taps reach two bot instances (behind a load balancer) at the
    same moment; the answers to the two taps."""
    data, message_id = button(client, label)
    taps = [bot.api.make_callback_update(client.chat_id, message_id, data) for _ in range(2)]
    await at_once_on_two_instances(bot, taps)
    return [bot.api.callback_answer(tap["callback_query"]["id"]) for tap in taps]


async def at_once_on_two_instances(bot: BotHarness, updates: list[dict[str, Any]]) -> None:
    """Two updates handled at the same moment, one by `bot` and one by a second instance."""
    other = BotHarness(bot.api, bot.settings, bot.clock)
    await other.start()
    try:
        await asyncio.gather(bot.deliver(updates[0]), other.deliver(updates[1]))
        assert not other.errors, other.errors
    finally:
        await other.stop()


def no_error_shown(client: TelegramTestClient) -> bool:
    return not any("went wrong" in text for text in client.texts())


# 1. Destructive confirmations expire


async def test_an_old_erase_after_stop_is_stale_once_set_up_again(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/stop")
    erase, stop_message = button(alex, "Erase everything")
    bot.clock.advance(minutes=2)
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("Yes")
    await alex.press("6")
    answer = await alex.press_data(erase, stop_message)
    assert answer is not None and answer["text"] == STALE
    assert await bot.count(Client) == 1
    assert await bot.count(ConsentRecord) == 2
    assert await bot.count(Answer) == 2
    keep, _ = button(alex, "Keep my answers")
    answer = await alex.press_data(keep, stop_message)
    assert answer is not None and answer["text"] == STALE


async def test_a_delete_confirmation_is_stale_after_agreeing_again(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/delete")
    erase, delete_message = button(alex, "Erase everything")
    await alex.send("/stop")
    await alex.press("Keep my answers")
    bot.clock.advance(minutes=1)
    await onboard(alex)
    answer = await alex.press_data(erase, delete_message)
    assert answer is not None and answer["text"] == STALE
    [client] = await bot.rows(Client)
    assert client.status == "active"


async def test_erase_and_keep_last_ten_minutes(bot: BotHarness, alex: TelegramTestClient) -> None:
    await onboard(alex)
    await alex.send("/stop")
    bot.clock.advance(minutes=10, seconds=1)
    for label in ("Erase everything", "Keep my answers"):
        answer = await alex.press(label)
        assert answer is not None and answer["text"] == STALE
    assert "Would you like me to keep" in alex.last_text, "a stale tap changes nothing"
    await alex.send("/delete")
    bot.clock.advance(minutes=11)
    answer = await alex.press("Erase everything")
    assert answer is not None and answer["text"] == STALE
    assert await bot.count(Client) == 1
    await alex.send("/delete")
    bot.clock.advance(minutes=9, seconds=59)
    await alex.press("Erase everything")
    assert await bot.count(Client) == 0
    assert "Everything is erased" in alex.last_text


async def test_erase_buttons_of_the_old_format_are_stale(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/stop")
    _, message_id = button(alex, "Erase everything")
    for data in ("x:erase", "x:keep"):
        answer = await alex.press_data(data, message_id)
        assert answer is not None and answer["text"] == STALE
    assert await bot.count(Client) == 1


# 2. Answering a button is best-effort


async def test_a_tap_too_old_to_answer_still_does_its_work(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await tap_too_late_to_answer(bot, alex, "I agree")
    assert "time zone" in alex.last_text
    await tap_too_late_to_answer(bot, alex, "Europe/London")
    await tap_too_late_to_answer(bot, alex, "I'd rather just pick a check-in time")
    await tap_too_late_to_answer(bot, alex, "Mon")
    await tap_too_late_to_answer(bot, alex, "09:00")
    [client] = await bot.rows(Client)
    assert client.status == "active"
    await alex.send("/stop")
    await tap_too_late_to_answer(bot, alex, "Keep my answers")
    assert "Your answers are kept" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.status == "stopped"
    assert no_error_shown(alex)
    assert not bot.errors


# 3. "Message is not modified" is success everywhere


async def test_decline_tapped_twice_says_so_once(bot: BotHarness, alex: TelegramTestClient) -> None:
    await alex.send("/start")
    answers = await tap_twice(alex, "Not now")
    assert all(answer is not None for answer in answers)
    assert len(alex.bot_messages()) == 2, "the consent text and one reply"
    assert no_error_shown(alex)
    [client] = await bot.rows(Client)
    assert client.status == "declined"


# 4. Double taps


async def test_agree_tapped_twice_records_consent_once_and_keeps_the_step(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    agree, consent_message = button(alex, "I agree")
    await alex.press_data(agree, consent_message)
    await alex.press_data(agree, consent_message)
    assert len(alex.bot_messages()) == 2, "the consent text and one time-zone question"
    await alex.press("Europe/London")
    shown = len(alex.bot_messages())
    await alex.press_data(agree, consent_message)
    assert len(alex.bot_messages()) == shown
    assert await bot.count(ConsentRecord) == 1
    [client] = await bot.rows(Client)
    assert (client.onboarding_step, client.timezone) == ("rhythm", "Europe/London")
    assert no_error_shown(alex)


async def test_send_tapped_twice_sends_and_logs_the_summary_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await summary_preview(bot, alex)
    await tap_twice(alex, "Send")
    texts = alex.texts()
    assert len([t for t in texts if "Mon 30 Nov" in t and "Preview" not in t]) == 1
    assert len([m for m in alex.bot_messages() if m.kind == "photo"]) == 1
    assert await bot.count(SummaryLog) == 1
    assert no_error_shown(alex)


async def test_send_tapped_twice_with_the_line_about_therapy_sends_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """The first send uses the line up, so the second tap's summary would have other
    sections: it is still the same preview, and goes nowhere."""
    await onboard(alex)
    await weekly_checkins(bot, alex, 2)
    async with bot.runtime.db.begin() as session:
        await session.execute(
            update(Client).values(discuss_alliance=True, discuss_alliance_at=bot.clock.now())
        )
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "how our work together is going" in alex.last_text
    await tap_twice(alex, "Send")
    assert len([m for m in alex.bot_messages() if m.kind == "photo"]) == 1
    assert await bot.count(SummaryLog) == 1
    assert no_error_shown(alex)


async def test_send_tapped_twice_on_two_instances_at_once_sends_the_summary_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await summary_preview(bot, alex)
    answers = await on_two_instances(bot, alex, "Send")
    assert len([m for m in alex.bot_messages() if m.kind == "photo"]) == 1
    assert await bot.count(SummaryLog) == 1
    assert [a and a["text"] for a in answers].count(None) == 1, "one sends, one says so"
    assert no_error_shown(alex)


async def test_agree_on_two_instances_at_once_makes_one_client_and_one_consent(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await on_two_instances(bot, alex, "I agree")
    assert await bot.count(Client) == 1
    assert await bot.count(ConsentRecord) == 1
    assert len([t for t in alex.texts() if "First, your time zone" in t]) == 1
    assert no_error_shown(alex)


async def test_a_set_up_step_on_two_instances_at_once_asks_the_next_step_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await alex.press("I agree")
    await on_two_instances(bot, alex, "Europe/London")
    assert len([t for t in alex.texts() if "How often are your therapy sessions?" in t]) == 1
    assert no_error_shown(alex)


async def test_an_answer_on_two_instances_at_once_is_stored_once_and_the_next_question_shown(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("Yes")
    await on_two_instances(bot, alex, "6")
    assert await bot.count(Answer) == 2
    message = alex.last_message
    assert message is not None and "1" in message.button_labels()
    assert "How has your mood been" not in message.plain_text, "on to the next question"
    assert no_error_shown(alex)


async def test_add_a_goal_on_two_instances_at_once_waits_for_one_goal(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/goals")
    await on_two_instances(bot, alex, "Add a goal")
    assert await bot.count(Goal) == 1
    await alex.send("Sleep through the night")
    await alex.send("Something else entirely")
    assert await bot.count(Goal) == 1, "the second text is no goal"
    assert no_error_shown(alex)


async def test_resume_sent_twice_to_two_instances_at_once_welcomes_back_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/pause")
    await alex.press("1 week")
    resumes = [bot.api.make_message_update(alex.chat_id, "/resume") for _ in range(2)]
    await at_once_on_two_instances(bot, resumes)
    assert len([t for t in alex.texts() if t.startswith("Welcome back")]) == 1
    assert no_error_shown(alex)


async def test_no_session_this_time_on_two_instances_at_once_cancels_it_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/session")
    shown = len(alex.bot_messages())
    await on_two_instances(bot, alex, "No session this time")
    assert len(alex.bot_messages()) == shown, "the message is settled in place"
    assert await bot.count(SessionChange) == 1
    assert no_error_shown(alex)


async def test_a_summary_that_failed_to_send_can_be_sent_again(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await summary_preview(bot, alex)
    data, message_id = button(alex, "Send")
    bot.api.fail_next("sendPhoto", status=500)
    await alex.press_data(data, message_id)
    assert await bot.count(SummaryLog) == 0, "not logged as sent"
    assert [type(e).__name__ for e in bot.errors] == ["NetworkError"]
    bot.errors.clear()
    assert "try again" in alex.last_text
    await alex.press_data(data, message_id)
    assert await bot.count(SummaryLog) == 1
    assert [m.kind for m in alex.bot_messages()][-1] == "photo"


async def test_no_session_this_time_tapped_twice_cancels_only_that_session(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/session")
    shown = len(alex.bot_messages())
    answers = await tap_twice(alex, "No session this time")
    assert answers[1] is not None and answers[1]["text"] == STALE
    [change] = await bot.rows(SessionChange)
    assert (change.original_at, change.moved_to) == (THURSDAY_1000, None)
    [client] = await bot.rows(Client)
    assert client.next_session_at == THURSDAY_1000 + timedelta(weeks=1), "the next one stays"
    assert len(alex.bot_messages()) == shown
    assert no_error_shown(alex)


async def test_prepare_a_summary_tapped_twice_asks_for_the_period_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("No")
    await alex.press("6")
    await alex.press("Skip")  # what to talk about next time
    await alex.press("Skip")
    await tap_twice(alex, "Prepare a summary")
    asked = [t for t in alex.texts() if "Which period should the summary cover?" in t]
    assert len(asked) == 1
    assert no_error_shown(alex)


async def test_use_these_tapped_twice_takes_one_use_of_the_invite_and_confirms_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    code = await invite(bot, uses=5)
    await alex.send(f"/start {code}")
    shown = len(alex.bot_messages())
    await tap_twice(alex, "Use these")
    [stored] = await bot.rows(Invite)
    assert stored.uses_left == 4
    assert len(alex.bot_messages()) == shown + 1, "one confirmation"
    assert no_error_shown(alex)


@pytest.mark.parametrize("label", ["Pause", "Stop all messages", "Change language", "Resume"])
async def test_a_settings_button_that_goes_on_in_a_message_tapped_twice_sends_one(
    bot: BotHarness, alex: TelegramTestClient, label: str
) -> None:
    await onboard(alex)
    if label == "Resume":
        await alex.send("/pause")
        await alex.press("1 week")
    await alex.send("/settings")
    shown = len(alex.bot_messages())
    await tap_twice(alex, label)
    assert len(alex.bot_messages()) == shown + 1
    assert no_error_shown(alex)


async def test_pause_keep_and_erase_tapped_twice_end_as_after_one_tap(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/pause")
    shown = len(alex.bot_messages())
    await tap_twice(alex, "2 weeks")
    [client] = await bot.rows(Client)
    assert client.status == "paused"
    assert client.paused_until == bot.clock.now() + timedelta(weeks=2)
    assert len(alex.bot_messages()) == shown
    await alex.send("/stop")
    shown = len(alex.bot_messages())
    await tap_twice(alex, "Keep my answers")
    assert len(alex.bot_messages()) == shown and "kept" in alex.last_text
    await alex.send("/delete")
    shown = len(alex.bot_messages())
    answers = await tap_twice(alex, "Erase everything")
    assert answers[1] is not None
    assert len(alex.bot_messages()) == shown and "Everything is erased" in alex.last_text
    assert await bot.count(Client) == 0
    assert no_error_shown(alex)


@pytest.mark.usefixtures("checked_in")
async def test_period_and_section_taps_twice_show_the_same_preview(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/summary")
    shown = len(alex.bot_messages())
    await tap_twice(alex, "Last 4 weeks")
    assert "Preview" in alex.last_text
    await tap_twice(alex, "✓ Notes")
    assert NOTE not in alex.last_text
    assert len(alex.bot_messages()) == shown
    assert await bot.count(SummaryLog) == 0
    assert no_error_shown(alex)


# 5. Only private chats, and only buttons on a message


async def test_a_button_in_a_group_chat_is_ignored(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    agree, message_id = button(alex, "I agree")
    for data in (agree, "z:Europe/London", "x:erase:s:1795780800"):
        update = bot.api.make_callback_update(alex.chat_id, message_id, data)
        update["callback_query"]["message"]["chat"] = {"id": -4001, "type": "group", "title": "G"}
        await bot.deliver(update)
    assert await bot.count(Client) == 0
    assert await bot.count(ConsentRecord) == 0
    assert len(alex.bot_messages()) == 1


async def test_a_button_with_no_message_gets_a_short_notice(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    data, message_id = button(alex, "Yes")
    shown = len(alex.bot_messages())
    for pressed in (data, "g:stop", "c:y:1"):
        update = bot.api.make_callback_update(alex.chat_id, message_id, pressed)
        del update["callback_query"]["message"]
        update["callback_query"]["inline_message_id"] = "inline-1"
        await bot.deliver(update)
        answer = bot.api.callback_answer(update["callback_query"]["id"])
        assert answer is not None and answer["text"] == STALE
    assert await bot.count(Answer) == 0
    assert [c.status for c in await bot.rows(CheckIn)] == ["open"]
    assert [c.status for c in await bot.rows(Client)] == ["active"]
    assert len(alex.bot_messages()) == shown
