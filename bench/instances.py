"""Several instances, one bot token: do they keep to Telegram's limits between them?

    .venv/bin/python -m bench.instances [--clients 3000] [--instances 3] [--hold 5]

`--instances` processes of Between (`python -m bot`, webhook mode as behind a load
balancer, default settings: SEND_RATE=30, the token's total), each with its own connection
pool, on one PostgreSQL database; `--clients` check-ins due at once; the fake Bot API
enforcing Telegram's limits (30 sends in any second, about one a second per chat after a
burst of three) and answering 429 past them.

- **The round**: check-ins sent per second by all instances together, from the first
  send to the last one before the injected 429 below (two thirds of the round); the 429
  answers the fake gave; the most sends one chat received within a second, and the most
  the bot made within a second.
- **A 429 injected on one instance**: once two thirds are sent, the next send (whichever
  instance makes it) is answered 429 with retry_after `--hold`. How many sends went out
  during the hold (those that already had their slot), how soon after the 429 the last of
  them went, and when sending resumed.

Each instance's share of the round and of the 429 is read from its /metrics.
"""

import argparse
import asyncio
import bisect
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    BenchApi,
    BotProcess,
    database,
    free_port,
    metric,
    seed_clients,
    start_between,
    wait_ready,
)
from botapi.server import ApiError
from storage.crypto import new_key

INJECT_AT = 2 / 3  # share of the round sent when the 429 is injected


@dataclass(frozen=True)
class InstancesResult:
    instances: int
    clients: int
    sends_per_second: float
    rejected_429: int
    busiest_chat_second: int
    busiest_second: int
    hold: float
    during_hold: int
    last_in_hold_s: float
    resumed_after_s: float
    shares: list[int]
    refused_by: list[int]  # 429s each instance met


class WatchedApi(BenchApi):
    """Also notes when a 429 was answered, the injected one included."""

    def __init__(self) -> None:
        super().__init__()
        self.refused_at: list[float] = []

    async def _dispatch(self, request: Any, method: str, params: dict[str, Any]) -> Any:
        try:
            return await super()._dispatch(request, method, params)
        except ApiError as error:
            if error.status == 429:
                self.refused_at.append(time.monotonic())
            raise


def busiest_second(times: list[float]) -> int:
    """The most of `times` within any one second."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, t + 1) - i for i, t in enumerate(ordered)), default=0)


def _folders(root: Path, count: int) -> list[Path]:
    """A working folder of its own for each instance (its log, its DATA_DIR)."""
    folders = [root / f"bot{i + 1}" for i in range(count)]
    for folder in folders:
        folder.mkdir()
    return folders


async def _instance(folder: Path, api: BenchApi, url: str, key: str) -> BotProcess:
    port = free_port()
    return await start_between(
        folder,
        api,
        url,
        ENCRYPTION_KEY=key,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        WEBHOOK_SECRET="instances",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )


async def measure(clients: int, instances: int, hold: int) -> InstancesResult:
    inject_after = int(clients * INJECT_AT)
    with tempfile.TemporaryDirectory() as name:
        async with WatchedApi() as api, database("postgresql") as url:
            chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
            for chat in chats:
                api.user(chat)
            api.enforce_limits = True
            key = new_key()
            bots = [await _instance(f, api, url, key) for f in _folders(Path(name), instances)]
            try:
                for bot in bots:
                    await wait_ready(bot, api, polling=False)
                await api.wait_sends(inject_after, *bots)
                api.fail_next("sendMessage", retry_after=hold)
                refusals = len(api.refused_at)
                await api.wait_sends(clients, *bots)
                shares = [int(await metric(b, "between_checkins_sent_total")) for b in bots]
                refused = [int(await metric(b, "between_rate_limited_total")) for b in bots]
            finally:
                for bot in bots:
                    await bot.stop()
    refused_at = api.refused_at[refusals]
    times = [when for when, _ in api.sent_at]
    before = [t for t in times if t < refused_at]
    during = [t for t in times if refused_at <= t < refused_at + hold]
    by_chat: dict[int, list[float]] = defaultdict(list)
    for when, chat in api.sent_at:
        by_chat[chat].append(when)
    assert sorted(by_chat) == list(chats) and all(len(s) == 1 for s in by_chat.values())
    return InstancesResult(
        instances=instances,
        clients=clients,
        sends_per_second=(len(before) - 1) / (before[-1] - before[0]),
        rejected_429=api.rate_limited_count,
        busiest_chat_second=max(busiest_second(sent) for sent in by_chat.values()),
        busiest_second=busiest_second(times),
        hold=hold,
        during_hold=len(during),
        last_in_hold_s=max(during, default=refused_at) - refused_at,
        resumed_after_s=min(t for t in times if t >= refused_at + hold) - refused_at,
        shares=shares,
        refused_by=refused,
    )


def describe(r: InstancesResult) -> str:
    return (
        f"{r.instances} instances, {r.clients:,} due at once: {r.sends_per_second:.1f} sends/s "
        f"together; {r.rejected_429} × 429; busiest chat {r.busiest_chat_second} in a second, "
        f"the bot {r.busiest_second}; shares {'/'.join(map(str, r.shares))}. "
        f"429 injected (retry_after {r.hold} s) on instance "
        f"{', '.join(str(i + 1) for i, n in enumerate(r.refused_by) if n)}: "
        f"{r.during_hold} sends during the hold, the last {r.last_in_hold_s:.2f} s after it, "
        f"then none until {r.resumed_after_s:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=3_000)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--hold", type=int, default=5)
    arguments = parser.parse_args()
    print(describe(asyncio.run(measure(arguments.clients, arguments.instances, arguments.hold))))


if __name__ == "__main__":
    main()
