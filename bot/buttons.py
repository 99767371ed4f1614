"""Button data (Telegram allows 64 bytes): one class per family writes it and reads it back.

Each family is a frozen dataclass on `Button`, kept in the conversation package it belongs
to: its `PATTERN` (the handler's, matched from the start, so it ends in `\\Z`), `of` (the
typed press from a match's groups) and `encode` (the data of a button to send). `data()`
writes a button's data and checks that it fits and that the family's own pattern reads it
back, so what is written is always what the handler can parse. Parsing only checks the
shape; whether a press is still valid is decided against storage.

The formats must not change: buttons already sent stay in chats and must keep working
(tests/test_button_data.py pins one of each). Every pattern is ASCII and bounded.
"""

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler

MAX_BYTES = 64
# A moment as epoch seconds: ten digits at most (until the year 2286), so every one a
# pattern accepts is a date (a forged longer one is no button of ours).
EPOCH = r"\d{1,10}"
# A row's id: nine digits at most, so every id a pattern accepts fits the database's
# integer (PostgreSQL refuses a forged twelve-digit one with an error, not a miss).
ROW_ID = r"\d{1,9}"

K = TypeVar("K")
V = TypeVar("V")


def one_of(codes: Iterable[str]) -> str:
    """A pattern matching exactly one of `codes`."""
    return "|".join(re.escape(code) for code in codes)


def reverse(codes: Mapping[K, V]) -> dict[V, K]:
    """A family's table of codes, read the other way: code to value."""
    return {code: value for value, code in codes.items()}


class Button:
    """A family of buttons: the pattern its data matches, and the typed value of a press."""

    PATTERN: ClassVar[re.Pattern[str]]

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        """The press, from the groups of a `PATTERN` match."""
        raise NotImplementedError

    def encode(self) -> str:
        """This button's data, unchecked (`data` checks it)."""
        raise NotImplementedError

    def data(self) -> str:
        data = self.encode()
        if len(data.encode("utf-8")) > MAX_BYTES or not self.PATTERN.match(data):
            raise ValueError(f"not valid {type(self).__name__} data: {data!r}")
        return data

    def button(self, label: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=self.data())

    @classmethod
    def pressed(cls, update: Update) -> Self:
        """The press in `update`, for a handler registered with `handler`."""
        query = update.callback_query
        match = cls.PATTERN.match(query.data) if query and query.data else None
        # Telegram always sends data or a game name, so this is a handler registered wrongly.
        if match is None:
            raise ValueError(f"not a {cls.__name__} press")
        return cls.of(match.groups())

    @classmethod
    def handler(cls, callback: Callable[..., Awaitable[Any]]) -> CallbackQueryHandler:  # type: ignore[type-arg]
        """The handler for this family's presses."""
        return CallbackQueryHandler(callback, pattern=cls.PATTERN)


def family_of(data: str) -> str:
    """The family a button's data belongs to: the letters before its first colon."""
    return data.partition(":")[0]


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `width` to a row."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]
