"""Real processes killed and stopped mid-work: nothing stored is lost, nothing is sent twice."""

from pathlib import Path

import pytest

from botapi import FakeBotApi, TelegramTestClient
from storage.models import Answer, CheckIn
from tests.crash_helpers import checkins_by_chat, count_rows, dispatcher, seed_due_clients
from tests.processes import BotProcess, delivered_by_polling, wait_until

pytestmark = pytest.mark.slow  # real `python -m bot` processes


async def test_sigterm_mid_dispatch_hands_back_unsent_work_and_exits_in_time(
    api: FakeBotApi, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'between.db'}"
    chats = await seed_due_clients(url, 300)
    for chat in chats:
        api.user(chat)
    api.send_delay = 0.02
    bot = dispatcher(tmp_path, "bot", api, url)
    await bot.start()
    await wait_until(lambda: sum(checkins_by_chat(api, chats).values()) >= 40, what="40 sent")
    code, seconds = await bot.stop()
    assert code == 0 and seconds < 10, (code, seconds)
    sent = checkins_by_chat(api, chats)
    assert max(sent.values()) == 1
    assert 0 < sum(sent.values()) < 300
    assert await count_rows(url, CheckIn, status="due", claimed_by=None) == 300 - sum(
        sent.values()
    ), "what was not sent was handed back, unclaimed"
    api.send_delay = 0
    restarted = dispatcher(tmp_path, "restarted", api, url)
    await restarted.start()
    await wait_until(lambda: all(checkins_by_chat(api, chats).values()), what="all sent")
    await restarted.stop()
    assert set(checkins_by_chat(api, chats).values()) == {1}


async def test_sigkill_while_a_client_answers_loses_no_stored_answer(
    api: FakeBotApi, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'between.db'}"
    settings = {"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_URL": api.base_url}
    bot = BotProcess(tmp_path, "bot", DATABASE_URL=url, **settings)
    await bot.start()

    client = TelegramTestClient(api, delivered_by_polling(api), 1001)
    for step in ["/start"]:
        await client.send(step)
    for label in ["I agree", "UTC", "I'd rather just pick a check-in time", "Mon", "09:00"]:
        await client.press(label)
    await client.send("/checkin")
    checkin_message = client.last_message
    assert checkin_message is not None
    for label in ["Yes", "7", "4", "5"]:
        await client.press(label)
    bot.kill()
    await bot.wait()
    assert await count_rows(url, Answer) == 4
    restarted = BotProcess(tmp_path, "restarted", DATABASE_URL=url, **settings)
    await restarted.start()
    await client.press("3", message_id=checkin_message.message_id)
    assert "6 of 9" in client.last_text
    await restarted.stop()
    assert await count_rows(url, Answer) == 5
