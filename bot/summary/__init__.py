"""The summary: /summary builds one to forward (and the offer of one before a session);
/export hands over everything stored."""

from telegram.ext import CommandHandler

from bot.filters import PRIVATE
from bot.summary import handlers
from bot.summary.buttons import SummaryOfferChoice, SummaryPress

HANDLERS = [
    CommandHandler("summary", handlers.summary_command, filters=PRIVATE),
    CommandHandler("export", handlers.export_command, filters=PRIVATE),
    SummaryPress.handler(handlers.on_summary),
    SummaryOfferChoice.handler(handlers.on_summary_offer),
]
