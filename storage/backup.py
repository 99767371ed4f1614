"""Backups of the database, and restoring one into an empty database.

A backup is a folder of two files: the dump and `manifest.json`. The dump is consistent
while the bot runs: SQLite's online backup API copies the file page by page under its read
lock; on PostgreSQL, pg_dump's custom format reads a snapshot exported from the transaction
the manifest's counts are taken in, so the counts are those of the dump. The manifest holds
the schema revision, the rows of each table, when, and a keyed fingerprint of the encryption
key: it tells a restore whether the key it has is the backup's, and tells nobody the key.
The key itself is never in the backup; it is kept, and backed up, apart.

A restore checks everything it can before it writes anything (the manifest, the schema is
not newer than this code's, the key, an empty target, the tools), then loads the dump,
checks the rows of each table against the manifest, and migrates an older schema up.
"""

import asyncio
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from config import Settings
from storage.crypto import (
    CipherError,
    NoteCipher,
    check_rotation_finished,
    decode_key,
    read_key_file,
)
from storage.migrate import alembic_config, explained, open_engine, upgrade_database

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite"
POSTGRES_DUMP = "database.pgdump"
KEY_CHECK = "between/backup/key-check"
# Every column that holds text sealed under the key (storage/crypto.py).
SEALED = (("answers", "note"), ("goals", "words"), ("tasks", "words"), ("courses", "note"))


