"""How a check-in looks on screen: one message, re-rendered after every answer."""

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import rows
from bot.checkin import words
from bot.checkin.buttons import AnswerPress, CheckinAction, CheckinMove, NudgeChoice
from bot.words import crisis_text
from config import Settings
from domain.instruments import Item
from domain.language import Words
from services.checkins import Finished, Later, View
from services.plans import Step


def render(w: Words, view: View, settings: Settings) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message text and keyboard for where the client is in the check-in."""
    crisis = ""
    if view.show_crisis:
        crisis = f"\n\n{words.gentle_crisis(w, crisis_text(w, settings))}"
    if isinstance(view, Finished) and view.rating:
        return w._(words.RATING_FINISHED) + crisis, None
    if isinstance(view, Finished):
        return words.finished(w, view.next_checkin_at, view.timezone) + crisis, None
    step = view.in_language(w.language)
    return _question(w, step) + crisis, answers(w, step)


def _question(w: Words, step: Step) -> str:
    item = step.item
    lines = [words.heading(w, step.position, step.total, step.rating), ""]
    if step.instrument.intro:
        lines.append(escape(step.instrument.intro))
    if item.after_session and step.rating:
        lines.append(w._(words.HOW_WAS_YESTERDAY if step.about_yesterday else words.HOW_WAS_TODAY))
    elif item.after_session and step.instrument.session_intro:
        lines.append(escape(step.instrument.session_intro))
    if step.task_words is not None:
        lines.append(words.task_in_checkin(w, step.task_words, step.before_session))
    lines.append(f"<b>{escape(item.text)}</b>")
    if step.goal_words is not None:
        lines.append(words.goal_in_checkin(step.goal_words))
    if item.kind == "scale" and not item.labels:
        lines.append(words.scale_hint(item.min, item.min_label, item.max, item.max_label))
    return "\n".join(lines)


def answers(w: Words, step: Step) -> InlineKeyboardMarkup:
    """One button per value (labelled where the scale or choice has words), then Skip; for the
    session question Yes and No, the one the rhythm suggests first.

    Before the first answer the client can also put the check-in off or skip the week; a
    rating after a session can only be skipped (one tap, and the next check-in asks it).
    """
    item, checkin_id, position = step.item, step.checkin_id, step.position
    markup: list[list[InlineKeyboardButton]] = []
    if item.kind == "session":
        values = [1, 0] if step.session_expected else [0, 1]
        markup = [[_value(item, checkin_id, position, value) for value in values]]
    if item.kind in ("scale", "choice"):
        buttons = [_value(item, checkin_id, position, value) for value in item.values]
        width = 1 if item.labels else min(6, len(buttons))
        markup = rows(buttons, width)
    if item.skippable:
        markup.append([AnswerPress(checkin_id, position, None).button(w._(words.SKIP))])
    if position == 0 and step.rating:
        skip = CheckinAction(checkin_id, CheckinMove.SKIP_WEEK).button(w._(words.SKIP_THIS_TIME))
        markup.append([skip])
    elif position == 0:
        markup.append(
            [
                CheckinAction(checkin_id, CheckinMove.LATER).button(w._(words.LATER)),
                CheckinAction(checkin_id, CheckinMove.SKIP_WEEK).button(w._(words.SKIP_WEEK)),
            ]
        )
    return InlineKeyboardMarkup(markup)


def _value(item: Item, checkin_id: int, position: int, value: int) -> InlineKeyboardButton:
    return AnswerPress(checkin_id, position, value).button(item.labels.get(value, str(value)))


def delays(w: Words, checkin_id: int) -> InlineKeyboardMarkup:
    """When to bring the check-in back, or back to the question."""
    return InlineKeyboardMarkup(
        [
            [
                CheckinAction(checkin_id, Later.ONE_HOUR).button(w._(words.IN_ONE_HOUR)),
                CheckinAction(checkin_id, Later.THREE_HOURS).button(w._(words.IN_THREE_HOURS)),
                CheckinAction(checkin_id, Later.TOMORROW).button(w._(words.TOMORROW)),
            ],
            [CheckinAction(checkin_id, CheckinMove.BACK).button(w._(words.BACK))],
        ]
    )


def nudge(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [NudgeChoice(add=True).button(w._(words.NUDGE_ADD))],
            [NudgeChoice(add=False).button(w._(words.NUDGE_NO))],
        ]
    )
