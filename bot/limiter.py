"""One limiter for everything Between sends, within Telegram's limits.

About 30 messages a second overall, evenly spaced, and about one a second per chat for the
messages the bot starts itself (check-ins, reminders), with a short burst allowed. A 429
answer waits the `retry_after` Telegram asks for and tries again.
"""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypedDict

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from domain.clock import Clock

log = logging.getLogger(__name__)

LIMITED = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)
Result = bool | dict[str, Any] | list[dict[str, Any]]
HEADROOM = 1.05
MIN_WAIT = 0.001  # shorter waits are below the event loop's resolution: not worth a sleep


class PacingArgs(TypedDict, total=False):
    per_chat: bool


class TokenBucket:
    """`rate` tokens a second, holding at most `burst`. Time is the event loop's clock."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = asyncio.get_running_loop().time()

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Take a token, returning how long to wait before using it."""
        self._refill(now)
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def is_full(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.burst


class SendLimiter(BaseRateLimiter[PacingArgs]):
    def __init__(
        self,
        clock: Clock,
        *,
        per_second: float = 30,
        per_chat_interval: float = 1.0,
        chat_burst: int = 3,
        max_retries: int = 3,
    ) -> None:
        self._clock = clock
        self._per_second = per_second
        self._per_chat_interval = per_chat_interval
        self._chat_burst = chat_burst
        self._max_retries = max_retries
        self._overall: TokenBucket | None = None
        self._chats: dict[int | str, TokenBucket] = {}
        self._lock = asyncio.Lock()

    async def initialize(self) -> None:
        # Evenly spaced, no burst, a little under the limit: sends leave on time but arrive
        # with jitter, and a burst at the start of one second would meet the tail of the
        # one before it in Telegram's window.
        self._overall = TokenBucket(self._per_second / HEADROOM, 1)

    async def shutdown(self) -> None:
        self._chats.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: PacingArgs | None,
    ) -> Result:
        per_chat = bool(rate_limit_args and rate_limit_args.get("per_chat"))
        for attempt in range(self._max_retries + 1):
            if endpoint in LIMITED:
                await self._pace(data.get("chat_id") if per_chat else None)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self._max_retries:
                    raise
                delay = error.retry_after
                seconds = delay if isinstance(delay, int | float) else delay.total_seconds()
                log.info("Telegram asked to wait %ss before %s", seconds, endpoint)
                await self._clock.sleep(seconds)
        raise AssertionError("unreachable")

    async def _pace(self, chat_id: int | str | None) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            if self._overall is None:
                await self.initialize()
            assert self._overall is not None
            wait = self._overall.wait_time(now)
            if chat_id is not None:
                wait = max(wait, self._chat_bucket(chat_id, now).wait_time(now))
        if wait > MIN_WAIT:
            await asyncio.sleep(wait)

    def _chat_bucket(self, chat_id: int | str, now: float) -> TokenBucket:
        if len(self._chats) > 10_000:  # idle chats hold full buckets; forget them
            self._chats = {k: b for k, b in self._chats.items() if not b.is_full(now)}
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(1 / self._per_chat_interval, self._chat_burst)
            self._chats[chat_id] = bucket
        return bucket
