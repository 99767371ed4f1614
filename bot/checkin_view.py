"""How a check-in looks on screen: one message, re-rendered after every answer."""

from html import escape

from telegram import InlineKeyboardMarkup

from bot import keyboards, texts
from config import Settings
from domain.language import Words
from services.checkins import Finished, View
from services.plans import Step


def render(w: Words, view: View, settings: Settings) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message text and keyboard for where the client is in the check-in."""
    crisis = ""
    if view.show_crisis:
        crisis = f"\n\n{texts.gentle_crisis(w, texts.crisis_text(w, settings))}"
    if isinstance(view, Finished):
        return texts.checkin_finished(w, view.next_checkin_at, view.timezone) + crisis, None
    step = view.in_language(w.language)
    markup = keyboards.answer(w, step.checkin_id, step.position, step.item, step.session_expected)
    return _question(w, step) + crisis, markup


def _question(w: Words, step: Step) -> str:
    item = step.item
    lines = [texts.checkin_heading(w, step.position, step.total), ""]
    if step.instrument.intro:
        lines.append(escape(step.instrument.intro))
    if item.after_session and step.instrument.session_intro:
        lines.append(escape(step.instrument.session_intro))
    lines.append(f"<b>{escape(item.text)}</b>")
    if step.goal_words is not None:
        lines.append(texts.goal_in_checkin(step.goal_words))
    if item.kind == "scale" and not item.labels:
        lines.append(texts.scale_hint(w, item.min, item.min_label, item.max, item.max_label))
    return "\n".join(lines)
