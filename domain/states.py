"""Every state a stored row can be in: the one place their names are spelled.

They are stored as their string values; migration 0005 adds CHECK constraints built from
these same enums, so a value not listed here cannot be written.
"""

from enum import StrEnum


class ClientStatus(StrEnum):
    DECLINED = "declined"  # said no to the consent text: only the Telegram id is kept
    ONBOARDING = "onboarding"  # agreed, first set-up not finished
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"  # by /stop, by a no to a changed consent text, or by blocking the bot


class SetupStep(StrEnum):
    """The set-up question a client is answering: at first set-up, or changing one part."""

    TIMEZONE = "timezone"
    RHYTHM = "rhythm"  # how sessions come
    WEEKDAY = "weekday"  # of the sessions, or of the check-in for CHECKIN_ONLY
    TIME = "time"  # likewise
    LEAD = "lead"  # how long before a session its check-in comes
    SESSION_DAY = "session_day"  # the date of one session: the next irregular one, or a move
    SESSION_TIME = "session_time"  # and its time
    CONFIRM = "confirm"  # a therapist's invite filled everything in: confirm it, or change it


class CheckinStatus(StrEnum):
    DUE = "due"  # waiting to be sent (at `deliver_at`)
    OPEN = "open"  # sent, being answered
    DONE = "done"
    SKIPPED = "skipped"
    EXPIRED = "expired"  # left unfinished; the answers given are kept
    CANCELLED = "cancelled"  # never sent: the client paused or stopped first
    # Telegram never took it, the client blocked the bot, or its session began first
    UNDELIVERED = "undelivered"


class CheckinKind(StrEnum):
    CHECKIN = "checkin"  # before a session (or weekly, without sessions)
    RATING = "rating"  # right after a session: how it was, while it is fresh


SET_UP = (ClientStatus.ACTIVE, ClientStatus.PAUSED)
"""A client with a schedule, whether or not messages are going out right now."""

COUNTED = (CheckinStatus.DONE, CheckinStatus.EXPIRED)
"""Check-ins whose answers count: finished, or closed with the answers given so far."""
