"""Tests of the fake Telegram Bot API itself, driven by PTB's real Bot."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from botapi import FakeBotApi, TelegramTestClient

CHAT = 1001
LONG_POLL = 120  # seconds: far longer than any test may wait, so only a wake-up ends a poll


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """One-row inline keyboard of (label, callback_data) buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        api.user(CHAT)
        yield api


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url) as tg_bot:
        yield tg_bot


async def test_send_message_round_trip(server: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(
        CHAT, "<b>Hi</b> &amp; welcome", parse_mode="HTML", reply_markup=keyboard(("Go", "go"))
    )
    assert (sent.text, sent.entities[0].type, sent.message_id) == ("Hi & welcome", "bold", 1)
    stored = server.last_bot_message(CHAT)
    assert stored is not None
    assert (stored.text, stored.parse_mode) == ("<b>Hi</b> &amp; welcome", "HTML")
    assert stored.buttons() == [[("Go", "go")]]
    assert server.calls[-1][0] == "sendMessage"
    assert bot.username == "between_test_bot"


async def test_unknown_chat_and_wrong_token(server: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(4242, "hello")
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=server.base_url):
            pass


async def test_callback_data_limit(bot: Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=keyboard(("A", "x" * 64)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard(("A", "é" * 33)))


async def test_text_length_limit_counts_utf16(bot: Bot) -> None:
    await bot.send_message(CHAT, "a" * 4096)
    await bot.send_message(CHAT, f"<b>{'a' * 4096}</b>", parse_mode="HTML")
    for text in ("a" * 4097, "😀" * 2049):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(CHAT, text)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "  ")


async def test_edit_not_modified_and_missing(bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "<b>x</b>", parse_mode="HTML", reply_markup=keyboard())
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<strong>x</strong>",
            CHAT,
            sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard(),
        )
    edited = await bot.edit_message_text("x", CHAT, sent.message_id)
    assert edited.text == "x"
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("y", CHAT, 99)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(CHAT, 99)


async def test_blocked_user_is_forbidden(server: FakeBotApi, bot: Bot) -> None:
    server.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hello?")


async def test_injected_rate_limit(server: FakeBotApi, bot: Bot) -> None:
    server.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter, match="Retry in 7"):
        await bot.send_message(CHAT, "now")
    await bot.send_message(CHAT, "later")


async def test_enforced_limits(server: FakeBotApi, bot: Bot) -> None:
    server.enforce_limits = True
    for _ in range(3):
        await bot.send_message(CHAT, "burst")
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "one too many")
    assert server.rate_limited_count == 1


async def test_dropped_connection_is_network_error(server: FakeBotApi, bot: Bot) -> None:
    server.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "lost")
    assert len(server.bot_messages(CHAT)) == 0


@pytest.mark.parametrize(
    "text",
    [
        "<div>x</div>",
        "<b>x",
        "<b><i>x</b></i>",
        "a < b",
        "a > b",
        "Tom & Jerry",
        "&nbsp;",
        '<span class="x">y</span>',
    ],
)
async def test_invalid_html_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(CHAT, text, parse_mode="HTML")


async def test_valid_html_accepted(bot: Bot) -> None:
    text = (
        '<b>a</b><i>b</i><u>c</u><s>d</s><tg-spoiler>e</tg-spoiler><a href="https://x.y">f</a>'
        "<code>g</code><pre>h</pre><blockquote>i</blockquote>&lt;&gt;&quot;&#39;&#x27;"
    )
    sent = await bot.send_message(CHAT, text, parse_mode="HTML")
    assert sent.text == "abcdefghi<>\"''"
    assert len(sent.entities) == 9


async def test_document_upload_is_multipart(server: FakeBotApi, bot: Bot) -> None:
    await bot.send_document(
        CHAT,
        b"a,b\n",
        filename="export.csv",
        caption="<i>Export</i>",
        parse_mode="HTML",
        reply_markup=keyboard(("Done", "done")),
        protect_content=True,
    )
    stored = server.last_bot_message(CHAT)
    assert stored is not None and stored.protect_content
    assert (stored.filename, stored.content, stored.plain_text) == (
        "export.csv",
        b"a,b\n",
        "Export",
    )
    assert stored.buttons() == [[("Done", "done")]]
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(CHAT, b"\x89PNG", caption="x" * 1025)


async def polls_waiting(server: FakeBotApi, within: float = 10) -> None:
    """Until a long poll has reached the server (it then waits there: no await in between)."""
    deadline = asyncio.get_running_loop().time() + within
    while not any(
        method == "getUpdates" and params.get("timeout") for method, params in server.calls
    ):
        assert asyncio.get_running_loop().time() < deadline, "no long poll reached the server"
        await asyncio.sleep(0.005)


async def test_get_updates_long_poll_and_offset(server: FakeBotApi, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=LONG_POLL))
    await polls_waiting(server)
    assert not poll.done(), "nothing was queued, so the long poll must still be waiting"
    server.queue_update(server.make_message_update(CHAT, "/start now"))
    # The update arrived during the wait: only the wake-up can end the poll before LONG_POLL.
    done, _ = await asyncio.wait({poll}, timeout=LONG_POLL / 10)
    if not done:
        poll.cancel()
        pytest.fail("getUpdates kept waiting after an update was queued: no wake-up")
    (update,) = poll.result()
    assert update.message.text == "/start now"
    assert update.message.entities[0].length == len("/start")
    assert await bot.get_updates(offset=update.update_id + 1) == ()


async def test_client_send_and_press(server: FakeBotApi, bot: Bot) -> None:
    async def deliver(data: dict[str, Any]) -> None:
        update = Update.de_json(data, bot)
        if update.message:
            await update.message.reply_text("Pick", reply_markup=keyboard(("Yes please", "y")))
        elif query := update.callback_query:
            await query.answer(f"got {query.data}")
            await query.edit_message_text(f"{query.message.text}: done")

    client = TelegramTestClient(server, deliver)
    await client.send("/start")
    assert client.last_message is not None
    assert client.last_message.button_labels() == ["Yes please"]
    answer = await client.press("Yes")
    assert answer is not None and answer["text"] == "got y"
    assert client.texts() == ["Pick: done"]
    with pytest.raises(AssertionError, match="no button 'Maybe'"):
        await client.press("Maybe")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(server.callback_answers[0]["callback_query_id"])
