"""The controls' keyboards."""

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.controls import words
from bot.controls.buttons import (
    DataChoice,
    EndingChoice,
    EndingStep,
    PauseChoice,
    Setting,
    SettingChoice,
)
from domain.language import Words
from services.controls import ErasePurpose, PauseLength


def pause_lengths(w: Words) -> InlineKeyboardMarkup:
    def button(length: PauseLength) -> InlineKeyboardButton:
        return PauseChoice(length).button(w._(words.PAUSE_LENGTHS[length]))

    return InlineKeyboardMarkup(
        [
            [button(PauseLength.ONE_WEEK), button(PauseLength.TWO_WEEKS)],
            [button(PauseLength.ONE_MONTH), button(PauseLength.UNTIL_RESUMED)],
        ]
    )


def keep_or_erase(w: Words, purpose: ErasePurpose, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase, asked `now`: the buttons carry when and why, so they can expire."""
    offered_at = int(now.timestamp())
    return InlineKeyboardMarkup(
        [
            [
                DataChoice(False, purpose, offered_at).button(w._(words.KEEP_DATA)),
                DataChoice(True, purpose, offered_at).button(w._(words.ERASE_DATA)),
            ]
        ]
    )


def _setting(w: Words, action: Setting, label: str) -> InlineKeyboardButton:
    return SettingChoice(action).button(w._(label))


def schedule_parts(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _setting(w, Setting.DAY, words.CHANGE_DAY),
                _setting(w, Setting.TIME, words.CHANGE_TIME),
            ],
            [
                _setting(w, Setting.RHYTHM, words.CHANGE_RHYTHM),
                _setting(w, Setting.LEAD, words.CHANGE_LEAD),
            ],
            [_setting(w, Setting.ZONE, words.CHANGE_ZONE)],
        ]
    )


def settings(
    w: Words,
    *,
    paused: bool,
    phq4: bool | None,
    summary_offers: bool | None,
    rating: bool | None = None,
    therapy_ended: bool = False,
) -> InlineKeyboardMarkup:
    """`phq4` None: PHQ-4 is not offered in the client's language; `summary_offers` and
    `rating` None: no sessions, so nothing to offer before them or ask after them;
    `therapy_ended`: the summary of their whole therapy, rather than "My therapy is
    ending"."""
    markup = list(schedule_parts(w).inline_keyboard)
    pause_button = (
        _setting(w, Setting.RESUME, words.RESUME)
        if paused
        else _setting(w, Setting.PAUSE, words.PAUSE)
    )
    if phq4 is None:
        markup.append((pause_button,))
    else:
        on_off = (Setting.PHQ4_OFF, words.PHQ4_OFF) if phq4 else (Setting.PHQ4_ON, words.PHQ4_ON)
        markup.append((_setting(w, *on_off), pause_button))
    if summary_offers is not None:
        offers = (
            _setting(w, Setting.OFFERS_OFF, words.OFFERS_OFF)
            if summary_offers
            else _setting(w, Setting.OFFERS_ON, words.OFFERS_ON)
        )
        markup.append((offers,))
    if rating is not None:
        asked = (
            _setting(w, Setting.RATING_OFF, words.RATING_OFF)
            if rating
            else _setting(w, Setting.RATING_ON, words.RATING_ON)
        )
        markup.append((asked,))
    markup.append((_setting(w, Setting.LANGUAGE, words.CHANGE_LANGUAGE),))
    ending = words.WHOLE_THERAPY if therapy_ended else words.ENDING
    markup.append((_setting(w, Setting.ENDING, ending),))
    markup.append((_setting(w, Setting.STOP, words.STOP),))
    return InlineKeyboardMarkup(markup)


def ending_offer(w: Words) -> tuple[str, InlineKeyboardMarkup]:
    """After the client said sessions have stopped: is their therapy ending?"""
    markup = InlineKeyboardMarkup([[_setting(w, Setting.ENDING, words.ENDING)]])
    return w._(words.SESSIONS_STOPPED), markup


def ending_confirm(w: Words, course_id: int, now: datetime) -> InlineKeyboardMarkup:
    """Yes (a summary) or No (none): either confirms the ending; or it isn't ending."""
    at = int(now.timestamp())
    return InlineKeyboardMarkup(
        [
            [
                EndingChoice(EndingStep.SUMMARY, course_id, at).button(w._(words.ENDING_YES)),
                EndingChoice(EndingStep.NO_SUMMARY, course_id, at).button(w._(words.ENDING_NO)),
            ],
            [EndingChoice(EndingStep.CANCEL, course_id, at).button(w._(words.ENDING_CANCEL))],
        ]
    )


def note_wanted(w: Words, course_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[EndingChoice(EndingStep.SKIP_NOTE, course_id).button(w._(words.SKIP_NOTE))]]
    )


def after_ending(w: Words, course_id: int) -> InlineKeyboardMarkup:
    """The three ways on: checking in on one's own, a pause, or stop and erase."""
    return InlineKeyboardMarkup(
        [
            [EndingChoice(step, course_id).button(w._(label))]
            for step, label in (
                (EndingStep.KEEP, words.KEEP_CHECKING_IN),
                (EndingStep.PAUSE, words.PAUSE_NOW),
                (EndingStep.ERASE, words.STOP_AND_ERASE),
            )
        ]
    )
