"""Send-time truth: a stop, pause or erase made while a round goes out wins over it."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings
from domain.round import round_rate
from domain.states import CheckinStatus, ClientStatus
from scheduler.tick import IN_FLIGHT, RECHECK_SECONDS, group_size, run_tick
from services import controls
from services.plans import Step
from services.runtime import Runtime
from storage.models import CheckIn, Client
from tests.conftest import onboard
from tests.harness import BotHarness

MONDAY_0900_LONDON = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CLIENTS = list(range(2001, 2011))


class RacingSender:
    """Sends nothing to Telegram; runs `during` for one client while its message is on the
    way, and records what went out and what was taken back."""

    def __init__(self, target: int, during: Callable[[int], Awaitable[object]]) -> None:
        self.target = target
        self.during = during
        self.sent: dict[int, int] = {}
        self.retracted: list[tuple[int, int]] = []

    async def send_checkin(
        self, telegram_id: int, language: str | None, step: Step, *, reminder: bool = False
    ) -> int:
        if telegram_id == self.target:
            await self.during(telegram_id)
        message_id = 100 + len(self.sent)
        self.sent[telegram_id] = message_id
        return message_id

    async def send_welcome_back(self, *args: object) -> None:
        raise AssertionError("no pause ends in these tests")

    async def close_checkin(self, telegram_id: int, language: str | None, message_id: int) -> None:
        raise AssertionError("nothing expires in these tests")

    async def retract(self, telegram_id: int, message_id: int) -> None:
        self.retracted.append((telegram_id, message_id))


async def ten_clients_due(bot: BotHarness) -> None:
    for chat_id in CLIENTS:
        await onboard(bot.client(chat_id, f"C{chat_id}"))
    bot.clock.set(MONDAY_0900_LONDON)


def stop_it(runtime: Runtime) -> dict[str, Callable[[int], Awaitable[object]]]:
    return {
        "erase": lambda chat_id: controls.erase(runtime, chat_id),
        "stop": lambda chat_id: controls.stop(runtime, chat_id),
        "pause": lambda chat_id: controls.pause(runtime, chat_id, controls.PauseLength.ONE_WEEK),
    }


@pytest.mark.slow  # ten clients racing a stop
@pytest.mark.parametrize("action", ["erase", "stop", "pause"])
async def test_a_stop_while_the_message_is_on_its_way_takes_it_back(
    bot: BotHarness, action: str
) -> None:
    await ten_clients_due(bot)
    target = CLIENTS[3]
    sender = RacingSender(target, stop_it(bot.runtime)[action])

    assert await run_tick(bot.runtime, sender) == len(CLIENTS) - 1, "the others are recorded"

    assert sender.retracted == [(target, sender.sent[target])]
    open_rows = await bot.rows(CheckIn, status=CheckinStatus.OPEN)
    assert len(open_rows) == len(CLIENTS) - 1
    if action != "erase":
        (client,) = await bot.rows(Client, telegram_id=target)
        assert await bot.count(CheckIn, client_id=client.id, status=CheckinStatus.OPEN) == 0
    bot.clock.advance(hours=1)
    resend = RacingSender(0, lambda _: controls.stop(bot.runtime, 0))
    assert await run_tick(bot.runtime, resend) == 0, "nobody gets theirs a second time"
    assert resend.sent == {}


@pytest.mark.slow  # ten clients racing a stop
@pytest.mark.parametrize("action", ["erase", "stop", "pause"])
async def test_a_stop_after_the_claim_means_no_send_at_all(bot: BotHarness, action: str) -> None:
    await ten_clients_due(bot)
    target = CLIENTS[0]
    first = CLIENTS[1]

    async def stop_target(_: int) -> None:
        await stop_it(bot.runtime)[action](target)

    # The target's stop lands while an earlier client's message is being sent, i.e. after
    # the batch was claimed and before the target's own send.
    sender = RacingSender(first, stop_target)
    sent = await run_tick(bot.runtime, sender)

    assert target not in sender.sent or sender.retracted == [(target, sender.sent[target])]
    assert sent == len(CLIENTS) - 1
    statuses = {c.telegram_id: c.status for c in await bot.rows(Client)}
    assert statuses.get(target) in (None, ClientStatus.STOPPED, ClientStatus.PAUSED)


async def test_an_erased_client_leaves_no_bytes_in_the_sqlite_files(
    bot: BotHarness, settings: Settings
) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the files of an SQLite database")
    zone = "Pacific/Chatham"
    telegram_id = 987_654_321_012
    client = bot.client(telegram_id, "Sam")
    await client.send("/start")
    await client.press("I agree")
    await client.send(zone)
    await client.press("I'd rather just pick a check-in time")
    await client.press("Mon")
    await client.press("09:00")
    await client.send("/checkin")
    await client.press("Yes")
    await client.press("6")
    await client.send("/delete")
    await client.press("Erase everything")

    database = Path(settings.database_url.split("///", 1)[1])
    files = [p for p in database.parent.iterdir() if p.name.startswith(database.name)]
    assert files, "the database files exist"
    for path in files:
        content = path.read_bytes()
        assert zone.encode() not in content, path.name
        assert str(telegram_id).encode() not in content, path.name
        assert telegram_id.to_bytes(8, "big") not in content, path.name


def test_a_group_read_again_together_is_what_the_budget_sends_in_a_quarter_second(
    settings: Settings,
) -> None:
    assert group_size(settings) == IN_FLIGHT, "at Telegram's 30 a second, 8 at a time"
    fast = settings.model_copy(update={"send_rate": 1000.0})
    assert group_size(fast) == int(round_rate(1000.0, False) * RECHECK_SECONDS) > 200
    paid = settings.model_copy(update={"paid_broadcast": True})
    assert group_size(paid) == int(round_rate(30, True) * RECHECK_SECONDS)
