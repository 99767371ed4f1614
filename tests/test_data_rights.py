"""Export everything, erase everything, and notes that never rest in plain text."""

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from botapi import TelegramTestClient
from config import Settings
from domain import consent
from storage.crypto import CipherError, NoteCipher, decode_key, new_key
from storage.models import Answer, Base
from storage.rotate_key import rotate
from tests.conftest import NOTE, onboard, weekly_checkins
from tests.harness import BotHarness

SECRET = "I never told anyone about Jordan"


async def test_export_holds_everything_with_notes_readable(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 2, note=SECRET)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("Send")
    await alex.send("/pause")
    await alex.press("Until I resume")
    await alex.send("/export")
    json_doc, csv_doc = alex.bot_messages()[-2:]
    assert (json_doc.filename, csv_doc.filename) == ("between-export.json", "between-answers.csv")
    exported = json.loads(json_doc.content or b"")
    assert exported["client"]["timezone"] == "Europe/London"
    assert exported["client"]["telegram_id"] == alex.chat_id
    assert [c["version"] for c in exported["consent_records"]] == [consent.CONSENT_VERSION]
    assert len(exported["checkins"]) == 2
    answers = exported["checkins"][0]["answers"]
    assert len(answers) == 9  # the session question, mood, six statements, the note
    assert {(a["instrument_id"], a["instrument_version"]) for a in answers} == {("weekly", 3)}
    assert (answers[0]["item_key"], answers[0]["value"]) == ("session", 1)
    assert answers[-1]["note"] == SECRET
    assert exported["summaries_sent"][0]["sections"] == "alliance,mood,notes"
    [pause] = exported["pauses"]
    assert pause["started_at"] and pause["ended_at"] is None
    rows = list(csv.DictReader(io.StringIO((csv_doc.content or b"").decode("utf-8-sig"))))
    assert len(rows) == 18
    assert rows[8]["note"] == SECRET and (rows[0]["value"], rows[1]["value"]) == ("1", "6")


async def test_export_before_anything_is_stored(bot: BotHarness, alex: TelegramTestClient) -> None:
    await alex.send("/export")
    assert "nothing stored" in alex.last_text


async def all_rows(bot: BotHarness) -> dict[str, list[tuple[object, ...]]]:
    async with bot.runtime.db() as session:
        return {
            table.name: [tuple(row) for row in await session.execute(table.select())]
            for table in Base.metadata.sorted_tables
        }


async def test_erasure_leaves_no_row_about_the_client_in_any_table(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    sam = bot.client(2002, "Sam")
    await onboard(sam)
    await onboard(alex)
    await weekly_checkins(bot, alex, 2, note=SECRET)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("Send")
    await alex.send("/pause")
    await alex.press("2 weeks")
    assert len((await all_rows(bot))["pauses"]) == 1
    await alex.send("/delete")
    await alex.press("Erase everything")
    assert "Everything is erased" in alex.last_text
    tables = await all_rows(bot)
    [sam_row] = tables["clients"]
    for name, rows in tables.items():
        for row in rows:
            assert alex.chat_id not in row, f"{name} still holds Alex's Telegram id"
        if name not in ("clients", "send_budgets"):  # the bot's send budget is no client's
            assert all(sam_row[0] in row for row in rows), f"{name} holds rows of nobody"
    assert tables["answers"] == [] and tables["summaries"] == [] and tables["pauses"] == []
    await alex.send("/start")
    assert "welcome to Between" in alex.last_text


@pytest.mark.usefixtures("checked_in")
async def test_the_database_holds_no_plaintext_note(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings
) -> None:
    [stored] = [answer.note for answer in await bot.rows(Answer) if answer.note]
    assert bot.runtime.cipher.open(stored) == NOTE, "the note is stored, sealed"
    assert NOTE.encode() not in await raw_dump(bot, settings)


async def raw_dump(bot: BotHarness, settings: Settings) -> bytes:
    """What a copy of the database holds: the SQLite files, or every stored value."""
    async with bot.runtime.db() as session:
        if session.get_bind().dialect.name == "sqlite":
            await session.execute(text("PRAGMA wal_checkpoint(FULL)"))
            database = Path(settings.sqlite_path() or "")
            files = database.parent.glob(database.name + "*")
            return b"".join(path.read_bytes() for path in files)
        values = []
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(table.select()):
                values.extend(v if isinstance(v, bytes) else str(v).encode() for v in row)
        return b"\n".join(values)


async def test_key_rotation_keeps_every_note_readable(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 3, note=SECRET)
    old = bot.runtime.cipher
    new = NoteCipher(decode_key(new_key()))
    engine = bot.runtime.engine
    assert await rotate(engine, old, new) == 3
    for answer in await bot.rows(Answer):
        if answer.note:
            assert new.open(answer.note) == SECRET
            try:
                old.open(answer.note)
            except CipherError:
                continue
            raise AssertionError("the old key still opens a rotated note")


def test_a_key_is_generated_once_with_a_warning_to_back_it_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from storage.crypto import load_key

    key_file = tmp_path / "data" / "encryption.key"
    first = load_key(None, key_file)
    assert "back it up" in caplog.text
    assert load_key(None, key_file) == first
    assert key_file.stat().st_mode & 0o077 == 0
