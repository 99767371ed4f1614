"""The rating right after a session: when it comes, and what a check-in before the next
session still asks because of it.

It comes a set time after the session starts (the session's length plus a delay), never
in the quiet hours: a late session's rating waits for 08:00, and then asks about
yesterday's session. Unanswered, it is not lost: the check-in before the next session asks
the same statements, as it does for a client who rates nothing.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.quiet_hours import outside_quiet_hours


def rating_at(
    session_at: datetime, zone: str | None, session_minutes: int, delay_minutes: int
) -> datetime:
    """When the rating of the session starting at `session_at` is sent."""
    ends = session_at + timedelta(minutes=session_minutes + delay_minutes)
    return outside_quiet_hours(ends, zone)


def about_yesterday(session_at: datetime, deliver_at: datetime, zone: str | None) -> bool:
    """Whether a rating sent at `deliver_at` comes the day after its session, where the
    client is (held back past the quiet hours, or sent late)."""
    tz = ZoneInfo(zone) if zone else UTC
    return deliver_at.astimezone(tz).date() > session_at.astimezone(tz).date()
