"""Every button is safe to tap twice and late, and only in a private chat with a message."""

from itertools import count
from typing import Any

from storage.models import Answer, CheckIn, Client, ConsentRecord
from tests.conftest import onboard
from tests.fakebot import TelegramTestClient
from tests.harness import BotHarness

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


def no_error_shown(client: TelegramTestClient) -> bool:
    return not any("went wrong" in text for text in client.texts())


# 1. Destructive confirmations expire


# 2. Answering a button is best-effort


# 3. "Message is not modified" is success everywhere


# 4. Double taps


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
    data, message_id = button(alex, "7")
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
