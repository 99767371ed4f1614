"""`python -m bot` as a real process: start-up, polling, webhook, health, metrics, stopping."""

import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from botapi import FakeBotApi
from tests.processes import BotProcess, bot_env, free_port, wait_until

pytestmark = pytest.mark.slow  # real `python -m bot` processes


def sqlite_url(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'between.db'}"


def test_a_missing_token_with_a_webhook_explains_how_to_get_one(tmp_path: Path) -> None:
    """Without WEBHOOK_URL, no token starts the sandbox (tests/test_sandbox_browser.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=bot_env(WEBHOOK_URL="https://between.example.org/telegram"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "python -m bot sandbox" in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_bot_serves_a_client_by_polling_and_stops_on_sigterm(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = BotProcess(
        tmp_path,
        "bot",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=sqlite_url(tmp_path),
    )
    await bot.start()
    try:
        api.user(1001)
        api.queue_update(api.make_message_update(1001, "/start"))
        await wait_until(lambda: bool(api.bot_messages(1001)), what="a reply to /start")
        assert "welcome to Between" in api.bot_messages(1001)[0].plain_text
        assert (tmp_path / "between.db").exists()
    finally:
        code, seconds = await bot.stop()
    assert (code, seconds < 10) == (0, True)
    assert "Traceback" not in bot.log
    assert api.token not in bot.log, "the token must never reach the log"


async def test_a_second_process_on_the_same_sqlite_file_is_refused(
    api: FakeBotApi, tmp_path: Path
) -> None:
    settings = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.base_url,
        "DATABASE_URL": sqlite_url(tmp_path),
    }
    first = BotProcess(tmp_path, "first", **settings)
    second = BotProcess(tmp_path, "second", **settings)
    await first.start()
    try:
        await wait_until(lambda: "Between is running" in first.log, what="the first bot")
        await second.start()
        assert await second.wait() == 2
        assert "Another Between process is already running" in second.log
        assert "PostgreSQL" in second.log
    finally:
        await first.stop()


async def test_webhook_mode_checks_the_secret_and_serves_health_and_metrics(
    api: FakeBotApi, tmp_path: Path
) -> None:
    port, health = free_port(), free_port()
    bot = BotProcess(
        tmp_path,
        "bot",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=sqlite_url(tmp_path),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/between/hook",
        WEBHOOK_SECRET="s3cret-token",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        HEALTH_PORT=str(health),
        LOG_FORMAT="json",
    )
    await bot.start()
    try:
        await wait_until(lambda: any(m == "setWebhook" for m, _ in api.calls), what="setWebhook")
        [(_, registered)] = [(m, p) for m, p in api.calls if m == "setWebhook"]
        assert registered["url"] == f"http://127.0.0.1:{port}/between/hook"
        assert registered["secret_token"] == "s3cret-token"
        api.user(1001)
        update = api.make_message_update(1001, "/start")
        hook = f"http://127.0.0.1:{port}/between/hook"
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(hook, json=update, headers=headers) as response:
                    assert response.status == 403
            assert not api.bot_messages(1001)
            secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            async with http.post(hook, json=update, headers=secret) as response:
                assert response.status == 200
            await wait_until(lambda: bool(api.bot_messages(1001)), what="a reply via webhook")
            async with http.get(f"http://127.0.0.1:{health}/healthz") as response:
                assert (response.status, await response.json()) == (200, {"database": "ok"})
            async with http.get(f"http://127.0.0.1:{health}/metrics") as response:
                metrics = await response.text()
        for name in ("sent", "failed", "answered"):
            assert f"between_checkins_{name}_total" in metrics
        assert "between_due_lag_seconds 0.0" in metrics
        assert "between_send_latency_seconds_bucket" in metrics
    finally:
        code, _ = await bot.stop()
    assert code == 0
    lines = [json.loads(line) for line in bot.log.splitlines() if line.startswith("{")]
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)
