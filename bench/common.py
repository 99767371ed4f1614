"""What every benchmark needs: a throw-away database on either engine, fast seeding of
clients, the bot as a separate process started as a user starts it, a fake Bot API that
says when each message went out, and a description of the machine."""

import asyncio
import math
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy import insert

from botapi import FakeBotApi
from config import Settings
from domain.consent import CONSENT_VERSION
from storage.db import create_engine, session_factory
from storage.migrate import upgrade_database
from storage.models import Client

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
FIRST_CHAT = 100_000


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@asynccontextmanager
async def database(kind: str, folder: Path | None = None) -> AsyncIterator[str]:
    """A migrated, empty database of `kind` ("sqlite" or "postgresql"), dropped afterwards.
    SQLite with a `folder`: the default file a bot started there uses, data/between.db."""
    if kind == "sqlite" and folder is not None:
        (folder / "data").mkdir(exist_ok=True)
        url = f"sqlite+aiosqlite:///{folder / 'data' / 'between.db'}"
        await _migrate(url)
        yield url
        return
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as temporary:
            url = f"sqlite+aiosqlite:///{Path(temporary) / 'bench.db'}"
            await _migrate(url)
            yield url
        return
    name = f"between_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_plain(POSTGRES_ADMIN))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        await _migrate(url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def postgres_available() -> bool:
    try:
        connection = await asyncio.wait_for(asyncpg.connect(_plain(POSTGRES_ADMIN)), 5)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()


async def seed_clients(
    url: str, count: int, *, due_now: int = 0, now: datetime, first_chat: int = FIRST_CHAT
) -> range:
    """`count` active clients; the first `due_now` are due (the earlier the chat, the earlier
    its slot, so they are sent in chat order), the rest spread over the week."""
    chats = range(first_chat, first_chat + count)
    week = timedelta(weeks=1).total_seconds()
    rows = []
    for index, chat in enumerate(chats):
        due = (
            now - timedelta(minutes=1) + timedelta(milliseconds=index)
            if index < due_now
            else now + timedelta(seconds=60 + (index * 7919 % int(week)))
        )
        rows.append(
            {
                "telegram_id": chat,
                "status": "active",
                "timezone": "UTC",
                "weekday": due.weekday(),
                "local_time": f"{due:%H:%M}",
                "next_checkin_at": due,
                "phq4_enabled": False,
                "discuss_alliance": False,
                "consent_version": CONSENT_VERSION,
            }
        )
    engine = create_engine(url)
    async with session_factory(engine).begin() as session:
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Client), rows[start : start + 5000])
    await engine.dispose()
    return chats


class BenchApi(FakeBotApi):
    """The fake Bot API, watched: when each method was first called, when each send and edit
    was answered, and a future for the next edit in a chat (a client waiting to see its tap
    take effect). Only successful calls count; a 429 or any other error is not a send."""

    def __init__(self) -> None:
        super().__init__()
        self.first_call: dict[str, float] = {}
        self.sent_at: list[tuple[float, int]] = []  # (when, chat) of every sendMessage
        self._edit_waiters: dict[int, asyncio.Future[float]] = {}
        self._send_waiters: dict[int, asyncio.Future[float]] = {}

    async def _dispatch(self, request: Any, method: str, params: dict[str, Any]) -> Any:
        self.first_call.setdefault(method, time.monotonic())
        result = await super()._dispatch(request, method, params)
        now, chat = time.monotonic(), params.get("chat_id")
        if method == "sendmessage":
            self.sent_at.append((now, chat))
            waiters = self._send_waiters
        elif method == "editmessagetext":
            waiters = self._edit_waiters
        else:
            return result
        waiter = waiters.pop(chat, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(now)
        return result

    def next_edit(self, chat: int) -> "asyncio.Future[float]":
        """When the next edit in `chat` is answered: the client sees its tap take effect."""
        future = asyncio.get_running_loop().create_future()
        self._edit_waiters[chat] = future
        return future

    def next_send(self, chat: int) -> "asyncio.Future[float]":
        future = asyncio.get_running_loop().create_future()
        self._send_waiters[chat] = future
        return future

    async def wait_sends(self, expected: int, *senders: "BotProcess", within: float = 900) -> float:
        """Until `expected` messages have been sent; returns when the last of them was.

        Fails at once, with its log, when one of `senders` has exited: a bot that could not
        start would otherwise be waited for until `within` runs out.
        """
        deadline = time.monotonic() + within
        while len(self.sent_at) < expected:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(self.sent_at)} of {expected} messages were sent")
            for sender in senders:
                if sender.process.returncode is not None:
                    raise RuntimeError(f"{sender.folder} exited early:\n{sender.log()}")
            await asyncio.sleep(0.01)
        return self.sent_at[expected - 1][0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    folder: Path
    health_port: int

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.folder.glob("*.log"))

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
        await self.process.wait()


