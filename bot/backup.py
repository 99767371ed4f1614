"""`python -m bot backup PATH` and `python -m bot restore PATH` (storage/backup.py).

A backup may be made while the bot runs. A restore goes into an empty database with the
key the backup was made with; start the bot on it afterwards.
"""

import argparse
import asyncio
import sys
from pathlib import Path

from config import Settings
from domain.clock import SystemClock
from storage.backup import BackupProblem, backup, restore
from storage.crypto import CipherError
from storage.migrate import DatabaseProblem

CANNOT = 2


def main(command: str, argv: list[str], settings: Settings) -> int:
    """Run `backup` or `restore`; one paragraph on stderr and exit code 2 if it cannot."""
    commands = argparse.ArgumentParser(
        prog=f"python -m bot {command}",
        description="Back up the database into a new folder."
        if command == "backup"
        else "Restore a backup folder into an empty database, then migrate it up.",
    )
    commands.add_argument("path", type=Path, help="the backup's folder")
    try:
        arguments = commands.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its own message
        return int(stop.code or 0) and CANNOT
    try:
        if command == "backup":
            print(asyncio.run(_backup(settings, arguments.path)))
        else:
            print(asyncio.run(_restore(settings, arguments.path)))
    except (BackupProblem, DatabaseProblem, CipherError) as error:
        print(f"python -m bot {command}: {error}", file=sys.stderr)
        return CANNOT
    return 0


async def _backup(settings: Settings, folder: Path) -> str:
    made = await backup(settings, folder, SystemClock().now())
    rows = sum(made.counts.values())
    return (
        f"Backed up {rows} rows in {len(made.counts)} tables (schema {made.revision}; "
        f"sealed texts: {made.sealed}) to {folder}: {made.dump} and manifest.json.\n"
        "The encryption key is not in it: keep the key, and a copy of it, apart from the "
        "backups (docs/deploy.md)."
    )


async def _restore(settings: Settings, folder: Path) -> str:
    restored = await restore(settings, folder)
    made = restored.manifest
    migrated = (
        f", migrated from schema {made.revision} to {restored.revision}"
        if restored.revision != made.revision
        else f" (schema {made.revision})"
    )
    return (
        f"Restored the backup of {made.made_at:%Y-%m-%d %H:%M} UTC: "
        f"{sum(made.counts.values())} rows in {len(made.counts)} tables, each as counted"
        f"{migrated}, under the key it was made with. Start the bot."
    )
