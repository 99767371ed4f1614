"""A planned round: 10,000 clients due at one minute (19:00, "the evening before").

    .venv/bin/python -m bench.planned_round [--clients 10000] [--database sqlite] [--send-rate 30]

The real tick runs it (the aggregate ahead, the plan, the check-ins created ahead of their
slots, the claims in due order, the send-time re-check, marking them sent) against the
database, on an injected clock that nothing sleeps through: each send takes 1 / rate of it,
one after another, as the limiter spaces them (`SEND_RATE / HEADROOM`), and 30 s pass
between ticks. Reports the last check-in's lateness and the first one's earliness against
their slot, the same without the plan (EARLY_START_MINUTES=0), and the real time from the
start of the tick that begins the round to its first send: the injected clock does not
count it, so a real round starts that much later than planned.
"""

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bench.common import database
from config import Settings
from domain.consent import CONSENT_VERSION
from domain.round import round_rate
from scheduler.tick import run_tick
from services.plans import Step
from services.runtime import Runtime, build_runtime
from storage.crypto import new_key
from storage.models import Client

DUE = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # a Wednesday; London is on UTC
TICK = timedelta(seconds=30)
FIRST_CHAT = 500_000


class SteppedClock:
    """Time that moves only when told, or by a wait: nothing here sleeps in real time."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    async def sleep(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class PacedSender:
    """Sends nothing anywhere: check-ins and reminders go one after another, 1 / `rate` of
    the clock apart, as the limiter spaces them (the first at once); each check-in (not a
    reminder) is kept with the moment it went."""

    def __init__(self, clock: SteppedClock, rate: float) -> None:
        self.clock = clock
        self.interval = 1 / rate
        self.sent: list[tuple[int, datetime]] = []
        self.first_wall: float | None = None  # time.perf_counter() of the first send
        self._one_at_a_time = asyncio.Lock()

    async def send_checkin(
        self, telegram_id: int, language: str | None, step: Step, *, reminder: bool = False
    ) -> int:
        async with self._one_at_a_time:
            if self.first_wall is None:
                self.first_wall = time.perf_counter()
            if not reminder:
                self.sent.append((telegram_id, self.clock.now()))
            await self.clock.sleep(self.interval)
            return len(self.sent)

    async def send_welcome_back(self, *args: object) -> None:
        raise AssertionError("nobody is paused in a planned round")

    async def close_checkin(self, *args: object) -> None:
        raise AssertionError("nothing expires in a planned round")

    async def offer_summary(self, *args: object) -> None:
        raise AssertionError("nobody has sessions in a planned round")

    async def warn_of_erasure(self, *args: object) -> None:
        raise AssertionError("everybody is active in a planned round")

    async def retract(self, telegram_id: int, message_id: int) -> None:
        raise AssertionError("nothing changes while a planned round goes out")


async def seed_minute(runtime: Runtime, count: int, at: datetime, first_chat: int) -> None:
    """`count` active clients in London whose weekly check-in is due at `at`."""
    rows = [
        {
            "telegram_id": chat,
            "status": "active",
            "timezone": "Europe/London",
            "weekday": at.weekday(),
            "local_time": f"{at:%H:%M}",
            "next_checkin_at": at,
            "phq4_enabled": False,
            "discuss_alliance": False,
            "consent_version": CONSENT_VERSION,
            "last_active_at": at - timedelta(days=1),
        }
        for chat in range(first_chat, first_chat + count)
    ]
    async with runtime.db.begin() as session:
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Client), rows[start : start + 5000])


@dataclass(frozen=True)
class RoundResult:
    database: str
    clients: int
    lateness_s: float  # of the last check-in, past its slot (0: on time)
    earliness_s: float  # of the first check-in, before its slot
    unplanned_lateness_s: float  # of the last one, without the plan
    first_send_wall_s: float  # real time from the start of the round's tick to its first send


async def _one(
    kind: str, clients: int, send_rate: float, early_minutes: int
) -> tuple[list[tuple[int, datetime]], float]:
    with tempfile.TemporaryDirectory() as folder:
        async with database(kind) as url:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=url,
                data_dir=Path(folder),
                encryption_key=new_key(),
                send_rate=send_rate,
                early_start_minutes=early_minutes,
            )
            clock = SteppedClock(DUE - timedelta(minutes=early_minutes + 5))
            runtime = build_runtime(settings, clock)
            try:
                await seed_minute(runtime, clients, DUE, FIRST_CHAT)
                sender = PacedSender(clock, round_rate(send_rate, paid=False))
                tick_wall = 0.0
                while clock.now() < DUE + timedelta(hours=2) and len(sender.sent) < clients:
                    started = time.perf_counter()
                    await run_tick(runtime, sender)
                    if sender.first_wall is not None and not tick_wall:
                        tick_wall = sender.first_wall - started
                    clock.moment += TICK
            finally:
                await runtime.engine.dispose()
    if len(sender.sent) != clients:
        raise RuntimeError(f"only {len(sender.sent)} of {clients} check-ins went out")
    return sender.sent, tick_wall


async def measure(kind: str, clients: int, send_rate: float = 30) -> RoundResult:
    planned, wall = await _one(kind, clients, send_rate, early_minutes=60)
    unplanned, _ = await _one(kind, clients, send_rate, early_minutes=0)
    last = max(at for _, at in planned)
    first = min(at for _, at in planned)
    return RoundResult(
        kind,
        clients,
        max(0.0, (last - DUE).total_seconds()),
        (DUE - first).total_seconds(),
        max(0.0, (max(at for _, at in unplanned) - DUE).total_seconds()),
        wall,
    )


def describe(result: RoundResult) -> str:
    return (
        f"{result.lateness_s:.0f} s late; {result.earliness_s / 60:.1f} min early "
        f"(unplanned {result.unplanned_lateness_s / 60:.1f} min late); "
        f"{result.first_send_wall_s:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--send-rate", type=float, default=30)
    arguments = parser.parse_args()
    result = asyncio.run(measure(arguments.database, arguments.clients, arguments.send_rate))
    print(
        f"{result.clients:,} due at one minute on {result.database}: the last "
        f"{describe(result)} real time from the round's tick to its first send"
    )


if __name__ == "__main__":
    main()
