"""The overall send budget: `SEND_RATE` messages a second for the bot token as a whole.

Slots come from a line: one send slot after another, `spacing` apart, none before "now"
or before the end of a hold. On PostgreSQL the line is a row every instance claims from
(`services/send_budget.py`), so three instances share 30 a second instead of taking 30
each, and a 429 met by one holds them all. SQLite allows one process: its line is in
memory (`LocalLine`), with the same rules.

- A bulk send waits for a slot of its own. Slots are claimed from the line a batch at a
  time (a tenth of a second's worth on PostgreSQL: about ten round trips a second for the
  whole bot, whatever the number of instances), handed out here in order, and a slot not
  used within half a spacing of its time is given up rather than used late, where it
  would crowd the next one (often another instance's). An instance claims its next batch only
  when the last is nearly used, so the line runs little ahead of the clock.
- A new message in reply goes out at once, never waiting for the database, and is owed to
  the line: the owed slots are claimed in the background, or with the next batch, ahead
  of it. So replies go first, and every instance's bulk sends wait for them.
- A 429 on a bulk send holds every bulk send until its `retry_after` is over: this
  instance at once (a send already waiting takes a new slot after the hold), the others
  as soon as they next claim from the line, which returns the hold (within a batch or so
  of their sends; at 30 a second, a few messages).
"""

import asyncio
import logging
import math
from datetime import UTC, datetime, timedelta
from typing import Protocol

from domain.clock import Clock
from domain.round import HEADROOM
from services.send_budget import SlotGrant

log = logging.getLogger(__name__)

MIN_WAIT = 0.001  # shorter waits are below the event loop's resolution: not worth a sleep
SHARED_CLAIM_SECONDS = 0.1  # slots claimed at a time from the database, in seconds' worth
_DAWN = datetime(1970, 1, 1, tzinfo=UTC)


class SlotLine(Protocol):
    """Where send slots come from: this process alone, or every instance of the bot."""

    async def claim(self, now: datetime, slots: int, spacing: timedelta) -> SlotGrant:
        """Reserve `slots` slots `spacing` apart, the first at the line's next free slot,
        `now` or the end of a hold, whichever is latest."""
        ...

    async def hold(self, until: datetime) -> None:
        """No slot before `until`: Telegram answered a bulk send with 429."""
        ...


class LocalLine:
    """The line of one process (SQLite allows no other), the database row's rules in memory."""

    def __init__(self) -> None:
        self._next = _DAWN
        self._held_until = _DAWN

    async def claim(self, now: datetime, slots: int, spacing: timedelta) -> SlotGrant:
        first = max(self._next, self._held_until, now)
        self._next = first + spacing * slots
        return SlotGrant(first, self._held_until)

    async def hold(self, until: datetime) -> None:
        self._held_until = max(self._held_until, until)


