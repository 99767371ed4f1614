"""Several bot processes on one PostgreSQL database: each client gets exactly one check-in,
even when one of the processes is killed mid-run."""

import os
from pathlib import Path

import pytest

from botapi import FakeBotApi
from storage.models import CheckIn
from tests.conftest import empty_database
from tests.crash_helpers import checkins_by_chat, count_rows, dispatcher, seed_due_clients
from tests.processes import BotProcess, free_port, wait_until

pytestmark = pytest.mark.slow  # real `python -m bot` processes

CLIENTS = 2000
CLAIMED = 100  # check-ins a claim leases at a time (services.delivery.claim_deliveries)


@pytest.fixture
async def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql+asyncpg://… to run these")
    await empty_database(url)
    return url


def webhook_dispatcher(folder: Path, name: str, api: FakeBotApi, url: str) -> BotProcess:
    """Several instances share a bot through a webhook (Telegram allows one poller)."""
    port = free_port()
    return dispatcher(
        folder,
        name,
        api,
        url,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        WEBHOOK_SECRET="instances",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )


async def run_three(
    api: FakeBotApi, url: str, folder: Path, *, kill_after: int | None
) -> tuple[list[BotProcess], range]:
    chats = await seed_due_clients(url, CLIENTS)
    for chat in chats:
        api.user(chat)
    bots = [webhook_dispatcher(folder, f"bot{i}", api, url) for i in range(3)]
    try:
        for bot in bots:
            await bot.start()
        if kill_after is not None:
            await wait_until(
                lambda: sum(checkins_by_chat(api, chats).values()) >= kill_after, within=120
            )
            bots[0].kill()
        await wait_until(
            lambda: all(checkins_by_chat(api, chats).values()),
            within=180,
            what="every client to have a check-in",
        )
        for bot in bots[1:] if kill_after is not None else bots:
            code, seconds = await bot.stop()
            assert code == 0 and seconds < 10, bot.log
    finally:  # a failure part-way must not leave a bot running into the next tests
        for bot in bots:
            bot.kill()
    return bots, chats


async def test_three_processes_send_each_client_exactly_one_checkin(
    api: FakeBotApi, postgres_url: str, tmp_path: Path
) -> None:
    bots, chats = await run_three(api, postgres_url, tmp_path, kill_after=None)
    sent = checkins_by_chat(api, chats)
    assert set(sent.values()) == {1}
    assert await count_rows(postgres_url, CheckIn) == CLIENTS
    workers = [bot.log.count("sent to client") for bot in bots]
    assert sum(workers) == CLIENTS
    assert sum(1 for count in workers if count) >= 2, f"the work was shared: {workers}"


async def test_a_killed_process_leaves_no_client_without_a_checkin(
    api: FakeBotApi, postgres_url: str, tmp_path: Path
) -> None:
    _, chats = await run_three(api, postgres_url, tmp_path, kill_after=CLIENTS // 4)
    sent = checkins_by_chat(api, chats)
    assert min(sent.values()) == 1
    # At-least-once: only the group sent and not yet recorded when the process died may go
    # out twice; at SEND_RATE=5000 a group is a whole claim (`scheduler.tick.group_size`).
    assert sum(count - 1 for count in sent.values()) <= CLAIMED
    assert await count_rows(postgres_url, CheckIn) == CLIENTS
