"""Setting up: consent, the time zone, the sessions or a check-in time, and a therapist's
invite; the same steps change one part of the schedule later."""

from telegram.ext import CommandHandler

from bot.filters import PRIVATE
from bot.setup import handlers
from bot.setup.buttons import (
    ConfirmChoice,
    Consent,
    InviteChoice,
    LeadChoice,
    RhythmChoice,
    SessionDay,
    TimeOfDay,
    Weekday,
    Zone,
)

HANDLERS = [
    CommandHandler("start", handlers.start, filters=PRIVATE),
    Consent.handler(handlers.on_consent),
    Zone.handler(handlers.on_zone),
    Weekday.handler(handlers.on_weekday),
    TimeOfDay.handler(handlers.on_time),
    RhythmChoice.handler(handlers.on_rhythm),
    ConfirmChoice.handler(handlers.on_confirm),
    InviteChoice.handler(handlers.on_invite_choice),
    LeadChoice.handler(handlers.on_lead),
    SessionDay.handler(handlers.on_session_day),
]
