"""Logs carry internal ids only: a whole journey leaves no word, name or note of the client."""

import json
import time
from pathlib import Path

import pytest

from botapi import FakeBotApi, TelegramTestClient
from tests.processes import BotProcess, delivered_by_polling, wait_until

pytestmark = pytest.mark.slow  # a real `python -m bot` process

NAME = "Priyanka"
NOTE = "my sister Zoë's wedding"


async def test_a_full_journey_logs_no_words_or_names_of_the_client(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = BotProcess(
        tmp_path,
        "bot",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'between.db'}",
        LOG_LEVEL="DEBUG",
        LOG_FORMAT="json",
    )
    await bot.start()

    client = TelegramTestClient(api, delivered_by_polling(api), 1001, first_name=NAME)
    await client.send("/start")
    for label in [
        "I agree",
        "Europe/Berlin",
        "I'd rather just pick a check-in time",
        "Fri",
        "19:00",
    ]:
        await client.press(label)
    await client.send("/checkin")
    checkin_second = int(time.time())  # the check-in is due by now
    for label in ["Yes", "0", "2", "4", "4", "4", "4", "4"]:  # a session; mood; six statements
        await client.press(label)
    await client.send(NOTE)
    await client.press("Add a line to my next summary")
    # /summary stamps its period's end to the whole second, so a check-in due earlier in
    # that same second falls outside it; a person never gets there that fast.
    await wait_until(lambda: int(time.time()) > checkin_second, what="the next second")
    await client.send("/summary")
    await client.press("Last 4 weeks")
    await client.press("Send")
    await client.send("/export")
    await client.send("/delete")
    await client.press("Erase everything")
    assert "Everything is erased" in client.last_text
    code, _ = await bot.stop()
    assert code == 0
    log = bot.log
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(e["logger"] == "services.requested" for e in events), "the journey was logged"
    for secret in (NAME, "Zoë", "sister", "wedding", "Europe/Berlin", api.token):
        assert secret not in log, f"{secret!r} reached the log"
