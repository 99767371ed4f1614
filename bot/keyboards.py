"""Inline keyboards. Every callback data string is built by `bot.callbacks`."""

from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, texts
from domain.instruments import Item

COMMON_ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]
COMMON_TIMES = [time(8), time(9), time(12), time(17), time(19), time(21)]


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def consent(version: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.AGREE, callback_data=callbacks.consent(True, version)),
                InlineKeyboardButton(
                    texts.DECLINE, callback_data=callbacks.consent(False, version)
                ),
            ]
        ]
    )


def zones() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(z, callback_data=callbacks.zone(z)) for z in COMMON_ZONES]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def weekdays() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(name, callback_data=callbacks.weekday(day))
        for day, name in enumerate(texts.WEEKDAY_SHORT)
    ]
    return InlineKeyboardMarkup(_rows(buttons, 4))


def times() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(f"{at:%H:%M}", callback_data=callbacks.time_of_day(at))
        for at in COMMON_TIMES
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def answer(checkin_id: int, position: int, item: Item) -> InlineKeyboardMarkup:
    """One button per scale value (with its label where the scale has words), then Skip."""
    rows: list[list[InlineKeyboardButton]] = []
    if item.kind == "scale":
        buttons = [
            InlineKeyboardButton(
                item.labels.get(value, str(value)),
                callback_data=callbacks.answer(checkin_id, position, value),
            )
            for value in item.values
        ]
        width = 1 if item.labels else (6 if len(buttons) > 6 else len(buttons))
        rows = _rows(buttons, width)
    if item.skippable:
        skip = callbacks.answer(checkin_id, position, None)
        rows.append([InlineKeyboardButton(texts.SKIP, callback_data=skip)])
    return InlineKeyboardMarkup(rows)
