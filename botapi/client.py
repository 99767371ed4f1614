"""A Telegram user talking to the bot through Between's local Bot API server (FakeBotApi).

Used by the tests: it sends messages and presses inline buttons by label, and reads back
what the bot sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botapi.server import FakeBotApi, FakeMessage

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


def _match_button(message: FakeMessage, label: str) -> str | None:
    """Callback data of the button labelled ``label`` (exact, else unique substring)."""
    buttons = [button for row in message.buttons() for button in row]
    exact = [data for text, data in buttons if text == label]
    partial = [(text, data) for text, data in buttons if label in text]
    if exact:
        return exact[0]
    if len(partial) > 1:
        raise AssertionError(f"button label {label!r} is ambiguous: {[t for t, _ in partial]}")
    return partial[0][1] if partial else None


class TelegramTestClient:
    """A user in a private chat with the bot."""

    def __init__(
        self,
        server: FakeBotApi,
        deliver: Deliver,
        chat_id: int = 1001,
        first_name: str = "Alex",
        language_code: str = "en",
    ) -> None:
        self.server = server
        self.chat_id = chat_id
        self._deliver = deliver
        server.user(chat_id, first_name, language_code)

    async def send(self, text: str) -> None:
        """Send a text message to the bot."""
        await self._deliver(self.server.make_message_update(self.chat_id, text))

    async def press(self, label: str, *, message_id: int | None = None) -> dict[str, Any] | None:
        """Press an inline button by label and return the bot's callback answer."""
        candidates = self.bot_messages()
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
        for message in reversed(candidates):
            if (data := _match_button(message, label)) is not None:
                return await self.press_data(data, message.message_id)
        available = {m.message_id: m.button_labels() for m in candidates if m.button_labels()}
        raise AssertionError(f"no button {label!r} in chat {self.chat_id}; available: {available}")

    async def press_data(self, data: str, message_id: int) -> dict[str, Any] | None:
        """Deliver a (possibly forged) callback query for a message."""
        update = self.server.make_callback_update(self.chat_id, message_id, data)
        await self._deliver(update)
        return self.server.callback_answer(update["callback_query"]["id"])

    def bot_messages(self) -> list[FakeMessage]:
        """Current bot messages in this chat, oldest first."""
        return self.server.bot_messages(self.chat_id)

    def texts(self) -> list[str]:
        """Rendered texts (or captions) of all current bot messages, oldest first."""
        return [m.plain_text for m in self.bot_messages()]

    @property
    def last_message(self) -> FakeMessage | None:
        """Newest bot message in this chat."""
        return self.server.last_bot_message(self.chat_id)

    @property
    def last_text(self) -> str:
        """Rendered text of the newest bot message ("" if none)."""
        message = self.last_message
        return message.plain_text if message else ""
