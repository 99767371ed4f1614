"""An end of therapy: "My therapy is ending" in /settings (and when the client says their
sessions have stopped), the summary of the whole therapy, a note of their own to keep,
then checking in on their own, a pause, or stop and erase.

Each step's button names the course it belongs to; the services check it against storage,
so a second tap, a late one or forged data gets the short notice and changes nothing.
"""

from datetime import UTC, datetime

from telegram import Update

from bot.context import BetweenContext
from bot.controls import keyboards, words
from bot.controls.buttons import EndingChoice, EndingStep
from bot.replies import acknowledge, chat_id_of, query_of, reply, settle
from bot.words import STALE_BUTTON
from domain.ending import render_whole_therapy
from services import ending, summaries
from services.clients import Schedule
from services.controls import ErasePurpose
from services.ending import NOTE_LIMIT, NoteProblem


async def offer_ending(update: Update, context: BetweenContext) -> None:
    """Ask to confirm the ending; once it has ended, its summary again."""
    w = context.words
    course = await ending.current_course(context.runtime, chat_id_of(update))
    if course is None:
        await context.doors.not_ready(update, context)
    elif course.ended:
        await _send_whole(update, context, course.id)
    else:
        markup = keyboards.ending_confirm(w, course.id, context.runtime.clock.now())
        await reply(update, context, w._(words.ENDING_CONFIRM), markup)


async def on_ending(update: Update, context: BetweenContext) -> None:
    """A step of an end of therapy."""
    w = context.words
    press = EndingChoice.pressed(update)
    query = query_of(update)
    runtime, chat_id = context.runtime, chat_id_of(update)
    match press.step:
        case EndingStep.CANCEL:
            course = await ending.current_course(runtime, chat_id)
            if course is None or course.id != press.course_id or course.ended:
                await acknowledge(query, w._(STALE_BUTTON))  # it has ended since: it stands
                return
            await acknowledge(query)
            await settle(context, query, w._(words.NOT_ENDING))
        case EndingStep.SUMMARY | EndingStep.NO_SUMMARY:
            offered_at = datetime.fromtimestamp(press.offered_at or 0, UTC)
            if not await ending.end_course(runtime, chat_id, press.course_id, offered_at):
                await acknowledge(query, w._(STALE_BUTTON))
                return
            await acknowledge(query)
            await settle(context, query, w._(words.ENDED))
            if press.step is EndingStep.SUMMARY:
                await _send_whole(update, context, press.course_id)
            await _ask_note(update, context, press.course_id)
        case EndingStep.SKIP_NOTE:
            if not await ending.skip_note(runtime, chat_id, press.course_id):
                await acknowledge(query, w._(STALE_BUTTON))
                return
            await acknowledge(query)
            await settle(context, query, w._(words.NOTE_SKIPPED))
            await _what_now(update, context, press.course_id)
        case EndingStep.KEEP | EndingStep.PAUSE | EndingStep.ERASE:
            await _way_on(update, context, press)


async def typed_ending_note(update: Update, context: BetweenContext, text: str) -> bool:
    """Keep typed text as the note of an ending, if Between asked for one; False if not."""
    w = context.words
    kept = await ending.typed_note(context.runtime, chat_id_of(update), text)
    if kept is None:
        return False
    if kept is NoteProblem.EMPTY:
        await reply(update, context, w._(words.NOTE_EMPTY))
    elif kept is NoteProblem.TOO_LONG:
        await reply(update, context, words.note_too_long(w, NOTE_LIMIT))
    else:
        await reply(update, context, w._(words.NOTE_KEPT))
        await _what_now(update, context, kept)
    return True


async def _send_whole(update: Update, context: BetweenContext, course_id: int) -> None:
    """The summary of the whole therapy, in the client's own chat, to keep or forward."""
    w = context.words
    therapy = await summaries.whole_course(
        context.runtime, chat_id_of(update), course_id, w.language
    )
    if therapy is None:
        return
    if not therapy.data.records and not therapy.note:
        await reply(update, context, w._(words.WHOLE_EMPTY))
        return
    if await summaries.log_whole_course(context.runtime, chat_id_of(update), course_id):
        await reply(update, context, render_whole_therapy(w, therapy))


async def _ask_note(update: Update, context: BetweenContext, course_id: int) -> None:
    w = context.words
    if await ending.ask_for_note(context.runtime, chat_id_of(update), course_id):
        await reply(
            update, context, w._(words.ASK_ENDING_NOTE), keyboards.note_wanted(w, course_id)
        )


async def _what_now(update: Update, context: BetweenContext, course_id: int) -> None:
    w = context.words
    await reply(update, context, w._(words.WHAT_NOW), keyboards.after_ending(w, course_id))


CHOSEN = {
    EndingStep.KEEP: words.KEEP_CHOSEN,
    EndingStep.PAUSE: words.PAUSE_CHOSEN,
    EndingStep.ERASE: words.ERASE_CHOSEN,
}


async def _way_on(update: Update, context: BetweenContext, press: EndingChoice) -> None:
    """Checking in on one's own, a pause (its lengths), or the erase confirmation. The
    choice stays on the message, whose buttons go: a second tap, or a tap on another of
    them, finds it settled."""
    w = context.words
    query = query_of(update)
    runtime, chat_id = context.runtime, chat_id_of(update)
    chosen_already = query.message is None or not getattr(query.message, "reply_markup", None)
    if chosen_already or not await ending.ended_course(runtime, chat_id, press.course_id):
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    if not await settle(context, query, w._(CHOSEN[press.step])):
        return
    match press.step:
        case EndingStep.KEEP:
            going_on = await ending.keep_checking_in(runtime, chat_id, press.course_id)
            if isinstance(going_on, Schedule):
                text = words.checking_in_on_your_own(w, going_on.next_checkin_at, going_on.timezone)
                await reply(update, context, text)
            elif going_on is not None:
                await context.doors.ask(update, context, going_on)
        case EndingStep.PAUSE:
            await reply(update, context, w._(words.CHOOSE_PAUSE), keyboards.pause_lengths(w))
        case EndingStep.ERASE:
            markup = keyboards.keep_or_erase(w, ErasePurpose.DELETE, runtime.clock.now())
            await reply(update, context, w._(words.CONFIRM_ERASE), markup)
