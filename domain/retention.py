"""The retention limit: when a client who stopped using Between is warned, then erased.

A client's last activity is the last time they used Between themselves: a command, a
message or a tap, recorded at most once a day (`ACTIVITY_GRAIN`) so that taps stay cheap,
and always after a warning, so that coming back cancels it. Between never counts its own
messages as activity.

With a limit of `days`, a client is warned once, `NOTICE` before, outside quiet hours in
their time zone; they are erased no sooner than `NOTICE` after the warning went out, and
only while they have not been back since.
"""

from datetime import datetime, timedelta

NOTICE = timedelta(days=7)
ACTIVITY_GRAIN = timedelta(days=1)


def worth_recording(
    last_active_at: datetime | None, warned_at: datetime | None, now: datetime
) -> bool:
    """Whether a use of Between at `now` is written down: once a day, or to cancel a warning."""
    return warned_at is not None or last_active_at is None or now - last_active_at >= ACTIVITY_GRAIN


def warn_if_inactive_since(now: datetime, days: int) -> datetime:
    """Clients inactive since this moment (or longer) are due their warning."""
    return now - timedelta(days=days) + NOTICE


def erase_if_inactive_since(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def erase_if_warned_by(now: datetime) -> datetime:
    """Clients warned at this moment or earlier have had their full notice."""
    return now - NOTICE


def erased_on(warned_at: datetime) -> datetime:
    """The moment a client warned at `warned_at` is erased, unless they come back."""
    return warned_at + NOTICE


def erasable(
    last_active_at: datetime | None,
    warned_at: datetime | None,
    agreed: bool,
    now: datetime,
    days: int,
) -> bool:
    """Whether a client's time is up. One who never agreed to anything holds nothing but
    their Telegram id and is not written to; anyone else must have had their notice."""
    if last_active_at is None or last_active_at > erase_if_inactive_since(now, days):
        return False
    return not agreed or (warned_at is not None and warned_at <= erase_if_warned_by(now))
