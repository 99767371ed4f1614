"""The send limiter: overall and per-chat pacing, and Retry-After honoured."""

import asyncio
import itertools
from typing import Any

from telegram.error import RetryAfter

from bot.limiter import SendLimiter, TokenBucket
from tests.conftest import START
from tests.harness import FakeClock


async def test_a_token_bucket_allows_its_burst_then_paces() -> None:
    bucket = TokenBucket(rate=1, burst=3)
    now = bucket.updated
    assert [bucket.wait_time(now) for _ in range(5)] == [0, 0, 0, 1, 2]
    assert bucket.wait_time(now + 10) == 0


async def test_per_chat_sends_are_spaced_after_a_short_burst() -> None:
    limiter = SendLimiter(FakeClock(START), per_chat_interval=0.02, chat_burst=2)
    await limiter.initialize()
    loop = asyncio.get_running_loop()
    stamps: list[float] = []

    async def send() -> dict[str, Any]:
        stamps.append(loop.time())
        return {}

    for _ in range(5):
        await limiter.process_request(
            send, (), {}, "sendMessage", {"chat_id": 7}, {"per_chat": True}
        )
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert sum(gaps[2:]) >= 0.02 * 2 * 0.9


async def test_retry_after_waits_and_retries_without_a_duplicate() -> None:
    clock = FakeClock(START)
    limiter = SendLimiter(clock)
    await limiter.initialize()
    attempts = 0

    async def send() -> dict[str, Any]:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RetryAfter(4)
        return {"ok": True}

    assert await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert attempts == 2
    assert clock.slept == [4]


async def test_overall_sends_are_evenly_spaced_a_little_under_the_rate() -> None:
    limiter = SendLimiter(FakeClock(START), per_second=200)
    await limiter.initialize()
    loop = asyncio.get_running_loop()
    stamps: list[float] = []

    async def send() -> dict[str, Any]:
        stamps.append(loop.time())
        return {}

    for chat in range(11):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat}, None)
    assert stamps[-1] - stamps[0] >= 10 / 200 * 1.04
