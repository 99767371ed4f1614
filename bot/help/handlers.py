"""/help, and a command Between does not have."""

from telegram import Update

from bot.context import BetweenContext
from bot.help import words
from bot.replies import reply
from bot.words import crisis_text


async def on_help(update: Update, context: BetweenContext) -> None:
    """/help: the commands, and that Between is not monitored."""
    w = context.words
    await reply(update, context, words.help_text(w, crisis_text(w, context.runtime.settings)))


async def on_unknown_command(update: Update, context: BetweenContext) -> None:
    """A command this bot does not have: point to /help."""
    await reply(update, context, context.words._(words.UNKNOWN_COMMAND))
