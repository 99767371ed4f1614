"""Quiet hours: no message Between starts itself goes out between 22:00 and 08:00 in the
client's time zone, unless the client chose that time for it."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)


def quiet(now: datetime, zone: str | None) -> bool:
    """Whether it is night where the client is (UTC for a client with no time zone yet)."""
    local = now.astimezone(ZoneInfo(zone) if zone else UTC).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def outside_quiet_hours(moment: datetime, zone: str | None) -> datetime:
    """`moment`, or when it falls in the quiet hours, the end of them (08:00 local, the same
    night's morning), as an aware UTC time."""
    if not quiet(moment, zone):
        return moment
    tz = ZoneInfo(zone) if zone else UTC
    local = moment.astimezone(tz)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tz).astimezone(UTC)
