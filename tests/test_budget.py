"""The bot token's send budget, shared by every instance on PostgreSQL and kept in the
process on SQLite: three limiters on one database send no faster than one budget allows,
a 429 met by one holds them all, and a reply never waits for the database.

Time is the test's (`TurnClock`): the senders overlap as they would, and nothing sleeps
in real time.
"""

import asyncio
import bisect
import itertools
import os
import threading
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from math import inf
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.budget import HEADROOM, SHARED_CLAIM_SECONDS, SendBudget
from bot.limiter import SendLimiter
from botapi import TelegramTestClient
from services.send_budget import SharedSlots, SlotGrant, bot_of
from storage.db import create_engine, session_factory
from storage.migrate import upgrade_database
from storage.models import SendBudget as BudgetRow
from tests.conftest import FIRST_SLOT, START, empty_database, onboard
from tests.harness import BotHarness, FakeClock, TurnClock

BULK = {"bulk": True}
RATE = 30
SPACING = HEADROOM / RATE
INSTANCES = 3
SENDERS = 4  # sends in flight at once on each instance, as the tick's batches have
EACH = 25  # messages each sender sends


@pytest.fixture
async def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL=postgresql+asyncpg://… to run these")
    await empty_database(url)
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()
    return url


@pytest.fixture
async def limiters(postgres_url: str) -> AsyncIterator[tuple[TurnClock, list[SendLimiter]]]:
    """Three instances of one bot, each with its own limiter and its own connection pool."""
    clock = TurnClock(START)
    engines = [create_engine(postgres_url) for _ in range(INSTANCES)]
    limiters = []
    for engine in engines:
        slots = SharedSlots(session_factory(engine), bot_of("123456:TEST"))
        budget = SendBudget(clock, RATE, slots, SHARED_CLAIM_SECONDS)
        limiters.append(SendLimiter(clock, budget))
    yield clock, limiters
    for limiter, engine in zip(limiters, engines, strict=True):
        await limiter.shutdown()
        await engine.dispose()


Stamp = tuple[float, int]  # (when, which instance)


def sent_by(clock: TurnClock, stamps: list[Stamp], instance: int, refuse_at: float = inf) -> Any:
    """A send that records when it went (a 429 as instance -1 - instance), refused once
    with a 429 at `refuse_at` or later."""
    refused = False

    async def send() -> dict[str, Any]:
        nonlocal refused
        now = clock.now().timestamp()
        if now >= refuse_at and not refused:
            refused = True
            stamps.append((now, -1 - instance))
            raise RetryAfter(2)
        stamps.append((now, instance))
        return {}

    return send


async def round_of_sends(
    clock: TurnClock, limiters: list[SendLimiter], refuse_at: float = inf
) -> list[Stamp]:
    """Every instance's senders send their messages at once, each to a chat of its own;
    with `refuse_at`, the first send of instance 0 from then on meets a 429."""
    stamps: list[Stamp] = []
    sends = [sent_by(clock, stamps, 0, refuse_at)]
    sends += [sent_by(clock, stamps, instance) for instance in range(1, INSTANCES)]

    async def sender(instance: int, first_chat: int) -> None:
        limiter, send = limiters[instance], sends[instance]
        async with clock.sender():
            for chat in range(first_chat, first_chat + EACH):
                await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat}, BULK)

    await asyncio.gather(
        *(
            sender(instance, 1000 * (instance * SENDERS + n))
            for instance in range(INSTANCES)
            for n in range(SENDERS)
        )
    )
    return stamps


def busiest_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max(bisect.bisect_left(ordered, t + 1) - i for i, t in enumerate(ordered))


async def test_three_instances_send_no_faster_than_one_budget_and_use_all_of_it(
    limiters: tuple[TurnClock, list[SendLimiter]],
) -> None:
    clock, instances = limiters
    stamps = await round_of_sends(clock, instances)
    times = sorted(t for t, _ in stamps)
    total = INSTANCES * SENDERS * EACH
    assert len(times) == total
    assert busiest_second(times) <= RATE, "never more than SEND_RATE in any second"
    assert min(b - a for a, b in itertools.pairwise(times)) >= SPACING - 1e-6
    assert times[-1] - times[0] <= total * SPACING * 1.1, "the budget is used, not wasted"
    shares = [sum(1 for _, i in stamps if i == n) for n in range(INSTANCES)]
    assert shares == [SENDERS * EACH] * INSTANCES


