"""Alembic environment: runs on a connection handed in by storage.migrate, or on DATABASE_URL."""

import asyncio
from typing import Any, Literal

from alembic import context
from sqlalchemy.engine import Connection

from storage.models import Base, UTCDateTime


def render_item(kind: str, item: Any, _context: Any) -> str | Literal[False]:
    """Migrations spell UTCDateTime as the plain column type it stores."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    from storage.db import create_engine

    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


def _settings_url() -> str:
    from config import Settings

    return Settings().database_url


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    asyncio.run(run_from_url(context.config.get_main_option("sqlalchemy.url") or _settings_url()))