def _clean_environment() -> dict[str, str]:
    """This environment without any of Between's settings, so the bot runs on its defaults."""
    ours = {name.upper() for name in Settings.model_fields}
    return {k: v for k, v in os.environ.items() if k.upper() not in ours}


async def start_process(folder: Path, module: str, **settings: str) -> BotProcess:
    """`python -m module` in `folder` (no .env there), on default settings except these."""
    env = _clean_environment()
    env.update(PYTHONPATH=str(ROOT), **settings)
    port = int(settings.get("HEALTH_PORT", "0"))
    log = (folder / f"{module}.log").open("ab")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, cwd=folder, env=env, stdout=log, stderr=log
    )
    return BotProcess(process, folder, port)


async def start_between(
    folder: Path, api: FakeBotApi, url: str | None, **settings: str
) -> BotProcess:
    """Between as a user starts it: `python -m bot`, default settings, except the fake Bot
    API, a free HEALTH_PORT (so that the benchmark can ask /healthz, and never collides with
    another bot on this machine), the database when it is not the default SQLite file, and
    whatever else the caller says."""
    if url is not None:
        settings["DATABASE_URL"] = url
    return await start_process(
        folder,
        "bot",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        HEALTH_PORT=str(free_port()),
        **settings,
    )


async def metric(bot: BotProcess, name: str) -> float:
    """One counter from the bot's /metrics (its HEALTH_PORT), as it stands now."""
    url = f"http://127.0.0.1:{bot.health_port}/metrics"
    async with aiohttp.ClientSession() as http, http.get(url) as answer:
        page = await answer.text()
    for line in page.splitlines():
        label, _, value = line.partition(" ")
        if label == name:
            return float(value)
    raise KeyError(f"{name} is not in the bot's /metrics")


async def wait_ready(
    bot: BotProcess, api: BenchApi, within: float = 120, *, polling: bool = True
) -> float:
    """Until /healthz answers 200 and, when `polling`, the bot has asked for updates: it is
    serving. Fails loudly (with the bot's log) if it exits or does not get there in time."""
    deadline = time.monotonic() + within
    url = f"http://127.0.0.1:{bot.health_port}/healthz"
    async with aiohttp.ClientSession() as http:
        while True:
            if bot.process.returncode is not None:
                raise RuntimeError(f"the bot exited ({bot.process.returncode}):\n{bot.log()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the bot was not ready within {within} s:\n{bot.log()}")
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as answer:
                    healthy = answer.status == 200
            except (aiohttp.ClientError, TimeoutError):
                healthy = False
            if healthy and (not polling or "getupdates" in api.first_call):
                return time.monotonic()
            await asyncio.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """A process's resident memory now (VmRSS) or at its peak (VmHWM), from /proc. Raises
    if the line is not there: a missing reading must never pass for a small one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            int(line.split()[1]) / 2**20
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0.0,
    )
    try:
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        postgres = "psql not found"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.platform()}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; {postgres}; "
        f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
