"""Which language a client reads: /settings offers the choice."""

from bot.language import handlers
from bot.language.buttons import LanguageChoice

HANDLERS = [LanguageChoice.handler(handlers.on_language)]
