"""The send limiter: bulk pacing, replies at once, and Retry-After honoured, on the test's
clock (nothing here sleeps in real time)."""

import itertools
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.budget import SendBudget
from bot.limiter import SendLimiter, TokenBucket
from tests.conftest import START
from tests.harness import FakeClock

BULK = {"bulk": True}
PAID = {"bulk": True, "paid": True}


async def started(clock: FakeClock, per_second: float = 30, **options: Any) -> SendLimiter:
    limiter = SendLimiter(clock, SendBudget(clock, per_second), **options)
    await limiter.initialize()
    return limiter


def recorder(clock: FakeClock, stamps: list[float]) -> Any:
    async def send() -> dict[str, Any]:
        stamps.append(clock.now().timestamp())
        return {}

    return send


async def test_a_token_bucket_allows_its_burst_then_paces() -> None:
    bucket = TokenBucket(rate=1, burst=3, now=0)
    assert [bucket.wait_time(0) for _ in range(5)] == [0, 0, 0, 1, 2]
    assert bucket.wait_time(10) == 0


async def test_bulk_sends_to_one_chat_are_spaced_after_a_short_burst() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_chat_interval=1.0, chat_burst=2)
    stamps: list[float] = []
    for _ in range(5):
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 7}, BULK
        )
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert sum(gaps[2:]) >= 2 * 0.99


async def test_bulk_sends_are_evenly_spaced_a_little_under_the_rate() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_second=30)
    stamps: list[float] = []
    for chat in range(31):
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": chat}, BULK
        )
    assert stamps[-1] - stamps[0] >= 30 / 30 * 1.04
    assert max(b - a for a, b in itertools.pairwise(stamps)) < 2 / 30, "evenly, no bursts"


async def test_replies_go_at_once_even_while_a_round_saturates_the_budget() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_second=30)
    stamps: list[float] = []
    for chat in range(60):  # two seconds' worth of a round
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": chat}, BULK
        )
    slept = len(clock.slept)
    for _ in range(10):
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "editMessageText", {"chat_id": 999}, None
        )
    assert len(clock.slept) == slept, "no reply waited"


async def test_replies_go_first_when_both_compete() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_second=30)
    stamps: list[float] = []
    for _ in range(30):  # a second's worth of replies, all at once
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 5}, None
        )
    await limiter.process_request(
        recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 6}, BULK
    )
    assert stamps[-1] - stamps[0] >= 0.99, "the bulk send waited for the replies' share"


async def test_retry_after_waits_retries_and_is_counted() -> None:
    clock = FakeClock(START)
    counted: list[None] = []
    limiter = await started(clock, on_rate_limited=lambda: counted.append(None))
    attempts = 0

    async def send() -> dict[str, Any]:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RetryAfter(4)
        return {"ok": True}

    assert await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert attempts == 2
    assert sum(clock.slept) >= 4
    assert len(counted) == 1


async def test_a_429_on_a_reply_holds_that_chat_only() -> None:
    clock = FakeClock(START)
    limiter = await started(clock)
    failed = False

    async def once_refused() -> dict[str, Any]:
        nonlocal failed
        if not failed:
            failed = True
            raise RetryAfter(5)
        return {}

    await limiter.process_request(once_refused, (), {}, "sendMessage", {"chat_id": 1}, None)
    slept = sum(clock.slept)
    stamps: list[float] = []
    await limiter.process_request(
        recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 2}, None
    )
    assert sum(clock.slept) == slept, "another chat's reply does not wait"


async def test_a_429_on_a_bulk_send_holds_every_bulk_send() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, max_retries=0)
    refused_at = clock.now().timestamp()

    async def refused() -> dict[str, Any]:
        raise RetryAfter(7)

    with pytest.raises(RetryAfter):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 1}, BULK)
    stamps: list[float] = []
    await limiter.process_request(
        recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 2}, BULK
    )
    assert stamps[0] - refused_at >= 7


async def test_edits_in_reply_leave_the_round_its_budget() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_second=30)
    stamps: list[float] = []
    for _ in range(60):  # taps on check-ins: each edits the pressed message
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "editMessageText", {"chat_id": 5}, None
        )
    await limiter.process_request(
        recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": 6}, BULK
    )
    assert stamps[-1] - stamps[0] < 0.1, "the round's next send did not wait for the edits"


async def test_paid_broadcasts_have_their_own_higher_budget() -> None:
    clock = FakeClock(START)
    limiter = await started(clock, per_second=30, paid_per_second=1000)
    stamps: list[float] = []
    for chat in range(101):
        await limiter.process_request(
            recorder(clock, stamps), (), {}, "sendMessage", {"chat_id": chat}, PAID
        )
    assert 100 / 1000 * 1.04 <= stamps[-1] - stamps[0] < 100 / 30, "paced at 1,000 a second"
    free: list[float] = []
    for chat in range(200, 231):
        await limiter.process_request(
            recorder(clock, free), (), {}, "sendMessage", {"chat_id": chat}, BULK
        )
    assert free[-1] - free[0] >= 30 / 30 * 1.04, "the free budget is the free one still"
