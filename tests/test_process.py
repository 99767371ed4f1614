"""`python -m bot` as a real process: the missing-token help, and serving a client by polling."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from tests.fakebot import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent


def bot_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings)
    return env


def test_a_missing_token_explains_how_to_get_one(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=bot_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_bot_serves_a_client_by_polling(api: FakeBotApi, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=bot_env(
            TELEGRAM_BOT_TOKEN=api.token,
            TELEGRAM_API_URL=api.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'between.db'}",
        ),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        api.user(1001)
        api.queue_update(api.make_message_update(1001, "/start"))
        for _ in range(300):
            if api.bot_messages(1001):
                break
            await asyncio.sleep(0.1)
        [welcome] = api.bot_messages(1001)
        assert "welcome to Between" in welcome.plain_text
        assert (tmp_path / "between.db").exists()
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert b"Traceback" not in stderr, stderr.decode()
    assert api.token.encode() not in stderr, "the token must never reach the log"
