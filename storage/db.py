"""Engine and session factory for SQLite (default) and PostgreSQL."""

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

Database = async_sessionmaker[AsyncSession]


def create_engine(url: str) -> AsyncEngine:
    """An async engine; for SQLite the folder is created and foreign keys are enforced."""
    if not url.startswith("sqlite"):
        return _create_async_engine(url, pool_pre_ping=True)
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
