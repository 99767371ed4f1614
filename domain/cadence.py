"""When the next check-in falls: a weekly local wall-clock time in the client's own zone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def next_checkin_at(after: datetime, zone: ZoneInfo, weekday: int, at: time) -> datetime:
    """The first weekly slot strictly after `after`, as a UTC instant.

    `weekday` is 0 for Monday. A local time that does not exist (the spring-forward gap)
    moves to the first valid time after it; an ambiguous one (fall-back) uses the first
    occurrence.
    """
    local_day = after.astimezone(zone).date()
    for offset in range(15):
        day = local_day + timedelta(days=offset)
        if day.weekday() != weekday:
            continue
        slot = local_slot(day, at, zone)
        if slot > after:
            return slot
    raise AssertionError("a weekly slot always falls within two weeks")


def local_slot(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`, resolving gaps and folds."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0)
    if _exists(first, wall):
        return first.astimezone(UTC)
    return _end_of_gap(wall, zone)


def _exists(aware: datetime, wall: datetime) -> bool:
    return aware.astimezone(UTC).astimezone(aware.tzinfo).replace(tzinfo=None) == wall


def _end_of_gap(wall: datetime, zone: ZoneInfo) -> datetime:
    """The transition instant that opened the gap `wall` falls into."""
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    low, high = min(before, after), max(before, after)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)
