"""The client's sessions: /session says the next one moved or won't happen."""

from telegram.ext import CommandHandler

from bot.filters import PRIVATE
from bot.sessions import handlers
from bot.sessions.buttons import SessionAction

HANDLERS = [
    CommandHandler("session", handlers.session_command, filters=PRIVATE),
    SessionAction.handler(handlers.on_session_action),
]