async def test_a_429_met_by_one_instance_holds_the_others_too(
    limiters: tuple[TurnClock, list[SendLimiter]],
) -> None:
    clock, instances = limiters
    refused_at = START.timestamp() + 1
    stamps = await round_of_sends(clock, instances, refuse_at=refused_at)
    [hold_start] = [t for t, i in stamps if i < 0]
    during = [(t, i) for t, i in stamps if i >= 0 and hold_start <= t < hold_start + 2]
    # What went meanwhile had its slot before the 429: each other instance sends the slots
    # it had claimed (a slot for each send in flight, and what is left of its batch), and
    # its next claim returns the hold.
    batch = round(RATE / HEADROOM * SHARED_CLAIM_SECONDS)
    stragglers = (INSTANCES - 1) * (SENDERS + batch - 1)
    assert all(i != 0 for _, i in during), "the instance that met the 429 held at once"
    assert len(during) <= stragglers
    assert all(t <= hold_start + (INSTANCES * (SENDERS + batch - 1)) * SPACING for t, _ in during)
    after = [i for t, i in stamps if t >= hold_start + 2]
    assert set(after) == set(range(INSTANCES)), "every instance carries on after the hold"


class GatedLine:
    """A slot line that answers only once the test opens it: the database, slow."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.claimed: list[int] = []

    async def claim(self, now: datetime, slots: int, spacing: timedelta) -> SlotGrant:
        await self.open.wait()
        self.claimed.append(slots)
        return SlotGrant(now, now)

    async def hold(self, until: datetime) -> None:
        await self.open.wait()


async def test_a_reply_never_waits_for_the_database_and_is_counted_later() -> None:
    clock = TurnClock(START)
    line = GatedLine()
    limiter = SendLimiter(clock, SendBudget(clock, RATE, line, SHARED_CLAIM_SECONDS))
    stamps: list[Stamp] = []
    async with clock.sender():
        for chat in range(10):
            send = sent_by(clock, stamps, 0)
            await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat}, None)
            await asyncio.sleep(0)  # the count of replies so far is on its way, and stuck
    assert len(stamps) == 10, "every reply went while the database did not answer"
    line.open.set()
    await limiter.shutdown()
    assert sum(line.claimed) == 10, "and each was then counted against the budget"


async def test_on_postgresql_the_budget_is_the_databases_and_on_sqlite_the_process(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(FIRST_SLOT)
    assert await bot.tick() == 1
    rows = await bot.rows(BudgetRow)
    if bot.runtime.engine.dialect.name == "postgresql":
        assert [row.bot for row in rows] == [bot_of(bot.settings.telegram_bot_token or "")]
        assert rows[0].next_slot_at > FIRST_SLOT
    else:
        assert rows == [], "one process on SQLite: its budget never touches the database"


@pytest.mark.parametrize("rate", [100_000, 10_000_000])
def test_a_rate_too_high_to_sleep_between_sends_never_spins(rate: int) -> None:
    """At 100,000 a second the slots are closer than a sleep is worth: a send claims at
    once instead of asking again forever while the clock stands still; at ten million
    they are closer than a microsecond, which a datetime cannot tell apart. (In a thread
    of its own: a loop that never yields cannot be timed out from its own event loop.)"""

    done: list[bool] = []

    async def fifty_sends() -> None:
        clock = FakeClock(START)
        budget = SendBudget(clock, rate, claim_seconds=0.1)
        await asyncio.gather(*(budget.wait_for_slot() for _ in range(50)))
        clock.advance(seconds=1)  # the slots left are all late: passed over
        await asyncio.gather(*(budget.wait_for_slot() for _ in range(50)))
        done.append(True)

    sending = threading.Thread(target=asyncio.run, args=(fifty_sends(),), daemon=True)
    sending.start()
    sending.join(timeout=10)
    assert not sending.is_alive(), "the sends spin without end"
    assert done, "the sends failed (the thread's exception is in the warnings)"
