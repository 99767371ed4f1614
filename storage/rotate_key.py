"""`python -m storage.rotate_key`: re-encrypt every note under a new key, in one transaction.

Reads with the current key (ENCRYPTION_KEY, or the key file in DATA_DIR), writes with the
new one, then prints the new key. With a key file, the file is replaced after the commit;
with ENCRYPTION_KEY, set the printed key there before the next start.
"""

import argparse
import asyncio
import sys

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import NoteCipher, decode_key, load_key, new_key
from storage.db import create_engine, session_factory
from storage.models import Answer


async def rotate(engine: AsyncEngine, old: NoteCipher, new: NoteCipher) -> int:
    """Re-seal every note; returns how many. Nothing changes unless all of them open."""
    async with session_factory(engine).begin() as session:
        answers = await session.scalars(select(Answer).where(Answer.note.is_not(None)))
        count = 0
        for answer in answers:
            answer.note = new.seal(old.open(answer.note or b""))
            count += 1
        return count


async def _main(new_key_text: str | None) -> None:
    from config import Settings

    settings = Settings()
    key_file = settings.data_dir / "encryption.key"
    old = NoteCipher(load_key(settings.encryption_key, key_file))
    replacement = new_key_text or new_key()
    engine = create_engine(settings.database_url)
    count = await rotate(engine, old, NoteCipher(decode_key(replacement)))
    await engine.dispose()
    if not settings.encryption_key:
        key_file.write_text(replacement + "\n", encoding="ascii")
    print(f"Re-encrypted {count} notes.", file=sys.stderr)
    if settings.encryption_key:
        print("Set ENCRYPTION_KEY to this new key before the next start:", file=sys.stderr)
    print(replacement)


def main() -> None:
    parser = argparse.ArgumentParser(description="Re-encrypt every note under a new key.")
    parser.add_argument("--new-key", help="the new base64 key (default: generate one)")
    asyncio.run(_main(parser.parse_args().new_key))


if __name__ == "__main__":
    main()
