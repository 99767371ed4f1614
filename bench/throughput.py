"""Taps: Between beside a bare PTB bot, each tap waited for as a client waits for it.

    .venv/bin/python -m bench.throughput [--per-tapper 12] [--paced 10] [--database sqlite]

Both bots run in their own process, polling the same kind of fake Bot API server (in this
process), with the same concurrency: Between as a user starts it (`python -m bot`, default
settings: 16 updates at once, the tick every 30 s, the limiter at 30/s, logs at INFO),
the bare bot (bench/bare_bot.py) with PTB's own 16 concurrent updates. A tap is a callback
query queued for getUpdates; the bot's visible reaction is the edit of the tapped message.
Between checks each tap against storage, stores the answer and edits the message to the
next question; the bare bot only answers the query and edits the message.

- **16 clients at once**: 16 clients each tap through their check-ins (Yes to a session,
  mood, six statements, Skip on the note: nine taps each), every tap as soon as the
  previous one took effect. Taps per second, from the first tap to the last reaction.
- **At a person's pace**: one client, 0.3 s after each reaction before the next tap.
  The median time from tap to edit.
"""

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot

from bench.common import (
    BenchApi,
    BotProcess,
    cpu_seconds,
    database,
    metric,
    seed_clients,
    start_between,
    start_process,
    wait_ready,
)
from bot.checkin.view import answers
from domain.instruments import load_instruments
from domain.language import ENGLISH, words
from services.plans import Step

TAPPERS = 16
PACE = 0.3  # seconds between a reaction and the next tap, at a person's pace
# A session since the last check-in: yes; mood; the six statements; no note.
VALUES = ["1", "6", "4", "4", "4", "4", "4", "4", "s"]
FIRST_CHAT = 100_000
# The bot's count of database transactions begun (its /metrics); a tick may add a few.
TRANSACTIONS = "between_db_transactions_total"


@dataclass(frozen=True)
class Taps:
    bot: str
    database: str
    taps: int
    per_second: float  # 16 clients at once
    cpu_ms: float  # the bot process's CPU time per tap, 16 at once
    transactions: float | None  # database transactions per tap, 16 at once (Between only)
    paced_taps: int
    paced_median_ms: float  # one client at a person's pace


async def tap(api: BenchApi, chat: int, message_id: int, data: str) -> float:
    """One tap; returns seconds from the tap to the edit the client sees."""
    reaction = api.next_edit(chat)
    started = time.monotonic()
    api.queue_update(api.make_callback_update(chat, message_id, data))
    return await asyncio.wait_for(reaction, 60) - started


def _checkin_taps(api: BenchApi, chat: int, between: bool) -> tuple[int, list[str]]:
    """The message to tap on in `chat` and the nine taps' data."""
    message = api.last_bot_message(chat)
    assert message is not None, f"no message in chat {chat}"
    if not between:
        return message.message_id, [f"a:{chat}:{p}:{v}" for p, v in enumerate(VALUES)]
    match = re.fullmatch(r"a:(\d+):0:\d+", message.buttons()[0][0][1])
    assert match, message.buttons()
    return message.message_id, [f"a:{match.group(1)}:{p}:{v}" for p, v in enumerate(VALUES)]


async def _tap_through(api: BenchApi, chats: list[int], between: bool, pace: float) -> list[float]:
    latencies = []
    for chat in chats:
        message_id, taps = _checkin_taps(api, chat, between)
        for data in taps:
            latencies.append(await tap(api, chat, message_id, data))
            if pace:
                await asyncio.sleep(pace)
    return latencies


def _check_accepted(api: BenchApi, expected: int) -> None:
    """Every tap was answered without a notice: none was turned away as stale or repeated."""
    notices = [a["text"] for a in api.callback_answers if a["text"]]
    assert len(api.callback_answers) == expected, (len(api.callback_answers), expected)
    assert not notices, f"{len(notices)} taps were turned away: {notices[:3]}"


