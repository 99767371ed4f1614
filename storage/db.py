"""Engine and session factory for SQLite (default) and PostgreSQL."""

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

Database = async_sessionmaker[AsyncSession]


def create_engine(url: str) -> AsyncEngine:
    """An async engine; for SQLite the folder is created and foreign keys are enforced."""
    if not url.startswith("sqlite"):
        # As many connections kept as updates handled at once (16) and the tick: with
        # fewer, taps at once open and close one each (a connection, a TLS attempt, every
        # statement prepared again).
        engine = _create_async_engine(url, pool_size=20, max_overflow=5)
        event.listen(engine.sync_engine, "checkin", _note_idle_since)
        event.listen(engine.sync_engine, "checkout", _ping_if_idle)
        return engine
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # One connection: SQLite has one writer anyway, and connections competing for its lock
    # spend their time in its busy handler's sleeps. Waiting for the pool costs nothing.
    engine = _create_async_engine(
        url, connect_args={"timeout": 30}, pool_size=1, max_overflow=0, pool_timeout=60
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


# A connection used this recently is taken as alive; an older one is pinged before use.
IDLE_PING_SECONDS = 10.0


def _note_idle_since(_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that sat idle (the server may have restarted, a proxy dropped it)
    and let the pool replace it if it is gone. `pool_pre_ping` pings on every checkout:
    three round trips (BEGIN, the ping, ROLLBACK) before each tap's own four."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
        return
    try:
        connection.ping()
    except Exception as error:
        raise exc.DisconnectionError(f"connection idle and gone: {error}") from error


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL loses no committed transaction when the process crashes; only a power
    # cut may lose the last ones. It saves an fsync per commit, i.e. per answer and per send.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, so an erased client leaves no bytes behind.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


async def scrub_deleted(engine: AsyncEngine) -> None:
    """After an erasure on SQLite, copy the WAL into the database and empty it, so the
    deleted rows live on in neither file. PostgreSQL needs nothing here."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def session_factory(engine: AsyncEngine) -> Database:
    return async_sessionmaker(engine, expire_on_commit=False)
