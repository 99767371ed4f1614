"""The client's sessions: /session (moved, cancelled, the next irregular one) and the offer
of a summary before a session."""

from datetime import UTC, datetime

from telegram import Update

from bot import callbacks, keyboards, onboarding, texts
from bot.callbacks import SessionMove
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, reply, settle
from bot.summary import summary_command
from domain.sessions import Rhythm
from domain.states import SetupStep
from services import sessions


async def session_command(update: Update, context: BetweenContext) -> None:
    """/session: the next session, and the buttons to say it moved or won't happen."""
    w = context.words
    upcoming = await sessions.upcoming(context.runtime, chat_id_of(update))
    if upcoming is None:
        await onboarding.not_ready(update, context)
        return
    if upcoming.rhythm is Rhythm.CHECKIN_ONLY:
        await reply(update, context, texts.no_sessions(w))
        return
    markup = keyboards.session_menu(w, upcoming.rhythm is Rhythm.IRREGULAR, upcoming.session_at)
    await reply(
        update, context, texts.session_menu(w, upcoming.session_at, upcoming.timezone), markup
    )


async def on_session_action(update: Update, context: BetweenContext) -> None:
    """Moved (or, irregular: the next one) asks for the day; cancelled skips its check-in."""
    w = context.words
    press = callbacks.parsed(update, callbacks.SessionAction)
    runtime, chat_id, query = context.runtime, chat_id_of(update), query_of(update)
    if press.move is SessionMove.MOVED:
        if not await sessions.begin_session_change(runtime, chat_id):
            await acknowledge(query, texts.stale_button(w))
            return
        await acknowledge(query)
        await settle(context, query, texts.session_moved(w))
        await onboarding.prompt_for(update, context, SetupStep.SESSION_DAY)
        return
    shown = None if press.session_at is None else datetime.fromtimestamp(press.session_at, UTC)
    cancelled = await sessions.cancel_next(runtime, chat_id, shown)
    if cancelled is None or cancelled.session_at is None:
        await acknowledge(query, texts.stale_button(w))
        return
    await acknowledge(query)
    await settle(
        context, query, texts.session_cancelled(w, cancelled.session_at, cancelled.timezone)
    )


async def on_summary_offer(update: Update, context: BetweenContext) -> None:
    """Prepare a summary before the session, or not now."""
    w = context.words
    press = callbacks.parsed(update, callbacks.SummaryOfferChoice)
    query = query_of(update)
    await acknowledge(query)
    if not press.accept:
        await settle(context, query, texts.summary_offer_declined(w))
        return
    if await settle(context, query, texts.summary_offer_yes(w) + "."):  # not a second tap
        await summary_command(update, context)
