"""Answering a check-in: one message, edited in place as each answer is stored."""

import asyncio
from typing import Any

from telegram import CallbackQuery, Update

from bot.checkin import words
from bot.checkin.buttons import AnswerPress, CheckinAction, CheckinMove, NudgeChoice
from bot.checkin.view import delays, nudge, render
from bot.context import BetweenContext, telegram_language, words_for
from bot.replies import acknowledge, chat_id_of, edit, query_of, reply, settle, take_back
from bot.words import STALE_BUTTON, crisis_text
from domain.language import Words
from services import checkins, clients, requested, summaries
from services.checkins import Later, Rejected, Rejection

NOTICES = {
    Rejection.NOT_YOURS: STALE_BUTTON,
    Rejection.CLOSED: words.CHECKIN_CLOSED,
    Rejection.MOVED: words.CHECKIN_MOVED,
    Rejection.ANSWERED: words.ALREADY_ANSWERED,
    Rejection.CONSENT: words.CONSENT_FIRST,
}


async def checkin_now(update: Update, context: BetweenContext) -> None:
    """/checkin: bring back the open check-in, or start a new one at once."""
    w = context.words
    runtime = context.runtime
    chat_id = chat_id_of(update)
    if (await clients.standing(runtime, chat_id)).reconsent:
        await context.doors.start(update, context)
        return
    asked = await requested.checkin_to_show(runtime, chat_id)
    if asked is None:
        await context.doors.not_ready(update, context)
        return
    if isinstance(asked, requested.Underway):
        return
    text, markup = render(w, asked.view, runtime.settings)
    message = await reply(update, context, text, markup)
    if not await requested.shown(runtime, asked, message.message_id):
        await take_back(context, chat_id, message.message_id)


async def on_answer(update: Update, context: BetweenContext) -> None:
    """A tapped answer: store it and move the message on to the next question."""
    press = AnswerPress.pressed(update)
    query = query_of(update)
    message = query.message
    pressed = await checkins.answer_press(
        context.runtime,
        chat_id_of(update),
        press.checkin_id,
        press.position,
        press.value,
        message.message_id if message else None,
    )
    w = _words_of(update, context, pressed)
    result = pressed.outcome
    shown = result.current if isinstance(result, Rejected) else result
    if shown is None or message is None:
        await _answered(query, w, result)
    else:  # side by side: the client waits for the edit, not for the spinner to stop first
        text, markup = render(w, shown, context.runtime.settings)
        moved_on = edit(context, message.chat.id, message.message_id, text, markup)
        await asyncio.gather(_answered(query, w, result), moved_on)
    if not isinstance(result, Rejected):
        await _after(update, context, result)


async def typed_note(update: Update, context: BetweenContext, text: str) -> bool:
    """Store typed text as the check-in's note if that is the step; False if it is not."""
    w = context.words
    saved = await checkins.answer_note(context.runtime, chat_id_of(update), text)
    if saved is None:
        return False
    if saved.message_id is not None:
        view_text, markup = render(w, saved.view, context.runtime.settings)
        await edit(context, chat_id_of(update), saved.message_id, view_text, markup)
    limit = checkins.NOTE_LIMIT
    notice = words.note_truncated(w, limit) if saved.truncated else w._(words.NOTE_SAVED)
    if saved.about_task and not saved.truncated:
        notice = w._(words.IN_THE_WAY_SAVED)
    safety = words.safety_line(w, crisis_text(w, context.runtime.settings))
    await reply(update, context, f"{notice}\n\n{safety}")
    await _after(update, context, saved.view)
    return True


async def _after(update: Update, context: BetweenContext, view: checkins.View) -> None:
    """After the last answer: the private alliance nudge, when the answers call for it;
    after a session's rating, whether they agreed on something to try; and before a
    session, the offer of a summary for it."""
    w = context.words
    if not isinstance(view, checkins.Finished):
        return
    if view.nudge is not None:
        await reply(update, context, words.alliance_nudge(w, view.nudge.reason), nudge(w))
    if view.rating:
        await context.doors.tasks_offer(update, context)
    session_at, zone = view.session_at, view.timezone
    if session_at is not None and zone is not None and session_at > context.runtime.clock.now():
        offer, markup = context.doors.summary_offer(w, session_at, zone)
        await reply(update, context, offer, markup)


