"""A check-in: /checkin, its answers tapped one by one, delays and skips, the note, and the
private nudge."""

from telegram.ext import CommandHandler

from bot.checkin import handlers
from bot.checkin.buttons import AnswerPress, CheckinAction, NudgeChoice
from bot.filters import PRIVATE

HANDLERS = [
    CommandHandler("checkin", handlers.checkin_now, filters=PRIVATE),
    AnswerPress.handler(handlers.on_answer),
    CheckinAction.handler(handlers.on_checkin_action),
    NudgeChoice.handler(handlers.on_nudge),
]

# Presses that read the client's language in their own transaction, so that a tap on a
# check-in, the bulk of all taps, costs one (bot/app.py reads it first for all others).
OWN_WORDS = (AnswerPress, CheckinAction)
