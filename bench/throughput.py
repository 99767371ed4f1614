"""Answer throughput: button presses handled per second, Between beside a bare PTB bot.

    .venv/bin/python -m bench.throughput [--clients 500] [--database sqlite]

Same fake Bot API server (in this process), same load, each bot in its own process,
polling as in production: `clients` chats each press six check-in buttons (mood and the
five alliance statements). Between validates every press against storage, stores the
answer and edits the message in place; the bare bot (bench/bare_bot.py) only answers the
press and edits the message. Between's limiter is set out of reach, as the bare bot has
none: this measures each bot's own cost, not Telegram's limits.
"""

import argparse
import asyncio
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Bot

from bench.common import bot_process, cpu_seconds, database, seed_clients
from bot import keyboards
from botapi import FakeBotApi
from domain.instruments import load_instruments

PRESSES = [6, 4, 4, 4, 4, 4]  # mood, then the five alliance statements
NO_LIMIT = "1000000"


@dataclass(frozen=True)
class Throughput:
    bot: str
    database: str
    presses: int
    per_second: float
    cpu_ms: float  # the bot process's CPU time per press


class CallCounter:
    """Counts calls of one method as they arrive, reading only the new part of the log."""

    def __init__(self, api: FakeBotApi, method: str) -> None:
        self.api = api
        self.method = method
        self.seen = 0
        self.count = 0

    def __call__(self) -> int:
        calls = self.api.calls
        self.count += sum(1 for method, _ in calls[self.seen :] if method == self.method)
        self.seen = len(calls)
        return self.count


async def wait_for(counter: CallCounter, expected: int, within: float = 600) -> float:
    deadline = time.monotonic() + within
    while counter() < expected:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{counter.method}: {counter.count} of {expected}")
        await asyncio.sleep(0.005)
    return time.monotonic()


async def press_all(
    api: FakeBotApi, presses: list[dict[str, Any]], pid: int
) -> tuple[float, float]:
    """Queue every press at once; returns presses per second and the bot's CPU ms per press."""
    edits = CallCounter(api, "editMessageText")
    edits()
    cpu = cpu_seconds(pid)
    started = time.monotonic()
    for update in presses:
        api.queue_update(update)
    finished = await wait_for(edits, edits.count + len(presses))
    cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / len(presses)
    return len(presses) / (finished - started), cpu_ms


async def between(kind: str, clients: int) -> Throughput:
    async with FakeBotApi() as api, database(kind) as url:
        chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
        for chat in chats:
            api.user(chat)
        with tempfile.TemporaryDirectory() as folder:
            process = await bot_process(
                Path(folder),
                "between.log",
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
                DATABASE_URL=url,
                TICK_SECONDS="0.2",
                SEND_RATE=NO_LIMIT,
            )
            try:
                await wait_for(CallCounter(api, "sendMessage"), clients)
                await asyncio.sleep(1)  # the last batch is marked sent
                rate, cpu_ms = await press_all(api, _checkin_presses(api, chats), process.pid)
            finally:
                process.terminate()
                await process.wait()
    return Throughput("Between", kind, clients * len(PRESSES), rate, cpu_ms)


def _checkin_presses(api: FakeBotApi, chats: range) -> list[dict[str, Any]]:
    """Each client's six answers, in the order a crowd would give them."""
    messages = {chat: api.last_bot_message(chat) for chat in chats}
    ids = {}
    for chat, message in messages.items():
        assert message is not None
        data = message.buttons()[0][0][1]
        match = re.fullmatch(r"a:(\d+):0:\d+", data)
        assert match, data
        ids[chat] = int(match.group(1))
    return [
        api.make_callback_update(chat, messages[chat].message_id, f"a:{ids[chat]}:{p}:{v}")  # type: ignore[union-attr]
        for p, v in enumerate(PRESSES)
        for chat in chats
    ]


async def bare(clients: int) -> Throughput:
    async with FakeBotApi() as api:
        chats = range(200_000, 200_000 + clients)
        markup = keyboards.answer(1, 0, load_instruments()["weekly"].item("mood"))
        async with Bot(api.token, base_url=api.base_url) as sender:
            for chat in chats:
                api.user(chat)
                await sender.send_message(chat, "How has your mood been?", reply_markup=markup)
        with tempfile.TemporaryDirectory() as folder:
            process = await bot_process(
                Path(folder),
                "bare.log",
                MODULE="bench.bare_bot",
                CONCURRENT_UPDATES="1",
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
            )
            try:
                await wait_for(CallCounter(api, "getUpdates"), 1)
                presses = [
                    api.make_callback_update(
                        chat,
                        api.last_bot_message(chat).message_id,  # type: ignore[union-attr]
                        f"a:{chat}:{p}:{v}",
                    )
                    for p, v in enumerate(PRESSES)
                    for chat in chats
                ]
                rate, cpu_ms = await press_all(api, presses, process.pid)
            finally:
                process.terminate()
                await process.wait()
    return Throughput("bare PTB", "none", clients * len(PRESSES), rate, cpu_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    arguments = parser.parse_args()
    baseline = asyncio.run(bare(arguments.clients))
    ours = asyncio.run(between(arguments.database, arguments.clients))
    print(f"bare PTB: {baseline.per_second:.0f} presses/s, {baseline.cpu_ms:.1f} ms CPU each")
    print(f"Between ({ours.database}): {ours.per_second:.0f} presses/s, {ours.cpu_ms:.1f} ms CPU")
    print(f"ratio: {ours.per_second / baseline.per_second:.2f} (target 0.75 or more)")


if __name__ == "__main__":
    main()
