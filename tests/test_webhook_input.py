"""The webhook takes only updates: anything else with the right secret is a 400, not a crash;
/healthz and /metrics live on HEALTH_LISTEN:HEALTH_PORT alone, never on the public listener."""

from pathlib import Path

import aiohttp
import pytest

from botapi import FakeBotApi
from tests.processes import BotProcess, free_port, wait_until

pytestmark = pytest.mark.slow  # a real `python -m bot` process

SECRET = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
NOT_UPDATES = [
    "null",
    '"abc"',
    "[1,2]",
    "42",
    "true",
    "{}",
    '{"update_id":"five"}',
    '{"update_id":5,"message":"x"}',
    '{"update_id":5,"message":{"message_id":"x"}}',
    '{"update_id":5,"callback_query":[1]}',
    "{not json",
    "",
]


def webhook_bot(api: FakeBotApi, tmp_path: Path, port: int, health: int) -> BotProcess:
    return BotProcess(
        tmp_path,
        "bot",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'between.db'}",
        WEBHOOK_URL=f"http://127.0.0.1:{port}/between/hook",
        WEBHOOK_SECRET="s3cret-token",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        HEALTH_LISTEN="127.0.0.1",
        HEALTH_PORT=str(health),
    )


async def test_a_body_that_is_not_an_update_is_a_400_and_no_traceback(
    api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    bot = webhook_bot(api, tmp_path, port, health=0)
    await bot.start()
    hook = f"http://127.0.0.1:{port}/between/hook"
    try:
        await wait_until(lambda: any(m == "setWebhook" for m, _ in api.calls), what="setWebhook")
        async with aiohttp.ClientSession() as http:
            statuses = {}
            for body in NOT_UPDATES:
                headers = {**SECRET, "Content-Type": "application/json"}
                async with http.post(hook, data=body, headers=headers) as response:
                    statuses[body] = response.status
            assert statuses == dict.fromkeys(NOT_UPDATES, 400)
            # …and the bot still serves a real update afterwards.
            api.user(1001)
            update = api.make_message_update(1001, "/start")
            async with http.post(hook, json=update, headers=SECRET) as response:
                assert response.status == 200
            await wait_until(lambda: bool(api.bot_messages(1001)), what="a reply via webhook")
            # HEALTH_PORT=0: no /healthz or /metrics anywhere, above all not on the public port.
            for path in ("/healthz", "/metrics"):
                async with http.get(f"http://127.0.0.1:{port}{path}") as response:
                    assert response.status == 404, path
    finally:
        code, _ = await bot.stop()
    assert code == 0
    assert "Traceback" not in bot.log
    assert "Error" not in bot.log, bot.log


async def test_health_and_metrics_answer_on_the_health_port_only(
    api: FakeBotApi, tmp_path: Path
) -> None:
    port, health = free_port(), free_port()
    bot = webhook_bot(api, tmp_path, port, health=health)
    await bot.start()
    try:
        await wait_until(lambda: any(m == "setWebhook" for m, _ in api.calls), what="setWebhook")
        async with aiohttp.ClientSession() as http:
            for path in ("/healthz", "/metrics"):
                async with http.get(f"http://127.0.0.1:{health}{path}") as response:
                    assert response.status == 200, path
                async with http.get(f"http://127.0.0.1:{port}{path}") as response:
                    assert response.status == 404, path
            update = api.make_message_update(1001, "/start")
            async with http.post(
                f"http://127.0.0.1:{health}/between/hook", json=update, headers=SECRET
            ) as response:
                assert response.status == 404, "the webhook is not on the health port"
    finally:
        await bot.stop()
