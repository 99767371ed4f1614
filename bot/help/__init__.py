"""/help, and the reply to a command Between does not have: registered after every other
conversation's commands (`bot/app.py`), it takes what none of them did."""

from telegram.ext import CommandHandler, MessageHandler, filters

from bot.filters import PRIVATE
from bot.help import handlers

HANDLERS = [
    CommandHandler("help", handlers.on_help, filters=PRIVATE),
    MessageHandler(PRIVATE & filters.COMMAND, handlers.on_unknown_command),
]