class BackupProblem(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    made_at: datetime
    database: str  # "sqlite" or "postgresql"
    revision: str
    counts: dict[str, int]
    key_check: str
    sealed: int  # how many texts are sealed under the key

    @property
    def dump(self) -> str:
        return SQLITE_DUMP if self.database == "sqlite" else POSTGRES_DUMP

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "made_at": self.made_at.isoformat(),
                "database": self.database,
                "dump": self.dump,
                "schema_revision": self.revision,
                "counts": self.counts,
                "key_check": self.key_check,
                "sealed_texts": self.sealed,
            },
            indent=2,
        )

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["format"] != FORMAT:
                raise BackupProblem(
                    f"{path} is a backup of format {data['format']}, and this Between reads "
                    f"format {FORMAT}: restore it with the Between that made it."
                )
            return cls(
                made_at=datetime.fromisoformat(data["made_at"]),
                database=data["database"],
                revision=data["schema_revision"],
                counts={str(table): int(rows) for table, rows in data["counts"].items()},
                key_check=data["key_check"],
                sealed=int(data["sealed_texts"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupProblem(
                f"{path} cannot be read as a Between backup manifest ({error}). PATH is the "
                "folder `python -m bot backup PATH` made, with manifest.json in it."
            ) from None


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    revision: str  # the schema after the restore: the backup's, or migrated up to head


def existing_key(settings: Settings) -> NoteCipher:
    """The key the bot would use, without making one: a backup or restore with no key
    would otherwise generate a new key that opens nothing."""
    key_file = settings.data_dir / "encryption.key"
    check_rotation_finished(settings.encryption_key, key_file)
    if settings.encryption_key:
        return NoteCipher(decode_key(settings.encryption_key))
    if key_file.exists():
        return NoteCipher(read_key_file(key_file))
    raise BackupProblem(
        f"there is no encryption key: ENCRYPTION_KEY is not set and {key_file} (DATA_DIR) is "
        "not there. Put the key back first (the key file, ENCRYPTION_KEY or "
        "ENCRYPTION_KEY_FILE, from where you keep it apart from the backups), then try again."
    )


async def backup(settings: Settings, folder: Path, now: datetime) -> Manifest:
    """Dump the database into `folder` (new, or empty) with its manifest."""
    cipher = existing_key(settings)
    _prepare_folder(folder)
    engine = open_engine(settings.database_url)
    try:
        with explained(settings.database_url), _removed_unless_finished(folder):
            if engine.dialect.name == "sqlite":
                await engine.dispose()  # the copy is made with the sqlite3 module
                manifest = _backup_sqlite(_sqlite_file(settings), folder, cipher, now)
            else:
                tool = _tool("pg_dump")
                url = make_url(settings.database_url)
                async with engine.connect() as connection:
                    manifest = await _backup_postgres(connection, tool, url, folder, cipher, now)
    finally:
        await engine.dispose()
    _write_private(folder / MANIFEST, manifest.to_json() + "\n")
    return manifest


async def restore(settings: Settings, folder: Path) -> Restored:
    """Load the backup in `folder` into the (empty) database, check it, migrate it up."""
    manifest = Manifest.read(folder)
    if manifest.revision not in _known_revisions():
        raise BackupProblem(
            f"the backup's schema ({manifest.revision}) is newer than this Between knows (it "
            f"goes up to {', '.join(sorted(_heads()))}): upgrade Between to the release that "
            "made the backup, or a later one, then restore. Nothing was changed."
        )
    cipher = existing_key(settings)
    if not _opens(cipher, manifest):
        sealed = (
            f"the notes, goals and tasks in it ({manifest.sealed}) could not be read"
            if manifest.sealed
            else "what clients write from now on would be sealed under another key"
        )
        raise BackupProblem(
            "the encryption key is not the one this backup was made with, so "
            f"{sealed}. Nothing was changed. Set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE, or "
            "put DATA_DIR/encryption.key back) to the key the bot had when the backup was "
            f"made ({manifest.made_at:%Y-%m-%d %H:%M} UTC), then restore again."
        )
    dump = folder / manifest.dump
    if not dump.is_file():
        raise BackupProblem(f"{dump} is missing: the backup is not whole. Nothing was changed.")
    engine = open_engine(settings.database_url)
    try:
        with explained(settings.database_url):
            if engine.dialect.name != manifest.database:
                raise BackupProblem(
                    f"this is a backup of a {manifest.database} database, and DATABASE_URL is "
                    f"{engine.dialect.name}: restore into the same kind. Nothing was changed."
                )
            tables = await _tables(engine)
            if tables:
                raise BackupProblem(
                    f"the database DATABASE_URL names is not empty (it has {len(tables)} "
                    "tables): a restore goes into an empty database, so that nothing in it is "
                    "mixed with the backup. Make a new database (or move the SQLite file "
                    "away), point DATABASE_URL at it, and restore again. Nothing was changed."
                )
            if engine.dialect.name == "sqlite":
                await engine.dispose()
                _restore_sqlite(dump, _sqlite_file(settings))
            else:
                await _restore_postgres(_tool("pg_restore"), make_url(settings.database_url), dump)
            _check_counts(manifest.counts, await _counts_on(engine))
            await upgrade_database(engine)
            async with engine.connect() as connection:
                revision = await connection.run_sync(_revision)
    finally:
        await engine.dispose()
    return Restored(manifest, revision)


@contextmanager
def _removed_unless_finished(folder: Path) -> Iterator[None]:
    """A backup that stops half-way leaves no dump behind that could be taken for one."""
    try:
        yield
    except BaseException:
        for name in (SQLITE_DUMP, POSTGRES_DUMP):
            (folder / name).unlink(missing_ok=True)
        raise


def _opens(cipher: NoteCipher, manifest: Manifest) -> bool:
    return cipher.fingerprint(KEY_CHECK) == manifest.key_check


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupProblem(
            f"{folder} is there and is not an empty folder: give a new folder for each backup "
            "(for example one named after the date), so that no backup overwrites another."
        )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupProblem(f"cannot make the folder {folder}: {error.strerror}.") from None


def _write_private(path: Path, content: str) -> None:
    """A file only its owner can read: a backup holds everything clients told Between."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(content)


def _sqlite_file(settings: Settings) -> Path:
    path = settings.sqlite_path()
    if path is None:
        raise BackupProblem("an in-memory SQLite database has nothing to back up or restore into.")
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupProblem(
            f"{name} is not installed (or not on PATH), and Between uses it to back up and "
            f"restore PostgreSQL. Install PostgreSQL's client programs (Debian: `apt install "
            f"postgresql-client`; the image has them), of the server's major version or newer, "
            "then try again."
        )
    return found


def _backup_sqlite(source: Path, folder: Path, cipher: NoteCipher, now: datetime) -> Manifest:
    if not source.is_file():
        raise BackupProblem(f"there is no database at {source} (DATABASE_URL) to back up.")
    dump = folder / SQLITE_DUMP
    os.close(os.open(dump, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(dump)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    with closing(sqlite3.connect(dump)) as copy:
        return _manifest(_sqlite_reader(copy), "sqlite", cipher, now)


async def _backup_postgres(
    connection: AsyncConnection,
    tool: str,
    url: URL,
    folder: Path,
    cipher: NoteCipher,
    now: datetime,
) -> Manifest:
    """Counts and pg_dump read the same snapshot, held by this transaction."""
    await connection.execution_options(isolation_level="REPEATABLE READ")
    async with connection.begin():
        snapshot = await connection.scalar(text("SELECT pg_export_snapshot()"))
        manifest = await connection.run_sync(
            lambda sync: _manifest(_sql_reader(sync), "postgresql", cipher, now)
        )
        dump = folder / POSTGRES_DUMP
        os.close(os.open(dump, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        await _run(
            tool,
            ["--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            url,
        )
    return manifest


async def _restore_postgres(tool: str, url: URL, dump: Path) -> None:
    """All or nothing: one transaction, stopped by the first error."""
    await _run(
        tool,
        [
            f"--dbname={url.database}",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            str(dump),
        ],
        url,
    )


async def _run(tool: str, arguments: list[str], url: URL) -> None:
    """pg_dump or pg_restore on the database `url` names; its password in the environment,
    never on a command line that `ps` shows."""
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[name] = str(value)
    process = await asyncio.create_subprocess_exec(
        tool, *arguments, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        said = errors.decode(errors="replace").strip().replace("\n", " ")
        raise BackupProblem(f"{Path(tool).name} failed (exit code {process.returncode}): {said}")


def _restore_sqlite(dump: Path, target: Path) -> None:
    """Into a new file beside the target, renamed over it once whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
    for leftover in (
        target.with_name(target.name + "-wal"),
        target.with_name(target.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    os.replace(partial, target)


@dataclass(frozen=True)
class _Reader:
    """The queries a manifest needs, on whichever connection sees what the dump holds."""

    tables: list[str]
    one: Callable[[str], Any]

    def counts(self) -> dict[str, int]:
        return {table: int(self.one(f"SELECT count(*) FROM {table}") or 0) for table in self.tables}

    def sealed_sample(self) -> Iterator[bytes]:
        """One sealed text from each column that has one."""
        for table, column in SEALED:
            blob = self.one(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL LIMIT 1")
            if isinstance(blob, bytes):
                yield blob


def _sqlite_reader(connection: sqlite3.Connection) -> _Reader:
    """On a plain sqlite3 connection (the backup's copy)."""

    def one(query: str) -> object:
        row = connection.execute(query).fetchone()
        return row[0] if row else None

    names = one("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")
    return _Reader(_ours(str(names or "").split(",")), one)


def _sql_reader(connection: Connection) -> _Reader:
    """Through SQLAlchemy, in the transaction the dump reads from (or after a restore)."""
    return _Reader(
        _ours(inspect(connection).get_table_names()),
        lambda query: connection.execute(text(query)).scalar(),
    )


def _ours(names: list[str]) -> list[str]:
    return sorted(
        name
        for name in names
        if name and name != "alembic_version" and not name.startswith("sqlite_")
    )


def _manifest(reader: _Reader, database: str, cipher: NoteCipher, now: datetime) -> Manifest:
    if "clients" not in reader.tables:
        raise BackupProblem(
            "the database has no Between schema, so there is nothing to back up: start the "
            "bot once (or run `python -m storage.migrate`) first."
        )
    for blob in reader.sealed_sample():
        try:
            cipher.open(blob)
        except CipherError:
            raise BackupProblem(
                "the encryption key this process has does not open the notes stored in the "
                "database, so a backup made now could not be read back with it. Set "
                "ENCRYPTION_KEY (or DATA_DIR) as the running bot has it, then back up again."
            ) from None
    sealed = sum(
        int(reader.one(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL") or 0)
        for table, column in SEALED
    )
    return Manifest(
        made_at=now.astimezone(UTC),
        database=database,
        revision=str(reader.one("SELECT version_num FROM alembic_version")),
        counts=reader.counts(),
        key_check=cipher.fingerprint(KEY_CHECK),
        sealed=sealed,
    )


async def _tables(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: _sql_reader(sync).tables)


async def _counts_on(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: _sql_reader(sync).counts())


def _check_counts(expected: dict[str, int], found: dict[str, int]) -> None:
    if expected != found:
        wrong = ", ".join(
            f"{table}: {found.get(table, 'no table')} rows, the manifest says "
            f"{expected.get(table, 'no table')}"
            for table in sorted(set(expected) | set(found))
            if expected.get(table) != found.get(table)
        )
        raise BackupProblem(
            f"the restored database does not hold what the backup's manifest counted ({wrong}):"
            " the dump or the manifest is damaged or from different backups. Do not start the "
            "bot on this database; empty it and restore another backup."
        )


def _revision(connection: Connection) -> str:
    return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def _heads() -> set[str]:
    return set(_scripts().get_heads())
