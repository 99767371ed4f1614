"""When the client's sessions fall, and when the check-in before each one is due.

A rhythm is a weekday and a local time every one to four weeks, counted from an anchor
date, so every-two-weeks parity survives daylight-saving changes and the new year. Sessions
may be moved or cancelled one at a time; the pattern stays. All instants are UTC; the
arithmetic is on local dates in the client's zone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.cadence import local_slot


class Rhythm(StrEnum):
    """How the client's sessions come, as they chose it."""

    WEEKLY = "weekly"
    EVERY_2_WEEKS = "2w"
    EVERY_3_WEEKS = "3w"
    EVERY_4_WEEKS = "4w"
    IRREGULAR = "irregular"  # the client gives the next session whenever it is known
    CHECKIN_ONLY = "checkin"  # no sessions: a weekly check-in time the client picked

    @property
    def every_weeks(self) -> int | None:
        return {"weekly": 1, "2w": 2, "3w": 3, "4w": 4}.get(self.value)


class Lead(StrEnum):
    """How long before a session its check-in comes."""

    EVENING_BEFORE = "evening"  # 19:00 the day before (the default)
    MORNING_OF = "morning"  # 08:00 on the day, if the session is at 09:00 or later
    TWO_DAYS_BEFORE = "2days"  # 19:00 two days before


EVENING = time(19, 0)
MORNING = time(8, 0)
# The morning check-in needs time to be answered before the session: a session at 08:30
# gets its check-in the evening before.
MORNING_GAP = timedelta(hours=1)


@dataclass(frozen=True)
class Pattern:
    """Sessions every `every_weeks` weeks on `weekday` at local `at`, in step with `anchor`."""

    every_weeks: int
    weekday: int
    at: time
    anchor: date  # any local date of a session in this rhythm


@dataclass(frozen=True)
class Change:
    """One session moved (`to` is its new time) or cancelled (`to` is None)."""

    original: datetime
    to: datetime | None


def anchor_for(weekday: int, today: date) -> date:
    """The first date on `weekday` from `today` on: the anchor of a newly chosen rhythm."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def occurrences(after: datetime, zone: ZoneInfo, pattern: Pattern) -> Iterable[datetime]:
    """The pattern's sessions strictly after `after`, in order, as UTC instants."""
    period = 7 * pattern.every_weeks
    day = after.astimezone(zone).date()
    offset = (day - pattern.anchor).days % period
    first = day if offset == 0 else day + timedelta(days=period - offset)
    # The first in-step day may already be past on the clock; the next one never is.
    while True:
        slot = local_slot(first, pattern.at, zone)
        if slot > after:
            yield slot
        first += timedelta(days=period)


def next_session(
    after: datetime, zone: ZoneInfo, pattern: Pattern, changes: Iterable[Change] = ()
) -> datetime:
    """The first session strictly after `after`, with moves and cancellations applied."""
    changes = list(changes)
    changed = {change.original for change in changes}
    moved = [change.to for change in changes if change.to is not None and change.to > after]
    for slot in occurrences(after, zone, pattern):
        if slot not in changed:
            return min([slot, *moved])
    raise AssertionError("occurrences never ends")


def checkin_before(session: datetime, zone: ZoneInfo, lead: Lead) -> datetime:
    """When the check-in before `session` is due: never after the session has started."""
    day = session.astimezone(zone).date()
    if lead is Lead.MORNING_OF:
        morning = local_slot(day, MORNING, zone)
        if morning + MORNING_GAP <= session:
            return morning
        return local_slot(day - timedelta(days=1), EVENING, zone)
    days_before = 2 if lead is Lead.TWO_DAYS_BEFORE else 1
    return local_slot(day - timedelta(days=days_before), EVENING, zone)


@dataclass(frozen=True)
class Sessions:
    """A client's sessions as they set them up."""

    rhythm: Rhythm
    zone: ZoneInfo
    lead: Lead
    pattern: Pattern | None  # None for an irregular rhythm
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Slot:
    """The next check-in: when it is due, and the session it comes before."""

    checkin_at: datetime
    session_at: datetime


def next_slot(
    sessions: Sessions, after: datetime, now: datetime, known: datetime | None = None
) -> Slot | None:
    """The check-in for the first session after `after` (for an irregular rhythm, the
    `known` next session, if still to come). A check-in whose lead time has already begun
    is due at once; a session that has started gets none."""
    if sessions.pattern is None:
        session = known if known is not None and known > max(after, now) else None
    else:
        session = next_session(max(after, now), sessions.zone, sessions.pattern, sessions.changes)
    if session is None:
        return None
    return Slot(max(now, checkin_before(session, sessions.zone, sessions.lead)), session)


def session_expected(sessions: Sessions, session_at: datetime) -> bool:
    """Whether a session most likely happened since the last check-in, so that Yes comes
    first: not when the rhythm's previous session was cancelled."""
    pattern = sessions.pattern
    if pattern is None:
        return True
    zone = sessions.zone
    day = session_at.astimezone(zone).date() - timedelta(weeks=pattern.every_weeks)
    previous = local_slot(day, pattern.at, zone)
    return previous not in {change.original for change in sessions.changes if change.to is None}
