"""What the client sends rather than taps: text, /help, unknown commands, anything else.

Where typed text goes is decided by stored state.
"""

from telegram import Update

from bot import onboarding, texts
from bot.checkin import typed_note
from bot.context import BetweenContext
from bot.goals import typed_goal
from bot.replies import chat_id_of, reply
from domain.states import SetupStep
from services import checkins, clients


async def on_text(update: Update, context: BetweenContext) -> None:
    """Typed text: a set-up answer, a goal's words, a check-in note, or a gentle pointer."""
    w = context.words
    assert update.message is not None
    text = update.message.text or ""
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is SetupStep.TIMEZONE:
        await onboarding.typed_zone(update, context, text)
    elif standing.step is SetupStep.WEEKDAY:
        await onboarding.typed_weekday(update, context, text)
    elif standing.step in (SetupStep.TIME, SetupStep.SESSION_TIME):
        await onboarding.typed_time(update, context, text)
    elif standing.step is not None:  # a question answered with the buttons below it
        lead = _with_crisis_text(context, texts.pick_a_button(w))
        await onboarding.prompt_for(update, context, standing.step, lead)
    elif standing.outside:
        await reply(update, context, _with_crisis_text(context, texts.needs_start(w)))
    elif standing.reconsent:
        await onboarding.start(update, context)
    elif not await typed_goal(update, context, text) and not await typed_note(
        update, context, text
    ):
        expecting = await checkins.expects_button(context.runtime, chat_id_of(update))
        crisis = texts.crisis_text(w, context.runtime.settings)
        if expecting:
            await reply(update, context, _with_crisis_text(context, texts.use_buttons(w)))
        else:
            await reply(update, context, texts.not_expecting_text(w, crisis))


def _with_crisis_text(context: BetweenContext, text: str) -> str:
    """Free text nobody asked for is where a client in distress may write: every reply to
    it says that nobody reads it, and where help is."""
    w = context.words
    crisis = texts.crisis_text(w, context.runtime.settings)
    return f"{text}\n\n{texts.not_monitored(w, crisis)}"


async def on_other_message(update: Update, context: BetweenContext) -> None:
    """Stickers, photos, voice notes: kindly say only text is read."""
    w = context.words
    await reply(
        update, context, texts.not_expecting_text(w, texts.crisis_text(w, context.runtime.settings))
    )


async def on_unknown_command(update: Update, context: BetweenContext) -> None:
    """A command this bot does not have: point to /help."""
    w = context.words
    await reply(update, context, texts.unknown_command(w))


async def on_help(update: Update, context: BetweenContext) -> None:
    """/help: the commands, and that Between is not monitored."""
    w = context.words
    await reply(update, context, texts.help_text(w, texts.crisis_text(w, context.runtime.settings)))
