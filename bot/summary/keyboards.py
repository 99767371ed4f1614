"""The summary's keyboards: the periods, the preview's toggles and steps, and the offer."""

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import rows
from bot.summary import words
from bot.summary.buttons import (
    LINE_LEFT_OUT,
    PDF,
    SECTION_BITS,
    SummaryOfferChoice,
    SummaryPress,
    SummaryStep,
    mask_of,
)
from domain.language import Words
from domain.summary import Period, Section
from services.summaries import Compiled


def periods(w: Words, offered: list[Period], draft: SummaryPress) -> InlineKeyboardMarkup:
    """A button per period offered, each carrying the rest of `draft`, then Cancel."""
    markup = [
        [
            SummaryPress(
                period, draft.sections, draft.as_of, SummaryStep.PREVIEW, draft.language
            ).button(w._(words.PERIOD_LABELS[period]))
        ]
        for period in offered
    ]
    cancel = SummaryPress(Period.FOUR_WEEKS, None, draft.as_of, SummaryStep.CANCEL)
    markup.append([cancel.button(w._(words.CANCEL))])
    return InlineKeyboardMarkup(markup)


def preview(w: Words, compiled: Compiled, as_of: int, pdf: bool) -> InlineKeyboardMarkup:
    """A toggle per section offered and for the PDF, the language, the period, Send, Cancel."""
    mask = mask_of(compiled.sections, pdf)

    def step(action: SummaryStep, flip: int = 0) -> SummaryPress:
        return SummaryPress(compiled.period, mask ^ flip, as_of, action, compiled.language)

    def toggle(label: str, ticked: bool, bit: int) -> InlineKeyboardButton:
        return step(SummaryStep.PREVIEW, bit).button(("✓ " if ticked else "") + label)

    toggles = [
        toggle(w._(words.SECTION_LABELS[section]), section in compiled.sections, bit)
        for section, bit in SECTION_BITS.items()
        if section in compiled.offered
    ]
    markup = rows(toggles, 2)
    if Section.LINE in compiled.offered:
        line = w._(words.SECTION_LABELS[Section.LINE])
        markup.append([toggle(line, Section.LINE in compiled.sections, LINE_LEFT_OUT)])
    markup.append([toggle(w._(words.ALSO_PDF), pdf, PDF)])
    language = words.summary_language(w, compiled.language.autonym)
    markup.extend(
        [
            [step(SummaryStep.NEXT_LANGUAGE).button(language)],
            [step(SummaryStep.CHANGE_PERIOD).button(w._(words.CHANGE_PERIOD))],
            [
                step(SummaryStep.SEND).button(w._(words.SEND)),
                step(SummaryStep.CANCEL).button(w._(words.CANCEL)),
            ],
        ]
    )
    return InlineKeyboardMarkup(markup)


def change_period(w: Words, draft: SummaryPress) -> InlineKeyboardMarkup:
    again = SummaryPress(draft.period, draft.sections, draft.as_of, SummaryStep.CHANGE_PERIOD)
    return InlineKeyboardMarkup([[again.button(w._(words.CHANGE_PERIOD))]])


def offer(w: Words, session_at: datetime, zone: str) -> tuple[str, InlineKeyboardMarkup]:
    """Before a session: would the client like a summary for it?"""
    markup = InlineKeyboardMarkup(
        [
            [
                SummaryOfferChoice(True).button(w._(words.OFFER_YES)),
                SummaryOfferChoice(False).button(w._(words.OFFER_NO)),
            ]
        ]
    )
    return words.offer(w, session_at, zone), markup
