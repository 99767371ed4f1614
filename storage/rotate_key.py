"""`python -m storage.rotate_key`: re-encrypt every note, goal and task under a new key
(stop the bot first).

In an order that cannot lose a note, whatever stops it at whatever step:

1. The new key is written to DATA_DIR/encryption.key.new (durably) and printed.
2. Every note is re-sealed under it, in one transaction, which commits.
3. With a key file: the .new file replaces DATA_DIR/encryption.key (atomic rename, folder
   fsynced). With ENCRYPTION_KEY: the .new file becomes encryption.key.rotated, and the bot
   starts again once ENCRYPTION_KEY is set to the printed key (storage/crypto.py).

Until step 3, the old key is where it was. Stopped before it (crash, full disk, Ctrl-C), the
rotation is run again the same way: it finds the .new file, opens each note with whichever key
works, seals it under the key already printed, and finishes. The bot will not start meanwhile.
"""

import argparse
import asyncio
import os
import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from config import Settings, SettingsError, load_settings
from storage.crypto import (
    CipherError,
    NoteCipher,
    decode_key,
    new_key,
    pending_key_file,
    read_key_file,
    rotated_key_file,
    sync_folder,
    write_key_file,
)
from storage.db import session_factory
from storage.migrate import CANNOT_START, DatabaseProblem, explained, open_engine
from storage.models import Answer, Course, Goal, Task

# Every column that holds the client's words, sealed.
SEALED = ((Answer, "note"), (Goal, "words"), (Task, "words"), (Course, "note"))

Checkpoint = Callable[[str], None]


def _no_checkpoint(_step: str) -> None:
    return None


async def rotate(
    engine: AsyncEngine,
    old: NoteCipher | None,
    new: NoteCipher,
    before_commit: Callable[[], None] = lambda: None,
) -> int:
    """Re-seal every note, goal, task and end-of-therapy note under `new`; returns how
    many. Nothing changes unless all of them open.

    A text `new` already opens is left as it is (a rotation that is being finished).
    """
    async with session_factory(engine).begin() as session:
        count = 0
        for model, column in SEALED:
            sealed = getattr(model, column)
            for row in await session.scalars(select(model).where(sealed.is_not(None))):
                resealed = _resealed(getattr(row, column) or b"", old, new)
                if resealed is not None:
                    setattr(row, column, resealed)
                    count += 1
        before_commit()
        return count


def _resealed(blob: bytes, old: NoteCipher | None, new: NoteCipher) -> bytes | None:
    """`blob` sealed under `new`; None if it already is."""
    try:
        new.open(blob)
        return None
    except CipherError:
        if old is None:
            raise
    return new.seal(old.open(blob))


async def rotate_key(
    settings: Settings,
    new_key_text: str | None = None,
    checkpoint: Checkpoint = _no_checkpoint,
) -> int:
    """Rotate, or finish a rotation that was stopped; returns how many texts were re-sealed.

    `checkpoint` is called with each step reached ("written", "sealed", "committed",
    "renamed"): the tests stop the rotation there.
    """
    configured = settings.encryption_key
    key_file = settings.data_dir / "encryption.key"
    pending, rotated = pending_key_file(key_file), rotated_key_file(key_file)
    if configured and rotated.exists():
        if decode_key(configured) != read_key_file(rotated):
            raise CipherError(
                f"the last rotation's key, in {rotated}, is not in ENCRYPTION_KEY yet: set "
                "ENCRYPTION_KEY to it first."
            )
        rotated.unlink()
    if configured:
        old: NoteCipher | None = NoteCipher(decode_key(configured))
    elif key_file.exists():
        old = NoteCipher(read_key_file(key_file))
    else:
        old = None  # no key yet, so no note either
    started_here = not pending.exists()
    if started_here:
        replacement = new_key_text or new_key()
        try:
            NoteCipher(decode_key(replacement))
        except CipherError:
            raise CipherError(
                "--new-key is not a key: it must be 32 bytes in URL-safe base64 (44 characters)"
            ) from None
        write_key_file(pending, replacement)
    else:
        replacement = pending.read_text(encoding="ascii").strip()
        if new_key_text and decode_key(new_key_text) != decode_key(replacement):
            raise CipherError(
                f"a rotation to the key in {pending} has not finished; run again without "
                "--new-key to finish it first."
            )
        print(f"Finishing the rotation stopped earlier (key in {pending}).", file=sys.stderr)
    print(replacement, flush=True)
    checkpoint("written")

    engine = open_engine(settings.database_url)
    try:
        with explained(settings.database_url):
            count = await rotate(
                engine, old, NoteCipher(decode_key(replacement)), lambda: checkpoint("sealed")
            )
    except CipherError:
        if started_here:  # rolled back, and the new key was never shown to a note
            pending.unlink()
        raise
    finally:
        await engine.dispose()
    checkpoint("committed")

    os.replace(pending, rotated if configured else key_file)
    sync_folder(key_file.parent)
    checkpoint("renamed")
    print(f"Re-encrypted {count} notes, goals and tasks.", file=sys.stderr)
    if configured:
        print(
            f"Set ENCRYPTION_KEY to the new key above (also in {rotated}) before the next start.",
            file=sys.stderr,
        )
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description="Re-encrypt every note under a new key.")
    parser.add_argument(
        "--new-key",
        metavar="KEY",
        help="the new base64 key, written --new-key=KEY as a key may start with '-' "
        "(default: generate one)",
    )
    arguments = parser.parse_args()
    try:
        asyncio.run(rotate_key(load_settings(), arguments.new_key))
    except (SettingsError, DatabaseProblem, CipherError) as error:
        print(f"The key was not rotated: {error}", file=sys.stderr)
        return CANNOT_START
    return 0


if __name__ == "__main__":
    sys.exit(main())
