"""What /session says. (How words work: `bot/words.py`.)"""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.words import NO_SESSION_KNOWN, when
from domain.language import N_, Words

SESSION_MOVED = N_("Moved to another time")
SESSION_CANCELLED = N_("No session this time")
SESSION_NEXT = N_("Next session on…")
NO_SESSIONS = N_(
    "You chose a check-in time rather than sessions. If you'd like check-ins before your "
    "sessions, /schedule changes that."
)


def menu(w: Words, session: datetime | None, zone: str) -> str:
    if session is None:
        return "{unknown}\n{question}".format(
            unknown=w._(NO_SESSION_KNOWN), question=w._("What would you like to tell me?")
        )
    return w._("Your next session: {when}.\nHas something changed?", when=when(w, session, zone))


def cancelled(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Noted: no session on {day}. I'll skip its check-in; your rhythm carries on as before.",
        day=w.day(session.astimezone(ZoneInfo(zone))),
    )
