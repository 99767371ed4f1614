"""Seeding due clients and counting what each chat received, for the process tests."""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.common import seed_clients
from botapi import FakeBotApi
from storage.db import create_engine, session_factory
from storage.migrate import upgrade_database
from tests.processes import BotProcess


def checkins_by_chat(api: FakeBotApi, chats: range) -> Counter[int]:
    """How many check-in messages each chat has received."""
    return Counter(
        {chat: sum("Check-in ·" in m.plain_text for m in api.bot_messages(chat)) for chat in chats}
    )


async def seed_due_clients(url: str, count: int) -> range:
    """`count` consented clients whose weekly slot came a minute ago."""
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()
    return await seed_clients(url, count, due_now=count, now=datetime.now(UTC))


async def count_rows(url: str, model: type, **where: object) -> int:
    engine = create_engine(url)
    async with session_factory(engine)() as session:
        total = await session.scalar(select(func.count()).select_from(model).filter_by(**where))
    await engine.dispose()
    return int(total or 0)


def dispatcher(folder: Path, name: str, api: FakeBotApi, url: str, **extra: str) -> BotProcess:
    return BotProcess(
        folder,
        name,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=url,
        TICK_SECONDS="0.2",
        SEND_RATE="5000",
        LEASE_SECONDS="3",
        **extra,
    )
