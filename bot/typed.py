"""What the client sends rather than taps: text, and anything else (stickers, photos…).

Where typed text goes is decided by stored state: a set-up answer, a goal's or a task's
words, the note kept from an ending, a check-in note, or a gentle pointer.
"""

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.checkin.handlers import typed_note
from bot.context import BetweenContext
from bot.controls.ending import typed_ending_note
from bot.filters import PRIVATE
from bot.goals.handlers import typed_goal
from bot.help import words
from bot.replies import chat_id_of, reply
from bot.setup import handlers as setup
from bot.setup.words import NEEDS_START, PICK_A_BUTTON
from bot.tasks.handlers import typed_task
from bot.words import crisis_text, with_crisis_text
from domain.states import SetupStep
from services import checkins, clients


async def on_text(update: Update, context: BetweenContext) -> None:
    """Typed text: a set-up answer, a goal's or task's words, a check-in note, or a gentle
    pointer."""
    w, settings = context.words, context.runtime.settings
    assert update.message is not None
    text = update.message.text or ""
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is SetupStep.TIMEZONE:
        await setup.typed_zone(update, context, text)
    elif standing.step is SetupStep.WEEKDAY:
        await setup.typed_weekday(update, context, text)
    elif standing.step in (SetupStep.TIME, SetupStep.SESSION_TIME):
        await setup.typed_time(update, context, text)
    elif standing.step is not None:  # a question answered with the buttons below it
        lead = with_crisis_text(w, settings, w._(PICK_A_BUTTON))
        await setup.prompt_for(update, context, standing.step, lead)
    elif standing.outside:
        await reply(update, context, with_crisis_text(w, settings, w._(NEEDS_START)))
    elif standing.reconsent:
        await setup.start(update, context)
    elif not (
        await typed_goal(update, context, text)
        or await typed_task(update, context, text)
        or await typed_ending_note(update, context, text)
        or await typed_note(update, context, text)
    ):
        if await checkins.expects_button(context.runtime, chat_id_of(update)):
            await reply(update, context, with_crisis_text(w, settings, w._(words.USE_BUTTONS)))
        else:
            await reply(update, context, words.not_expecting_text(w, crisis_text(w, settings)))


async def on_other_message(update: Update, context: BetweenContext) -> None:
    """Stickers, photos, voice notes: kindly say only text is read."""
    w = context.words
    crisis = crisis_text(w, context.runtime.settings)
    await reply(update, context, words.not_expecting_text(w, crisis))


HANDLERS = [
    MessageHandler(PRIVATE & filters.TEXT, on_text),
    MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, on_other_message),
]
