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
        await onboarding.prompt_for(update, context, standing.step, texts.PICK_A_BUTTON)
    elif standing.outside:
        await reply(update, context, texts.NEEDS_START)
    elif standing.reconsent:
        await onboarding.start(update, context)
    elif not await typed_goal(update, context, text) and not await typed_note(
        update, context, text
    ):
        expecting = await checkins.expects_button(context.runtime, chat_id_of(update))
        crisis = context.runtime.settings.crisis_text
        text = texts.USE_BUTTONS if expecting else texts.not_expecting_text(crisis)
        await reply(update, context, text)


async def on_other_message(update: Update, context: BetweenContext) -> None:
    """Stickers, photos, voice notes: kindly say only text is read."""
    await reply(update, context, texts.not_expecting_text(context.runtime.settings.crisis_text))


async def on_unknown_command(update: Update, context: BetweenContext) -> None:
    """A command this bot does not have: point to /help."""
    await reply(update, context, texts.UNKNOWN_COMMAND)


async def on_help(update: Update, context: BetweenContext) -> None:
    """/help: the commands, and that Between is not monitored."""
    await reply(update, context, texts.help_text(context.runtime.settings.crisis_text))
