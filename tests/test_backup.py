"""`python -m bot backup` and `restore` (storage/backup.py): a backup, the database wiped,
a restore into the empty one, and the client carries on where they were; and each restore
that cannot be trusted is refused before anything changes."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from botapi import TelegramTestClient
from config import Settings
from storage.backup import MANIFEST, BackupProblem, backup, restore
from storage.crypto import new_key
from storage.db import create_engine
from storage.migrate import _heads, upgrade_database
from storage.models import Answer, CheckIn
from tests.conftest import FIRST_SLOT, NOTE, STATEMENTS, empty_database, onboard, weekly_checkins
from tests.harness import BotHarness
from tests.test_migrations import insert_client, table_names


async def wipe(settings: Settings) -> None:
    """What a lost server leaves: no database at all (SQLite), or an empty one."""
    database = settings.sqlite_path()
    if database is None:
        await empty_database(settings.database_url)
        return
    for path in database.parent.glob(database.name + "*"):
        path.unlink()


async def tables(settings: Settings) -> set[str]:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(table_names)
    finally:
        await engine.dispose()


async def test_a_restore_into_an_empty_database_serves_the_clients_next_tap_and_checkin(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings, tmp_path: Path
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)  # answered, with a note (sealed)
    bot.clock.set(FIRST_SLOT + timedelta(weeks=1))
    await bot.tick()  # the second check-in is open, its first question on screen
    made = await backup(settings, tmp_path / "backup", bot.clock.now())
    assert made.counts["clients"] == 1 and made.counts["checkins"] == 2 and made.sealed == 1
    assert settings.encryption_key not in (tmp_path / "backup" / MANIFEST).read_text()

    await bot.stop()
    await wipe(settings)
    restored = await restore(settings, tmp_path / "backup")
    assert restored.revision == made.revision
    await bot.start()

    await alex.press("Yes")  # the next tap, on the message sent before the backup
    await alex.press("7")
    for _ in range(STATEMENTS):
        await alex.press("5")
    await alex.press("Skip")
    bot.clock.set(FIRST_SLOT + timedelta(weeks=2))
    await bot.tick()
    assert "session since your last check-in" in alex.last_text  # the next check-in came
    notes = [row.note for row in await bot.rows(Answer) if row.note]
    assert [bot.runtime.cipher.open(note) for note in notes] == [NOTE]
    assert await bot.count(CheckIn) == 3


async def test_a_restore_with_another_key_is_refused_before_anything_changes(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings, tmp_path: Path
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)
    await backup(settings, tmp_path / "backup", bot.clock.now())
    await bot.stop()
    await wipe(settings)
    other = settings.model_copy(update={"encryption_key": new_key()})
    with pytest.raises(BackupProblem) as refused:
        await restore(other, tmp_path / "backup")
    message = str(refused.value)
    assert "not the one this backup was made with" in message and "Nothing was changed" in message
    assert "\n" not in message
    if settings.sqlite_path() is not None:
        assert not settings.sqlite_path().exists()  # type: ignore[union-attr]
    else:
        assert await tables(settings) == set()
    await bot.start()  # so that the fixture's stop finds it running


async def test_a_backup_of_a_newer_schema_is_refused_and_one_that_does_not_add_up_is_told(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings, tmp_path: Path
) -> None:
    await onboard(alex)
    folder = tmp_path / "backup"
    made = await backup(settings, folder, bot.clock.now())
    await bot.stop()
    await wipe(settings)
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, "schema_revision": "0099"}))
    with pytest.raises(BackupProblem, match=r"schema \(0099\) is newer than this Between knows"):
        await restore(settings, folder)
    counts = {**made.counts, "clients": made.counts["clients"] + 1}
    (folder / MANIFEST).write_text(json.dumps({**manifest, "counts": counts}))
    with pytest.raises(BackupProblem, match="clients: 1 rows, the manifest says 2"):
        await restore(settings, folder)
    await bot.start()


async def test_a_restore_into_a_database_that_is_not_empty_is_refused(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings, tmp_path: Path
) -> None:
    await onboard(alex)
    await backup(settings, tmp_path / "backup", bot.clock.now())
    with pytest.raises(BackupProblem, match="is not empty"):
        await restore(settings, tmp_path / "backup")
    assert await bot.count(CheckIn) == 0  # untouched: the bot carries on
    with pytest.raises(BackupProblem, match="not an empty folder"):
        await backup(settings, tmp_path / "backup", bot.clock.now())


async def test_a_backup_of_an_older_schema_is_migrated_up_as_it_is_restored(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        data_dir=tmp_path,
        encryption_key=new_key(),
    )
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "0016")
        async with engine.begin() as connection:
            await connection.execute(insert_client(1, "active"))
    finally:
        await engine.dispose()
    made = await backup(settings, tmp_path / "backup", FIRST_SLOT)
    assert made.revision == "0016" and made.sealed == 0
    await wipe(settings)
    restored = await restore(settings, tmp_path / "backup")
    assert {restored.revision} == _heads()
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT telegram_id FROM clients"))).all() == [
                (1,)
            ]
    finally:
        await engine.dispose()


async def test_without_pg_dump_the_backup_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url="postgresql+asyncpg://between@127.0.0.1:1/between",
        data_dir=tmp_path,
        encryption_key=new_key(),
    )
    with pytest.raises(BackupProblem, match="pg_dump is not installed") as refused:
        await backup(settings, tmp_path / "backup", FIRST_SLOT)
    assert "postgresql-client" in str(refused.value) and "\n" not in str(refused.value)