async def _measure(
    api: BenchApi, bot: BotProcess, chats: range, paced: int, between: bool
) -> tuple[int, float, float, float | None, int, float]:
    """The paced client first (on a quiet bot), then 16 clients at once."""
    paced_chats, busy = list(chats[:paced]), list(chats[paced:])
    paced_latencies = await _tap_through(api, paced_chats, between, PACE)
    groups = [busy[i::TAPPERS] for i in range(TAPPERS)]
    transactions = await metric(bot, TRANSACTIONS) if between else None
    cpu, started = cpu_seconds(bot.pid), time.monotonic()
    done = await asyncio.gather(*(_tap_through(api, group, between, 0) for group in groups))
    elapsed, cpu = time.monotonic() - started, cpu_seconds(bot.pid) - cpu
    taps = sum(len(latencies) for latencies in done)
    if transactions is not None:
        transactions = (await metric(bot, TRANSACTIONS) - transactions) / taps
    _check_accepted(api, taps + len(paced_latencies))
    return (
        taps,
        taps / elapsed,
        cpu * 1000 / taps,
        transactions,
        len(paced_latencies),
        statistics.median(paced_latencies) * 1000,
    )


async def between(kind: str, per_tapper: int, paced: int) -> Taps:
    clients = TAPPERS * per_tapper + paced
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with BenchApi() as api, database(kind, folder) as url:
            chats = await seed_clients(url, clients, due_now=clients, now=datetime.now(UTC))
            for chat in chats:
                api.user(chat)
            bot = await start_between(folder, api, None if kind == "sqlite" else url)
            try:
                await wait_ready(bot, api)
                await api.wait_sends(clients, bot)  # the first tick sends every check-in
                await asyncio.sleep(1)  # and records the last of them as sent
                figures = await _measure(api, bot, chats, paced, between=True)
            finally:
                await bot.stop()
    return Taps("Between", kind, *figures)


async def bare(per_tapper: int, paced: int) -> Taps:
    clients = TAPPERS * per_tapper + paced
    chats = range(FIRST_CHAT, FIRST_CHAT + clients)
    with tempfile.TemporaryDirectory() as name:
        async with BenchApi() as api:
            weekly = load_instruments()["weekly"]
            markup = answers(words(ENGLISH), Step(1, 0, 7, weekly, weekly.item("mood"), False))
            async with Bot(api.token, base_url=api.base_url) as sender:
                for chat in chats:
                    api.user(chat)
                    await sender.send_message(chat, "How has your mood been?", reply_markup=markup)
            bot = await start_process(
                Path(name),
                "bench.bare_bot",
                CONCURRENT_UPDATES=str(TAPPERS),
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_URL=api.base_url,
            )
            try:
                while "getupdates" not in api.first_call:  # polling: it is serving
                    if bot.process.returncode is not None:
                        raise RuntimeError(f"the bare bot exited:\n{bot.log()}")
                    await asyncio.sleep(0.05)
                figures = await _measure(api, bot, chats, paced, between=False)
            finally:
                await bot.stop()
    return Taps("bare PTB", "none", *figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-tapper", type=int, default=12, help="check-ins per busy client")
    parser.add_argument("--paced", type=int, default=10, help="check-ins of the paced client")
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--only", choices=["between", "bare"], default=None)
    arguments = parser.parse_args()
    results = []
    if arguments.only != "between":
        results.append(asyncio.run(bare(arguments.per_tapper, arguments.paced)))
    if arguments.only != "bare":
        results.append(
            asyncio.run(between(arguments.database, arguments.per_tapper, arguments.paced))
        )
    for r in results:
        print(
            f"{r.bot} ({r.database}): 16 at once {r.per_second:.0f} taps/s "
            f"({r.taps} taps, {r.cpu_ms:.1f} ms CPU each"
            + ("" if r.transactions is None else f", {r.transactions:.2f} transactions each")
            + "); "
            f"at a person's pace median {r.paced_median_ms:.1f} ms ({r.paced_taps} taps)"
        )
    if len(results) == 2:
        baseline, ours = results
        print(
            f"ratios: taps/s {ours.per_second / baseline.per_second:.2f} (target ≥ 0.9); "
            f"tap-to-edit {ours.paced_median_ms / baseline.paced_median_ms:.2f} (target ≤ 1.2)"
        )


if __name__ == "__main__":
    main()
