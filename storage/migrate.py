"""Creates and upgrades the schema with Alembic: on start-up, and as `python -m storage.migrate`.

A database that cannot be reached or used, and a setting that is not valid, end in one
paragraph on stderr and exit code 2, as they do for `python -m bot`.
"""

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import create_engine

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
LOCK_KEY = 0x42E7_3E11  # any fixed number, the same in every Between process
CANNOT_START = 2
DANGLING = "PRAGMA foreign_key_check"  # SQLite: rows whose foreign key points at nothing


class DatabaseProblem(Exception):
    """DATABASE_URL cannot be used or the database does not answer; the message says which."""


def open_engine(url: str) -> AsyncEngine:
    """`create_engine`, with a URL it cannot use told as `DatabaseProblem`."""
    try:
        return create_engine(url)
    except (ArgumentError, ImportError, InvalidRequestError) as error:
        raise DatabaseProblem(
            f"DATABASE_URL is not a database URL Between can use ({_first_line(error)}). Use "
            "sqlite+aiosqlite:///path/to/between.db, or "
            "postgresql+asyncpg://user:password@host:5432/between."
        ) from None


@contextmanager
def explained(url: str) -> Iterator[None]:
    """Within it, a database that cannot be reached or used is told as `DatabaseProblem`."""
    try:
        yield
    except (OSError, DBAPIError) as error:
        reason = error.orig if isinstance(error, DBAPIError) else error
        raise DatabaseProblem(
            f"the database at {_shown(url)} (DATABASE_URL) cannot be used: "
            f"{_first_line(reason)}. Check that the database server is running and that "
            "DATABASE_URL names it, its user and its database, then try again."
        ) from None


def alembic_config(url: str = "") -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema on `engine` up to `revision`.

    On PostgreSQL several processes may start at once; a transaction-scoped advisory lock
    lets one migrate while the others wait, then find nothing left to do.
    """
    async with _migrating(engine) as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        if revision != "head" or not await connection.run_sync(_at_head):
            await connection.run_sync(_run, command.upgrade, revision)


def _at_head(connection: Connection) -> bool:
    """Whether the schema is already at the newest revision: most starts find it so, and
    asking costs a query, where Alembic's upgrade compiles every migration file first."""
    current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == _heads()


@cache
def _heads() -> set[str]:
    """The newest revisions of the migrations shipped with this code (read once a process)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def downgrade_database(engine: AsyncEngine, revision: str) -> None:
    async with _migrating(engine) as connection:
        await connection.run_sync(_run, command.downgrade, revision)


@asynccontextmanager
async def _migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction to migrate in. On SQLite, foreign keys are off for it: SQLite changes a
    table by copying it and dropping the old one, and with them on, the drop would delete
    every row that refers to it (a client's answers, with their check-ins). They are checked
    before the commit instead, and switched back on for the pool's next user."""
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # not inside a transaction, where SQLite ignores it
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            async with connection.begin():
                yield connection
                if (
                    sqlite
                    and (await connection.exec_driver_sql("PRAGMA foreign_key_check")).first()
                ):
                    raise DatabaseProblem("a migration left rows pointing at nothing")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()


def _run(connection: Connection, action: object, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    action(config, revision)  # type: ignore[operator]


def _shown(url: str) -> str:
    """The URL without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "DATABASE_URL"


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


async def _main(direction: str, revision: str) -> None:
    from config import load_settings

    url = load_settings().database_url
    engine = open_engine(url)
    try:
        with explained(url):
            if direction == "upgrade":
                await upgrade_database(engine, revision)
            else:
                await downgrade_database(engine, revision)
    finally:
        await engine.dispose()


def main() -> int:
    from config import SettingsError

    parser = argparse.ArgumentParser(description="Create or upgrade Between's database schema.")
    parser.add_argument("direction", nargs="?", default="upgrade", choices=["upgrade", "downgrade"])
    parser.add_argument("revision", nargs="?", default="head")
    arguments = parser.parse_args()
    try:
        asyncio.run(_main(arguments.direction, arguments.revision))
    except (SettingsError, DatabaseProblem) as error:
        print(f"Between cannot migrate the database: {error}", file=sys.stderr)
        return CANNOT_START
    return 0


if __name__ == "__main__":
    sys.exit(main())
