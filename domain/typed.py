"""What a client types during set-up, read leniently: a time of day and a time zone."""

from datetime import time
from functools import cache
from zoneinfo import available_timezones


def parse_time(text: str) -> time | None:
    """A time of day typed as 9, 9:30, 09.30 or 21:00; None if it is not one."""
    cleaned = text.strip().replace(".", ":").replace("h", ":")
    hours, _, minutes = cleaned.partition(":")
    if not (_ascii_digits(hours, 2) and (minutes == "" or _ascii_digits(minutes, 2))):
        return None
    hour, minute = int(hours), int(minutes or 0)
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return time(hour, minute)
    return None


def _ascii_digits(text: str, most: int) -> bool:
    """1 to `most` of 0-9: `str.isdigit` also accepts "²" and "①", which `int` refuses."""
    return 0 < len(text) <= most and all("0" <= c <= "9" for c in text)


def find_zone(name: str) -> str | None:
    """The IANA zone the client meant (case and spaces forgiven), or None."""
    cleaned = name.strip().replace(" ", "_")
    if not cleaned or len(cleaned) > 64:
        return None
    return _zones_by_lower_name().get(cleaned.lower())


@cache
def _zones_by_lower_name() -> dict[str, str]:
    """Every IANA zone a client may choose (Area/Place, and UTC), by its lower-case name.

    Read from the list of zones, never by opening a path: a folder of the time-zone
    database ("America") or a path trick must simply not be found.
    """
    names = [z for z in available_timezones() if "/" in z or z == "UTC"]
    return {name.lower(): name for name in names}
