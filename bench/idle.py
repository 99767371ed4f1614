"""The idle state at scale: 100,000 clients spread over the week.

    .venv/bin/python -m bench.idle [--clients 100000] [--database sqlite]

Reports the resident memory of a real bot process holding them, started as a user starts
it (`python -m bot`, default settings), read 3 s after it is ready (/healthz answers and it
polls for updates), so after its first tick over every client; a missing reading fails.
Also the median time of one tick's due query and claim (in this process, the clock moved
30 s per tick, so a handful of clients fall due each time, as in real life), and the query
plan of the due query, to show it is answered from an index.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.common import BenchApi, database, resident_mb, seed_clients, start_between, wait_ready
from config import Settings
from domain.consent import CONSENT_VERSION
from services.delivery import claim_deliveries, delivered, schedule_due
from services.runtime import build_runtime
from storage.clients import due as due_clients
from storage.crypto import new_key

TICK = timedelta(seconds=30)
SETTLE = 3.0  # seconds after readiness: past the first tick, at 0.5 s


@dataclass(frozen=True)
class IdleResult:
    database: str
    clients: int
    resident_mb: float
    tick_ms: float
    due_per_tick: float
    plan: str


class SteppedClock:
    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def measure(kind: str, clients: int, ticks: int = 40) -> IdleResult:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with BenchApi() as api, database(kind, folder) as url:
            await seed_clients(url, clients, now=now)
            memory = await _bot_memory(folder, api, None if kind == "sqlite" else url)
            tick_ms, due = await _tick_times(url, now, ticks)
            plan = await _due_plan(url, now)
    return IdleResult(kind, clients, memory, tick_ms, due, plan)


async def _bot_memory(folder: Path, api: BenchApi, url: str | None) -> float:
    """The bot's resident memory once it is serving (/healthz answers, it polls) and its
    first tick (0.5 s after start) has run its queries over every client."""
    bot = await start_between(folder, api, url)
    try:
        await wait_ready(bot, api)
        await asyncio.sleep(SETTLE)
        if bot.process.returncode is not None:
            raise RuntimeError(f"the bot exited before its memory was read:\n{bot.log()}")
        return resident_mb(bot.pid)
    finally:
        await bot.stop()


async def _tick_times(url: str, start: datetime, ticks: int) -> tuple[float, float]:
    """Median milliseconds of schedule_due + claim_deliveries, and clients due per tick."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=url,
            data_dir=Path(folder),
            encryption_key=new_key(),
        )
        clock = SteppedClock(start)
        runtime = build_runtime(settings, clock)
        timings, due = [], []
        for _ in range(ticks):
            clock.moment += TICK
            started = time.perf_counter()
            await schedule_due(runtime, clock.moment)
            claimed = await claim_deliveries(runtime)
            timings.append((time.perf_counter() - started) * 1000)
            due.append(len(claimed))
            await delivered(runtime, [(d.checkin_id, 1) for d in claimed])
        await runtime.engine.dispose()
    return statistics.median(timings), statistics.mean(due)


async def _due_plan(url: str, now: datetime) -> str:
    """How the database answers the due query, one line."""
    from storage.db import create_engine

    engine = create_engine(url)
    query = due_clients(now, CONSENT_VERSION, 500)
    async with engine.connect() as connection:
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = await connection.execute(text(explain + str(compiled)))
        plan = " / ".join(str(row[-1]).strip() for row in rows)
    await engine.dispose()
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    arguments = parser.parse_args()
    result = asyncio.run(measure(arguments.database, arguments.clients))
    print(
        f"{result.clients} clients on {result.database}: resident {result.resident_mb:.0f} MB "
        f"(target < 150); tick {result.tick_ms:.1f} ms (target < 20), "
        f"{result.due_per_tick:.1f} due per tick; plan: {result.plan}"
    )


if __name__ == "__main__":
    main()
