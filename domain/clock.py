"""Where "now" comes from, and how waiting happens: real in production, controlled in tests."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` (a Retry-After, a backoff)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class MovableClock:
    """Real time plus an offset that only grows: the local sandbox moves it forward to try
    a month of check-ins in minutes. Waiting is real, so sends are paced as in production."""

    def __init__(self) -> None:
        self._offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def advance(self, delta: timedelta) -> None:
        """Move "now" forward by `delta` (a negative delta is refused: time never runs back)."""
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        self._offset += delta

    def move_to(self, moment: datetime) -> None:
        """Move "now" forward to `moment`; a moment already past leaves the clock as it is."""
        self.advance(max(moment - self.now(), timedelta()))
