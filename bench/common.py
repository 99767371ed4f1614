"""What every benchmark needs: a throw-away database on either engine, fast seeding of
clients, the bot as a separate process, and a description of the machine."""

import asyncio
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import insert

from services.clients import CONSENT_VERSION
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
async def database(kind: str) -> AsyncIterator[str]:
    """A migrated, empty database of `kind` ("sqlite" or "postgresql"), dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
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


async def seed_clients(url: str, count: int, *, due_now: int = 0, now: datetime) -> range:
    """`count` active clients; the first `due_now` are due, the rest spread over the week."""
    chats = range(FIRST_CHAT, FIRST_CHAT + count)
    week = timedelta(weeks=1).total_seconds()
    rows = []
    for index, chat in enumerate(chats):
        due = (
            now - timedelta(minutes=1)
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


def bot_process(
    folder: Path, log_name: str, **settings: str
) -> "asyncio.Future[asyncio.subprocess.Process]":
    """Start `python -m bot` (or another module given as MODULE) with these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(PYTHONPATH=str(ROOT), HEALTH_PORT="0", LOG_LEVEL="WARNING")
    module = settings.pop("MODULE", "bot")
    env.update(settings)
    log = (folder / log_name).open("ab")
    return asyncio.ensure_future(
        asyncio.create_subprocess_exec(
            sys.executable, "-m", module, cwd=folder, env=env, stdout=log, stderr=log
        )
    )


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


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
