"""How a check-in looks on screen: one message, re-rendered after every answer."""

from html import escape

from telegram import InlineKeyboardMarkup

from bot import keyboards, texts
from services.checkins import Finished, Step, View


def render(view: View, crisis_text: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message text and keyboard for where the client is in the check-in."""
    crisis = f"\n\n{texts.gentle_crisis(crisis_text)}" if view.show_crisis else ""
    if isinstance(view, Finished):
        return texts.checkin_finished(view.next_checkin_at, view.timezone) + crisis, None
    markup = keyboards.answer(view.checkin_id, view.position, view.item, view.session_expected)
    return _question(view) + crisis, markup


def _question(step: Step) -> str:
    item = step.item
    lines = [texts.checkin_heading(step.position, step.total), ""]
    if step.instrument.intro:
        lines.append(escape(step.instrument.intro))
    if item.after_session and step.instrument.session_intro:
        lines.append(escape(step.instrument.session_intro))
    lines.append(f"<b>{escape(item.text)}</b>")
    if step.goal_words is not None:
        lines.append(texts.goal_in_checkin(step.goal_words))
    if item.kind == "scale" and not item.labels:
        lines.append(texts.scale_hint(item.min, item.min_label, item.max, item.max_label))
    return "\n".join(lines)