class SendBudget:
    """`per_second` sends a second from `line`, claimed `claim_seconds` worth at a time
    (at least one slot); the module docstring says how each kind of send uses it."""

    def __init__(
        self,
        clock: Clock,
        per_second: float,
        line: SlotLine | None = None,
        claim_seconds: float = 0.0,
    ) -> None:
        self._clock = clock
        self._line = line or LocalLine()
        self._spacing = timedelta(seconds=HEADROOM / per_second)
        self._late = self._spacing / 2
        self._batch = max(1, round(per_second / HEADROOM * claim_seconds))
        self._claim_ahead = timedelta(seconds=claim_seconds)
        self._claimed_until = _DAWN  # one spacing after the last slot claimed
        # The slots claimed and not yet handed out: number `_next` to `_end` (excluded) of
        # those from `_first`, as numbers, not a list: at a high SEND_RATE a claim is
        # 100,000 slots, and a list of them was half the bot's time.
        self._first = _DAWN
        self._next = self._end = 0
        self._owed = 0
        self._held_until = _DAWN
        self._holds = 0  # counts the holds learnt of: a send that waited through one re-takes
        self._lock = asyncio.Lock()
        self._settling: asyncio.Task[None] | None = None

    async def wait_for_slot(self) -> None:
        """Until this bulk send's slot has come.

        A send that waited through a hold it learnt of meanwhile takes a new slot, and so,
        once, does a send that woke more than half a spacing after its slot (the process
        was busy): sent late, it would arrive with the next one, often another instance's,
        and with the jitter on the way make 31 in Telegram's second.
        """
        retaken = False
        while True:
            async with self._lock:
                at, ours = await self._next_slot()
                holds = self._holds
            wait = (at - self._clock.now()).total_seconds()
            if wait > MIN_WAIT:
                await self._clock.sleep(wait)
            if not ours or self._holds != holds:
                continue
            if retaken or self._clock.now() - at <= self._late:
                return
            retaken = True

    def count_reply(self) -> None:
        """A new message in reply is going out now: owe its slot to the line."""
        self._owed += 1
        if self._settling is None or self._settling.done():
            self._settling = asyncio.create_task(self._settle())

    async def hold(self, seconds: float) -> None:
        """Telegram answered a bulk send with 429: every bulk send waits `seconds`."""
        until = self._clock.now() + timedelta(seconds=seconds)
        async with self._lock:  # no claim of ours slips in before the line knows
            await self._line.hold(until)
            self._learn(until)

    async def close(self) -> None:
        """Settle what replies owe before the process goes."""
        if self._settling is not None:
            await self._settling

    async def _next_slot(self) -> tuple[datetime, bool]:
        """This send's slot, and True; or, while the last slot this process claimed is
        more than `claim_seconds` away, when to ask again, and False. Claiming only then
        keeps each instance's unsent slots to about a batch (few to go out in another's
        hold), and the line ahead of the clock (no slot lost to a claim that came late)."""
        now = self._clock.now()
        self._give_up_before(now - self._late)
        if self._next == self._end:
            ask_again = self._claimed_until - self._spacing - self._claim_ahead
            # Sooner than a sleep is worth (a high SEND_RATE): claim now, or the caller
            # would ask again at once, forever, with the clock standing still.
            if (ask_again - now).total_seconds() > MIN_WAIT:
                return ask_again, False
            owed, self._owed = self._owed, 0
            try:
                grant = await self._line.claim(now, owed + self._batch, self._spacing)
            except BaseException:
                self._owed += owed
                raise
            self._learn(grant.held_until)
            self._claimed_until = grant.first + self._spacing * (owed + self._batch)
            # The owed slots come first: replies went before this send.
            self._first, self._next, self._end = grant.first, owed, owed + self._batch
        self._next += 1
        return self._slot(self._next - 1), True

    def _slot(self, number: int) -> datetime:
        return self._first + self._spacing * number

    def _give_up_before(self, moment: datetime) -> None:
        """Pass over the slots before `moment`: used late they would crowd the next ones."""
        if self._next == self._end or self._slot(self._next) >= moment:
            return
        if not self._spacing:  # past a million a second a datetime puts every slot at one
            self._next = self._end
            return
        behind = math.ceil((moment - self._first) / self._spacing)
        self._next = min(self._end, max(self._next + 1, behind))
        while self._next < self._end and self._slot(self._next) < moment:
            self._next += 1  # what rounding left behind

    async def _settle(self) -> None:
        """Claim the slots replies used, so that bulk sends on every instance wait for them."""
        while self._owed:
            owed, self._owed = self._owed, 0
            try:
                grant = await self._line.claim(self._clock.now(), owed, self._spacing)
            except Exception:
                self._owed += owed
                log.warning("replies not yet counted in the send budget", exc_info=True)
                return
            self._learn(grant.held_until)

    def _learn(self, held_until: datetime) -> None:
        """A hold not known before: slots claimed before it may fall inside it."""
        if held_until <= self._held_until:
            return
        self._held_until = held_until
        if held_until > self._clock.now():
            self._holds += 1
            self._next = self._end
