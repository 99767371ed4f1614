"""Fixtures: a fake Bot API on loopback, a temporary database, a clock the test controls."""

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from botapi import FakeBotApi, TelegramTestClient
from config import Settings
from storage.crypto import new_key
from storage.db import create_engine
from storage.migrate import upgrade_database
from tests.harness import BotHarness, FakeClock

# Property-based tests (tests/test_conversation_machine.py): a bounded run in `make test`,
# a long one with HYPOTHESIS_PROFILE=long.
_PROPERTY_RUN = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile(
    "default", max_examples=30, stateful_step_count=40, **_PROPERTY_RUN
)
hypothesis_settings.register_profile(
    "long", max_examples=500, stateful_step_count=50, **_PROPERTY_RUN
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Wednesday 25 November 2026, 12:00 UTC.
START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# Monday 30 November 2026, 09:00 in London: the first check-in of a client set up by `onboard`.
FIRST_SLOT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
STATEMENTS = 6  # heard, accepted, genuine, safe, goals, approach: asked after a session
NOTE = "Talk about sleep"
CRISIS = "Call 112, or find a helpline at https://findahelpline.com"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage, scheduler and end-to-end test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'between.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql+asyncpg://… to run these")
    await empty_database(url)
    return url


async def empty_database(url: str) -> None:
    """Drop every table, so each test migrates a PostgreSQL database from nothing."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated from nothing, once a session. Migrating takes about half
    a second, most of a short test; tests/test_migrations.py still migrates from nothing."""
    path = tmp_path_factory.mktemp("migrated") / "between.db"

    async def migrate() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())
    return path


@pytest.fixture
def settings(api: FakeBotApi, tmp_path: Path, database_url: str, migrated_sqlite: Path) -> Settings:
    """The bot's settings. On SQLite its database starts as a copy of `migrated_sqlite` (the
    bot still runs its migrations as it starts, and finds them done)."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=api.token,
        telegram_api_url=api.base_url,
        database_url=database_url,
        data_dir=tmp_path,
        encryption_key=new_key(),
        crisis_text=CRISIS,
    )
    database = settings.sqlite_path()
    if database is not None:
        shutil.copyfile(migrated_sqlite, database)
    return settings


@pytest.fixture
async def bot(api: FakeBotApi, settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    harness = BotHarness(api, settings, clock)
    await harness.start()
    yield harness
    await harness.stop()
    assert not harness.errors, f"handlers raised: {harness.errors!r}"


@pytest.fixture
def alex(bot: BotHarness) -> TelegramTestClient:
    return bot.client(1001, "Alex")


async def onboard(
    client: TelegramTestClient, zone: str = "Europe/London", day: str = "Mon", at: str = "09:00"
) -> None:
    """Consent and a weekly check-in time (no sessions), the quickest way to give them."""
    await client.send("/start")
    await client.press("I agree")
    await client.press(zone)
    await client.press("I'd rather just pick a check-in time")
    await client.press(day)
    await client.press(at)


AGENDA_QUESTION = "What would you most like to talk about next time?"


async def answer_checkin(
    client: TelegramTestClient, *, mood: int, alliance: list[int], note: str | None
) -> None:
    """A session since the last check-in (Yes), mood, the statements about it, the note
    (what to talk about next time, asked before a session, is skipped)."""
    assert len(alliance) == STATEMENTS
    await client.press("Yes")
    await client.press(str(mood))
    for value in alliance:
        await client.press(str(value))
    if AGENDA_QUESTION in client.last_text:  # a check-in before a session asks it
        await client.press("Skip")
    if note is None:
        await client.press("Skip")
    else:
        await client.send(note)


async def weekly_checkins(
    bot: BotHarness,
    client: TelegramTestClient,
    weeks: int,
    *,
    mood: int = 6,
    alliance: int = 4,
    note: str | None = NOTE,
) -> None:
    """Answer `weeks` scheduled check-ins, one a week from the first slot, each after a
    session; then an hour passes."""
    for week in range(weeks):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
        await answer_checkin(client, mood=mood, alliance=[alliance] * STATEMENTS, note=note)
    bot.clock.advance(hours=1)


@pytest.fixture
async def checked_in(bot: BotHarness, alex: TelegramTestClient) -> None:
    """Alex, set up by `onboard`, has answered the first scheduled check-in: a session,
    mood 6, each statement 4, and the note NOTE; it is an hour later."""
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)
