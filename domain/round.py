"""A round planned to arrive on time: when more check-ins are due around the same minutes
than the send budget gets through in a few minutes, they start early enough that the last
one still arrives at its time.

Clients choose the same few times ("the evening before at 19:00"), and the budget is about
30 messages a second: 10,000 check-ins take six minutes, 100,000 nearly an hour. Sent from
their time, the last would arrive that much late, in an order nobody chose.

The plan works backward from the latest minute, on counts, never on clients (its size is
the number of minutes ahead, whatever the number of clients). The latest minute's
check-ins end at its time; each earlier minute ends by then, or by its own time if that
comes first, and starts as long before as its check-ins take at the budget's rate. A
stretch the sender is busy without a pause is one `Run`: every check-in in it may go from
the run's start, and the claim, in due order, sends them in the order they are due.

Bounds:
- A run starts at most `early` (EARLY_START_MINUTES) before any of its minutes. What does
  not fit even then goes as fast as the budget allows, in due order (`Run.late` counts it),
  and never after the session it comes before has started (the claim's guard).
- A run the budget sends within `ON_TIME_WITHIN` of its first minute does not start early:
  it goes at its time, exactly as before this plan existed.
- Nothing is moved into the night (22:00 to 08:00 in the client's zone) when its own time
  is in the day: `send_from`. A check-in the client chose in the night may start early
  within it.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.cadence import local_slot
from domain.quiet_hours import QUIET_FROM, QUIET_UNTIL

MINUTE = timedelta(minutes=1)
# Sends leave on time but arrive with jitter: they are spaced a little under the budget, no
# two closer than 1/rate, so no burst meets the tail of the second before it in Telegram's
# window (bot/budget.py, bot/limiter.py). The round counts on that.
HEADROOM = 1.05
# Telegram's paid broadcasts: up to 1,000 messages a second, paid in Stars.
PAID_RATE = 1000.0
# A run that needs no more than this after its first minute goes at its time: a round small
# enough to go out within two minutes is not worth creating check-ins ahead for.
ON_TIME_WITHIN = timedelta(minutes=2)


@dataclass(frozen=True)
class Due:
    """How many check-ins are due in the minute from `minute`."""

    minute: datetime
    count: int


@dataclass(frozen=True)
class Run:
    """Check-ins due in the minutes from `first` to `last` (inclusive): they may all go from
    `starts_at`; `late` of them will not arrive by their time even so."""

    first: datetime
    last: datetime
    starts_at: datetime
    late: int = 0

    @property
    def end(self) -> datetime:
        """The end of the run's last minute: it holds the check-ins due before."""
        return self.last + MINUTE


def minute_of(moment: datetime) -> datetime:
    """The minute `moment` falls in (its start)."""
    return moment.replace(second=0, microsecond=0)


def round_rate(send_rate: float, paid: bool, paid_rate: float = PAID_RATE) -> float:
    """Check-ins a second a round can count on: the budget, less the limiter's headroom."""
    return (paid_rate if paid else send_rate) / HEADROOM


def plan(due: Iterable[Due], rate: float, early: timedelta) -> list[Run]:
    """The runs that start early, earliest first; a minute in none goes at its time.

    `due` may come in any order, one entry per minute; `rate` is check-ins a second.
    """
    minutes = sorted((d for d in due if d.count > 0), key=lambda d: d.minute, reverse=True)
    runs: list[list[tuple[Due, datetime]]] = []  # latest first, each latest minute first
    starts: datetime | None = None  # when the run after this minute starts
    for block in minutes:
        end = block.minute if starts is None else min(block.minute, starts)
        start = max(end - timedelta(seconds=block.count / rate), block.minute - early)
        if starts is None or block.minute < starts:
            runs.append([])  # the sender would pause before the next run: a new one
        runs[-1].append((block, start))
        starts = start
    planned = [_run(list(reversed(blocks)), rate) for blocks in reversed(runs)]
    return [run for run in planned if run.starts_at < run.first - ON_TIME_WITHIN]


def _run(blocks: list[tuple[Due, datetime]], rate: float) -> Run:
    """A run from its minutes, earliest first, each with its planned start; how many arrive
    late, sent in due order from the run's start at `rate`."""
    starts_at = blocks[0][1]
    free, late = starts_at, 0
    for block, _ in blocks:
        # The k-th (from 0) is sent at free + k / rate: on time while that is by its minute.
        in_time = max(0, math.floor((block.minute - free).total_seconds() * rate + 1e-9) + 1)
        late += max(0, block.count - in_time)
        free += timedelta(seconds=block.count / rate)
    return Run(blocks[0][0].minute, blocks[-1][0].minute, starts_at, late)


def send_from(starts_at: datetime, slot: datetime, zone: ZoneInfo) -> datetime:
    """When a check-in due at `slot` may go, in a run starting at `starts_at`: not before
    08:00 that day where the client is, when `slot` itself falls in the day."""
    local = slot.astimezone(zone)
    if not QUIET_UNTIL <= local.time() < QUIET_FROM:
        return starts_at
    return max(starts_at, local_slot(local.date(), QUIET_UNTIL, zone))
