"""Creates and upgrades the schema with Alembic: on start-up, and as `python -m storage.migrate`."""

import argparse
import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
LOCK_KEY = 0x42E7_3E11  # any fixed number, the same in every Between process


def alembic_config(url: str = "") -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema on `engine` up to `revision`.

    On PostgreSQL several processes may start at once; a transaction-scoped advisory lock
    lets one migrate while the others wait, then find nothing left to do.
    """
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        await connection.run_sync(_run, command.upgrade, revision)


async def downgrade_database(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_run, command.downgrade, revision)


def _run(connection: Connection, action: object, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    action(config, revision)  # type: ignore[operator]


async def _main(direction: str, revision: str) -> None:
    from config import Settings

    engine = create_engine(Settings().database_url)
    if direction == "upgrade":
        await upgrade_database(engine, revision)
    else:
        await downgrade_database(engine, revision)
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Create or upgrade Between's database schema.")
    parser.add_argument("direction", nargs="?", default="upgrade", choices=["upgrade", "downgrade"])
    parser.add_argument("revision", nargs="?", default="head")
    arguments = parser.parse_args()
    asyncio.run(_main(arguments.direction, arguments.revision))


if __name__ == "__main__":
    main()
