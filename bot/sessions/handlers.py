"""The client's sessions: /session (moved, cancelled, the next irregular one)."""

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, reply, settle
from bot.sessions import words
from bot.sessions.buttons import SessionAction, SessionMove
from bot.words import STALE_BUTTON
from domain.language import Words
from domain.sessions import Rhythm
from domain.states import SetupStep
from services import sessions


async def session_command(update: Update, context: BetweenContext) -> None:
    """/session: the next session, and the buttons to say it moved or won't happen."""
    w = context.words
    upcoming = await sessions.upcoming(context.runtime, chat_id_of(update))
    if upcoming is None:
        await context.doors.not_ready(update, context)
        return
    if upcoming.rhythm is Rhythm.CHECKIN_ONLY:
        await reply(update, context, w._(words.NO_SESSIONS))
        return
    markup = _menu(w, upcoming.rhythm is Rhythm.IRREGULAR, upcoming.session_at)
    await reply(update, context, words.menu(w, upcoming.session_at, upcoming.timezone), markup)


def _menu(w: Words, irregular: bool, session_at: datetime | None) -> InlineKeyboardMarkup:
    """Moved (or the next one), and, for a known next session, "no session this time"."""
    moved = words.SESSION_NEXT if irregular or session_at is None else words.SESSION_MOVED
    markup = [[SessionAction(SessionMove.MOVED).button(w._(moved))]]
    if session_at is not None:
        markup.append([SessionAction.cancel(session_at).button(w._(words.SESSION_CANCELLED))])
    return InlineKeyboardMarkup(markup)


async def on_session_action(update: Update, context: BetweenContext) -> None:
    """Moved (or, irregular: the next one) asks for the day; cancelled skips its check-in."""
    w = context.words
    press = SessionAction.pressed(update)
    runtime, chat_id, query = context.runtime, chat_id_of(update), query_of(update)
    if press.move is SessionMove.MOVED:
        if not await sessions.begin_session_change(runtime, chat_id):
            await acknowledge(query, w._(STALE_BUTTON))
            return
        await acknowledge(query)
        await settle(context, query, w._(words.SESSION_MOVED))
        await context.doors.ask(update, context, SetupStep.SESSION_DAY)
        return
    shown = None if press.session_at is None else datetime.fromtimestamp(press.session_at, UTC)
    cancelled = await sessions.cancel_next(runtime, chat_id, shown)
    if cancelled is None or cancelled.session_at is None:
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    text = words.cancelled(w, cancelled.session_at, cancelled.timezone)
    await settle(context, query, text)
