"""Key rotation cannot lose data: the new key is on disk and printed before the re-encryption
commits, the old key stays until it has, and a rotation stopped at any step can be re-run to
completion."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from config import Settings
from storage.crypto import CipherError, NoteCipher, decode_key, load_key, new_key
from storage.db import create_engine, session_factory
from storage.migrate import upgrade_database
from storage.models import Answer, CheckIn, Client, Course
from storage.rotate_key import rotate_key
from tests.conftest import START

NOTES = [f"note {n}: what I could not say on Tuesday" for n in range(5)]
STEPS = ["written", "sealed", "committed", "renamed"]


class Interrupted(Exception):
    """Stands for a crash, a full disk or a Ctrl-C at one step of the rotation."""


def fail_at(step: str):  # type: ignore[no-untyped-def]
    def checkpoint(reached: str) -> None:
        if reached == step:
            raise Interrupted(step)

    return checkpoint


async def seed(settings: Settings, cipher: NoteCipher) -> None:
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    async with session_factory(engine).begin() as session:
        client = Client(telegram_id=1001, status="active")
        session.add(client)
        await session.flush()
        for week, note in enumerate(NOTES):
            checkin = CheckIn(
                client_id=client.id,
                due_at=START + timedelta(weeks=week),
                deliver_at=START + timedelta(weeks=week),
                status="done",
                plan="[]",
            )
            session.add(checkin)
            await session.flush()
            for position, text in enumerate([note, None]):
                session.add(
                    Answer(
                        checkin_id=checkin.id,
                        position=position,
                        instrument_id="mood",
                        instrument_version=1,
                        item_key="note" if text else "mood",
                        item_text="…",
                        value=None if text else 3,
                        note=cipher.seal(text) if text else None,
                        answered_at=START,
                    )
                )
    await engine.dispose()


async def notes_opened_with(settings: Settings, cipher: NoteCipher) -> list[str]:
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session:
        blobs = await session.scalars(
            select(Answer.note).where(Answer.note.is_not(None)).order_by(Answer.id)
        )
        notes = [cipher.open(blob) for blob in blobs]
    await engine.dispose()
    return notes


def key_file_settings(database_url: str, folder: Path) -> Settings:
    return Settings(_env_file=None, database_url=database_url, data_dir=folder)  # type: ignore[call-arg]


@pytest.mark.parametrize("step", STEPS)
async def test_a_rotation_stopped_at_any_step_can_be_finished(
    step: str, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = key_file_settings(database_url, tmp_path)
    key_file = tmp_path / "encryption.key"
    old = load_key(None, key_file)
    await seed(settings, NoteCipher(old))

    with pytest.raises(Interrupted):
        await rotate_key(settings, checkpoint=fail_at(step))
    printed = capsys.readouterr().out.strip()
    pending = tmp_path / "encryption.key.new"
    if step != "renamed":
        # The new key is on disk and was shown before anything could depend on it.
        assert pending.read_text().strip() == printed
        assert key_file.exists() and decode_key(key_file.read_text()) == old
        if step in ("written", "sealed"):
            assert await notes_opened_with(settings, NoteCipher(old)) == NOTES
        # The bot will not start on a database that may be under either key.
        with pytest.raises(CipherError, match="rotate_key"):
            load_key(None, key_file)
    else:
        assert not pending.exists()
        assert key_file.read_text().strip() == printed

    await rotate_key(settings)
    finished = capsys.readouterr().out.strip()
    if step != "renamed":
        assert finished == printed, "a re-run finishes with the key already shown"
    assert not pending.exists()
    key = load_key(None, key_file)
    assert key != old
    assert await notes_opened_with(settings, NoteCipher(key)) == NOTES
    with pytest.raises(CipherError):
        await notes_opened_with(settings, NoteCipher(old))


async def test_with_encryption_key_set_the_new_key_waits_in_a_file_until_it_is_set(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_text = new_key()
    settings = key_file_settings(database_url, tmp_path).model_copy(
        update={"encryption_key": old_text}
    )
    await seed(settings, NoteCipher(decode_key(old_text)))
    key_file = tmp_path / "encryption.key"
    pending = tmp_path / "encryption.key.new"

    with pytest.raises(Interrupted):
        await rotate_key(settings, checkpoint=fail_at("sealed"))
    printed = capsys.readouterr().out.strip()
    assert pending.read_text().strip() == printed
    await rotate_key(settings)
    assert capsys.readouterr().out.strip() == printed
    new = NoteCipher(decode_key(printed))
    assert await notes_opened_with(settings, new) == NOTES
    # Until ENCRYPTION_KEY holds the new key, the bot refuses to start with the old one…
    with pytest.raises(CipherError, match="ENCRYPTION_KEY"):
        load_key(old_text, key_file)
    # …and once it does, the copy in the file is no longer needed.
    rotated = tmp_path / "encryption.key.rotated"
    assert rotated.read_text().strip() == printed
    assert load_key(printed, key_file) == decode_key(printed)
    assert not pending.exists() and not rotated.exists() and not key_file.exists()


async def test_a_note_no_key_opens_stops_the_rotation_before_anything_changes(
    database_url: str, tmp_path: Path
) -> None:
    settings = key_file_settings(database_url, tmp_path)
    key_file = tmp_path / "encryption.key"
    old = load_key(None, key_file)
    await seed(settings, NoteCipher(decode_key(new_key())))  # sealed under a lost key
    with pytest.raises(CipherError):
        await rotate_key(settings)
    assert decode_key(key_file.read_text()) == old
    assert not (tmp_path / "encryption.key.new").exists(), "nothing changed: nothing to finish"
    assert load_key(None, key_file) == old


def test_processes_starting_together_on_one_data_dir_share_one_new_key(tmp_path: Path) -> None:
    """Three bot processes started at once found no key file, each wrote one, and one failed
    to start (its temporary file had been renamed away) while the others sealed notes
    under different keys."""
    key_file = tmp_path / "data" / "encryption.key"
    start = threading.Barrier(8)

    def start_one() -> bytes:
        start.wait()
        return load_key(None, key_file)

    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: start_one(), range(8)))
    assert len(set(keys)) == 1
    assert [path.name for path in key_file.parent.iterdir()] == ["encryption.key"]


async def test_the_note_kept_at_the_end_of_therapy_is_resealed_too(
    database_url: str, tmp_path: Path
) -> None:
    settings = key_file_settings(database_url, tmp_path)
    old = NoteCipher(load_key(None, tmp_path / "encryption.key"))
    await seed(settings, old)
    engine = create_engine(settings.database_url)
    async with session_factory(engine).begin() as session:
        [client] = await session.scalars(select(Client))
        session.add(Course(client_id=client.id, started_at=START, note=old.seal("Walks helped")))
    await engine.dispose()
    await rotate_key(settings)
    new = NoteCipher(load_key(None, tmp_path / "encryption.key"))
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session:
        [note] = await session.scalars(select(Course.note))
    await engine.dispose()
    assert new.open(note or b"") == "Walks helped"