async def on_nudge(update: Update, context: BetweenContext) -> None:
    """Yes or no to adding the alliance line to the next summary."""
    w = context.words
    press = NudgeChoice.pressed(update)
    query = query_of(update)
    await acknowledge(query)
    if press.add and await summaries.add_alliance_line(context.runtime, chat_id_of(update)):
        await settle(context, query, w._(words.NUDGE_ADDED))
        return
    if not press.add:
        await checkins.decline_nudge(context.runtime, chat_id_of(update))
    await settle(context, query, w._(words.NUDGE_DECLINED))


async def on_checkin_action(update: Update, context: BetweenContext) -> None:
    """Later (and when), Skip this week, or Back from the Later menu."""
    press = CheckinAction.pressed(update)
    match press.action:
        case CheckinMove.LATER:
            await _offer_delays(update, context, press.checkin_id)
        case CheckinMove.BACK:
            await _back_to_question(update, context, press.checkin_id)
        case CheckinMove.SKIP_WEEK:
            await _skip_week(update, context, press.checkin_id)
        case Later() as later:
            await _snooze(update, context, press.checkin_id, later)


async def _offer_delays(update: Update, context: BetweenContext, checkin_id: int) -> None:
    """Swap the question for the choice of when to bring it back."""
    query, chat_id, message_id = query_of(update), chat_id_of(update), _message_id(update)
    pressed = await checkins.pressed_view(context.runtime, chat_id, checkin_id, message_id)
    w = _words_of(update, context, pressed)
    if await _answered(query, w, pressed.outcome) and message_id is not None:
        await edit(context, chat_id, message_id, w._(words.LATER_QUESTION), delays(w, checkin_id))


async def _back_to_question(update: Update, context: BetweenContext, checkin_id: int) -> None:
    """From the choice of delays back to the question the client is on."""
    query, chat_id, message_id = query_of(update), chat_id_of(update), _message_id(update)
    pressed = await checkins.pressed_view(context.runtime, chat_id, checkin_id, message_id)
    w, view = _words_of(update, context, pressed), pressed.outcome
    if not await _answered(query, w, view) or message_id is None:
        return
    if isinstance(view, checkins.Finished):  # no question left to go back to: as Skip says
        await settle(context, query, words.week_skipped(w, view.next_checkin_at, view.timezone))
    elif not isinstance(view, Rejected):
        text, markup = render(w, view, context.runtime.settings)
        await edit(context, chat_id, message_id, text, markup)


async def _skip_week(update: Update, context: BetweenContext, checkin_id: int) -> None:
    """Close the check-in unanswered; the next one comes at the usual time."""
    query, chat_id, message_id = query_of(update), chat_id_of(update), _message_id(update)
    pressed = await checkins.skip_week(context.runtime, chat_id, checkin_id, message_id)
    w, finished = _words_of(update, context, pressed), pressed.outcome
    if await _answered(query, w, finished) and message_id is not None:
        assert isinstance(finished, checkins.Finished)
        text = words.week_skipped(w, finished.next_checkin_at, finished.timezone)
        await settle(context, query, w._(words.RATING_SKIPPED) if finished.rating else text)


async def _snooze(update: Update, context: BetweenContext, checkin_id: int, later: Later) -> None:
    """Bring the check-in back after the chosen delay, and say when."""
    query, chat_id, message_id = query_of(update), chat_id_of(update), _message_id(update)
    pressed = await checkins.snooze(context.runtime, chat_id, checkin_id, message_id, later)
    w, snoozed = _words_of(update, context, pressed), pressed.outcome
    if await _answered(query, w, snoozed) and message_id is not None:
        assert isinstance(snoozed, checkins.Snoozed)
        await settle(context, query, words.snoozed(w, snoozed.back_at, snoozed.timezone))


def _words_of(update: Update, context: BetweenContext, pressed: checkins.Pressed[Any]) -> Words:
    """The words of the client who pressed, as the press's own transaction read them (no
    read of its own before the handler: see `OWN_WORDS`), for this reply and what follows."""
    context.found_words = words_for(pressed.language or telegram_language(update))
    return context.found_words


async def _answered(query: CallbackQuery, w: Words, outcome: object) -> bool:
    """Answer the press: with why it changed nothing when it was refused; True if it counted."""
    if isinstance(outcome, Rejected):
        await acknowledge(query, w._(NOTICES[outcome.reason]))
        return False
    await acknowledge(query)
    return True


def _message_id(update: Update) -> int | None:
    """The message a button was pressed on; None when Telegram no longer says."""
    message = query_of(update).message
    return message.message_id if message else None
