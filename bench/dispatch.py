"""Dispatch: many clients due at once, sent by Between as a user starts it.

    .venv/bin/python -m bench.dispatch [--clients 10000] [--round 2000] [--tappers 50]

- **Limiter off** (SEND_RATE far above anything reached; every other setting default):
  check-ins per second, timed from the tick that finds the clients due (it schedules
  them, claims them, sends them batch by batch and records each batch) to the last send,
  beside python-telegram-bot alone sending the same messages to as many chats, eight at
  a time as Between's tick does (bench/bare_sender.py), timed from its getMe to its last
  send. The tick's start is not visible from outside the process: the first tick runs
  0.5 s after the job is queued, right after the bot's setMyCommands is answered, so it
  is taken as that call's arrival plus 0.5 s (a few ms early: against Between).
- **Taps during a round** (default settings: the limiter on at SEND_RATE=30; the fake
  server enforcing Telegram's limits and answering 429 past them): `--round` clients due
  at once; the first `--tappers` of them (the earliest slots, so their check-ins go out
  first) each read their check-in for a second and then tap through it at a person's
  pace (0.3 s between a reaction and the next tap). Measured over the round's first
  `--window` seconds, not the whole round (2,000 at 30/s take some 70 s): the taps'
  latency (median and p95, tap to edit), the round's check-ins sent per second, and the
  429 answers.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.common import (
    BenchApi,
    database,
    percentile,
    seed_clients,
    start_between,
    start_process,
    wait_ready,
)
from bench.throughput import PACE, _check_accepted, _checkin_taps, tap

FIRST_TICK = 0.5  # seconds from queueing the tick job to its first run (bot/app.py)
NO_LIMIT = "1000000"
READING = 1.0  # seconds a client takes to read a new check-in before the first tap


@dataclass(frozen=True)
class DispatchResult:
    database: str
    clients: int
    per_second: float
    seconds: float


@dataclass(frozen=True)
class RoundResult:
    database: str
    clients: int
    tappers: int
    window: float
    taps: int
    tap_median_ms: float
    tap_p95_ms: float
    sends_per_second: float
    rejected_429: int


async def fan_out(kind: str, clients: int) -> DispatchResult:
    """Between, limiter off: from the tick that finds `clients` due to the last send."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with BenchApi() as api, database(kind, folder) as url:
            chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
            for chat in chats:
                api.user(chat)
            bot = await start_between(
                folder, api, None if kind == "sqlite" else url, SEND_RATE=NO_LIMIT
            )
            try:
                last = await api.wait_sends(clients, bot)
            finally:
                await bot.stop()
            seconds = last - (api.first_call["setmycommands"] + FIRST_TICK)
    return DispatchResult(kind, clients, clients / seconds, seconds)


async def bare(clients: int) -> DispatchResult:
    """The same messages to as many chats, sent by PTB alone (bench/bare_sender)."""
    first = 300_000
    with tempfile.TemporaryDirectory() as name:
        async with BenchApi() as api:
            for chat in range(first, first + clients):
                api.user(chat)
            process = await start_process(
                Path(name),
                "bench.bare_sender",
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
                BARE_CHATS=f"{first}:{clients}",
            )
            try:
                last = await api.wait_sends(clients, process)
            finally:
                await process.stop()
            seconds = last - api.first_call["getme"]
    return DispatchResult("none", clients, clients / seconds, seconds)


async def _read_and_tap(api: BenchApi, chat: int, arrived: "asyncio.Future[float]") -> list[float]:
    await arrived
    await asyncio.sleep(READING)
    message_id, taps = _checkin_taps(api, chat, between=True)
    latencies = []
    for data in taps:
        latencies.append(await tap(api, chat, message_id, data))
        await asyncio.sleep(PACE)
    return latencies


async def round_with_taps(kind: str, clients: int, tappers: int, window: float) -> RoundResult:
    """Between on its defaults, the fake enforcing Telegram's limits, a round under way."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with BenchApi() as api, database(kind, folder) as url:
            chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
            for chat in chats:
                api.user(chat)
            api.enforce_limits = True
            arrivals = {chat: api.next_send(chat) for chat in chats[:tappers]}
            bot = await start_between(folder, api, None if kind == "sqlite" else url)
            try:
                await wait_ready(bot, api)
                tapping = asyncio.gather(
                    *(_read_and_tap(api, chat, arrived) for chat, arrived in arrivals.items())
                )
                first = await api.wait_sends(1, bot)
                await asyncio.sleep(max(0.0, first + window - time.monotonic()))
                sent = sum(1 for when, _ in api.sent_at if when <= first + window)
                rejected = api.rate_limited_count
                latencies = [s for one in await asyncio.wait_for(tapping, 120) for s in one]
                _check_accepted(api, len(latencies))
            finally:
                await bot.stop()
    return RoundResult(
        kind,
        clients,
        tappers,
        window,
        len(latencies),
        statistics.median(latencies) * 1000,
        percentile(latencies, 0.95) * 1000,
        sent / window,
        rejected,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--round", type=int, default=2_000)
    parser.add_argument("--tappers", type=int, default=50)
    parser.add_argument("--window", type=float, default=20)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--only", choices=["fan-out", "round"], default=None)
    arguments = parser.parse_args()
    if arguments.only != "round":
        baseline = asyncio.run(bare(arguments.clients))
        free = asyncio.run(fan_out(arguments.database, arguments.clients))
        print(
            f"limiter off: {free.per_second:.0f} check-ins/s ({free.clients} clients in "
            f"{free.seconds:.1f} s from the tick); PTB alone: {baseline.per_second:.0f}/s; "
            f"ratio {free.per_second / baseline.per_second:.2f} (target ≥ 0.9)"
        )
    if arguments.only != "fan-out":
        a = arguments
        r = asyncio.run(round_with_taps(a.database, a.round, a.tappers, a.window))
        print(
            f"{r.database}: round of {r.clients}, {r.tappers} tapping, first {r.window:.0f} s: "
            "taps median "
            f"{r.tap_median_ms:.0f} ms, p95 {r.tap_p95_ms:.0f} ms ({r.taps} taps); "
            f"{r.sends_per_second:.1f} check-ins/s; {r.rejected_429} × 429"
        )


if __name__ == "__main__":
    main()
