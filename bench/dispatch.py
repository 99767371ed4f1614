"""Dispatch fan-out: many clients due at once, sent by a real bot process to the fake Bot API.

    .venv/bin/python -m bench.dispatch [--clients 10000] [--limited 450]

Limiter off (SEND_RATE far above anything reached): check-ins sent per second, from the
first send to the last, beside python-telegram-bot alone sending the same messages
(bench/bare_sender.py). Limiter on (SEND_RATE=30) with the fake enforcing Telegram's
limits: the sustained rate and how many 429 answers it gave.
"""

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.common import bot_process, database, seed_clients
from botapi import FakeBotApi


@dataclass(frozen=True)
class DispatchResult:
    database: str
    clients: int
    per_second: float
    rejected_429: int


class SendCounter:
    """Counts sendMessage calls as they arrive, reading only the new part of the call log."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.seen = 0
        self.count = 0

    def __call__(self) -> int:
        calls = self.api.calls
        self.count += sum(1 for method, _ in calls[self.seen :] if method == "sendMessage")
        self.seen = len(calls)
        return self.count


async def fan_out(kind: str, clients: int, *, limited: bool) -> DispatchResult:
    async with FakeBotApi() as api, database(kind) as url:
        chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
        for chat in chats:
            api.user(chat)
        api.enforce_limits = limited
        with tempfile.TemporaryDirectory() as folder:
            process = await bot_process(
                Path(folder),
                "dispatch.log",
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
                DATABASE_URL=url,
                TICK_SECONDS="0.5",
                SEND_RATE="30" if limited else "1000000",
            )
            try:
                rate = await _send_rate(api, clients, sustained=limited)
            finally:
                process.terminate()
                await process.wait()
    return DispatchResult(kind, clients, rate, api.rate_limited_count)


async def bare(clients: int) -> DispatchResult:
    """The same messages to the same number of chats, sent by PTB alone (bench/bare_sender)."""
    first = 300_000
    async with FakeBotApi() as api:
        for chat in range(first, first + clients):
            api.user(chat)
        with tempfile.TemporaryDirectory() as folder:
            process = await bot_process(
                Path(folder),
                "bare.log",
                MODULE="bench.bare_sender",
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
                BARE_CHATS=f"{first}:{clients}",
            )
            try:
                rate = await _send_rate(api, clients, sustained=False)
            finally:
                await process.wait()
    return DispatchResult("none", clients, rate, api.rate_limited_count)


async def _send_rate(api: FakeBotApi, expected: int, *, sustained: bool) -> float:
    """Check-ins per second from the first send to the last (polled every 10 ms). Sustained:
    from one second after the first, past the burst a limiter may allow at the start."""
    sends = SendCounter(api)
    deadline = time.monotonic() + 900
    first: float | None = None
    settled: tuple[float, int] | None = None
    while time.monotonic() < deadline:
        count, now = sends(), time.monotonic()
        if count and first is None:
            first = now
        if first is not None and settled is None and now - first >= 1:
            settled = (now, count)
        if count >= expected:
            assert first is not None
            if sustained and settled is not None:
                return (count - settled[1]) / (now - settled[0])
            return (count - 1) / (now - first)
        await asyncio.sleep(0.01)
    raise TimeoutError(f"only {sends()} of {expected} check-ins were sent")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--limited", type=int, default=450)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    arguments = parser.parse_args()
    baseline = asyncio.run(bare(arguments.clients))
    free = asyncio.run(fan_out(arguments.database, arguments.clients, limited=False))
    print(
        f"limiter off: {free.per_second:.0f} check-ins/s ({free.clients} clients); "
        f"PTB alone: {baseline.per_second:.0f}/s"
    )
    paced = asyncio.run(fan_out(arguments.database, arguments.limited, limited=True))
    print(f"limiter on: {paced.per_second:.1f}/s, {paced.rejected_429} answers 429")


if __name__ == "__main__":
    main()
