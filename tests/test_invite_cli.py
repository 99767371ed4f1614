"""`python -m bot invite`: a link with the bot's username, the open invites, revoking one;
and `python -m bot` refuses what it does not know."""

import asyncio
import re
import sys
from pathlib import Path

import pytest

from botapi import FakeBotApi
from storage.crypto import new_key
from tests.processes import bot_env

pytestmark = pytest.mark.slow  # real `python -m bot invite` processes

LINK = re.compile(r"https://t\.me/between_test_bot\?start=([A-Za-z0-9_-]{32})")


async def run_bot(api: FakeBotApi, folder: Path, *arguments: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        cwd=folder,
        env=bot_env(
            TELEGRAM_BOT_TOKEN=api.token,
            TELEGRAM_API_URL=api.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'between.db'}",
            DATA_DIR=str(folder),
            ENCRYPTION_KEY=new_key(),
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_an_invite_is_made_listed_and_revoked(api: FakeBotApi, tmp_path: Path) -> None:
    code, out, err = await run_bot(
        api,
        tmp_path,
        "invite",
        "--name",
        "Dr Example",
        "--sessions",
        "weekly Thu 10:00",
        "--zone",
        "europe/london",
        "--every",
        "2",
        "--uses",
        "3",
    )
    assert code == 0, err
    link, expires = out.strip().splitlines()
    match = LINK.fullmatch(link)
    assert match, link
    assert expires.startswith("Expires ") and "Europe/London" in expires
    prefix = match.group(1)[:6]
    code, out, _ = await run_bot(api, tmp_path, "invite", "--list")
    assert code == 0
    assert prefix in out and "Dr Example" in out and "every 2 weeks" in out and "3 left" in out
    code, out, _ = await run_bot(api, tmp_path, "invite", "--revoke", prefix)
    assert code == 0 and "Revoked" in out
    code, out, _ = await run_bot(api, tmp_path, "invite", "--list")
    assert out.strip() == "No open invites."


async def test_wrong_invite_options_and_unknown_subcommands_exit_2(
    api: FakeBotApi, tmp_path: Path
) -> None:
    for arguments in (
        ("invite", "--name", "Dr X", "--sessions", "daily", "--zone", "Europe/London"),
        ("invite", "--name", "Dr X", "--sessions", "weekly Thu 10:00", "--zone", "Mars/Base"),
        ("invite", "--bogus"),
        ("serve",),
        ("--verbose",),
    ):
        code, out, err = await run_bot(api, tmp_path, *arguments)
        assert code == 2, arguments
        assert "Traceback" not in err and err.strip(), arguments
        assert not out.strip(), arguments
