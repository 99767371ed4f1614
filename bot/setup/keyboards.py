"""The set-up's keyboards."""

from datetime import date, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import rows
from bot.setup import words
from bot.setup.buttons import (
    ConfirmChoice,
    Consent,
    InviteChoice,
    LeadChoice,
    RhythmChoice,
    SessionDay,
    TimeOfDay,
    Weekday,
    Zone,
)
from domain.language import Words
from domain.sessions import Lead, Rhythm

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


def consent(w: Words, version: int, code: str | None = None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                Consent(True, version, code).button(w._(words.AGREE)),
                Consent(False, version, code).button(w._(words.DECLINE)),
            ]
        ]
    )


def zones(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(rows([Zone(zone).button(zone) for zone in COMMON_ZONES], 2))


def weekdays(w: Words) -> InlineKeyboardMarkup:
    buttons = [Weekday(day).button(w.short_weekday(day)) for day in range(7)]
    return InlineKeyboardMarkup(rows(buttons, 4))


def times(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(rows([TimeOfDay(at).button(w.clock(at)) for at in COMMON_TIMES], 3))


def rhythms(w: Words) -> InlineKeyboardMarkup:
    def button(rhythm: Rhythm) -> InlineKeyboardButton:
        return RhythmChoice(rhythm).button(w._(words.RHYTHM_BUTTONS[rhythm]))

    return InlineKeyboardMarkup(
        [
            [button(Rhythm.WEEKLY), button(Rhythm.EVERY_2_WEEKS)],
            [button(Rhythm.EVERY_3_WEEKS), button(Rhythm.EVERY_4_WEEKS)],
            [button(Rhythm.IRREGULAR)],
            [button(Rhythm.CHECKIN_ONLY)],
        ]
    )


def leads(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[LeadChoice(lead).button(w._(words.LEAD_BUTTONS[lead]))] for lead in Lead]
    )


def session_days(w: Words, days: list[date], *, unknown: bool = False) -> InlineKeyboardMarkup:
    """A button per day (and "Not known yet" when that is an answer)."""
    markup = rows([SessionDay(day).button(words.session_day(w, day)) for day in days], 4)
    if unknown:
        markup.append([SessionDay(None).button(w._(words.NOT_KNOWN_YET))])
    return InlineKeyboardMarkup(markup)


def invite_choice(w: Words, code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InviteChoice(True, code).button(w._(words.INVITE_USE)),
                InviteChoice(False, code).button(w._(words.INVITE_KEEP)),
            ]
        ]
    )


def confirm_setup(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                ConfirmChoice(True).button(w._(words.CONFIRM_YES)),
                ConfirmChoice(False).button(w._(words.CONFIRM_CHANGE)),
            ]
        ]
    )
