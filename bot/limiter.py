"""One limiter for everything Between sends, with two kinds of sends.

Telegram documents about 30 messages a second for *bulk notifications to many users* and
about one a second per chat; it answers 429 with `retry_after` when a bot goes faster.
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this)

- **Bulk** sends, the ones the bot starts itself (check-ins, reminders, "welcome back",
  closing an expired check-in; marked `rate_limit_args={"bulk": True}`), share the overall
  `SEND_RATE` budget (the token's, for all instances), evenly spaced, and about one a
  second per chat after a short burst.
- **Replies** to a client's own action (answering a tap, editing the pressed message,
  replying to a command or a note) go out at once. A client waits for them, they come one
  at a time per chat at a person's pace, and they are what the documented limit is not
  about. Holding them behind a round of 2,000 check-ins would make the bot slow exactly
  when many clients answer. A new message in reply still counts against the overall
  budget, so a round slows down while many clients write: when both compete, replies go
  first. Edits of the pressed message are not new messages and do not count.

A check-in sent as a Telegram paid broadcast (PAID_BROADCAST, marked `"paid": True` as well)
has its own budget, `PAID_SEND_RATE` (up to 1,000 a second), instead of the overall one.

A 429 pauses what it applies to: the chat it came from, or, for a bulk send, every bulk
send of every instance. The request then waits the `retry_after` Telegram asked for and
is tried again. Time and waiting come from the injected clock, so tests never sleep in
real time.

The overall budget is the bot token's, shared by every instance on PostgreSQL
(`bot/budget.py`). Pacing per chat stays in this process: a chat's bulk sends come from
whichever instance's tick claimed them, hours apart (check-in, reminder, closing), and its
replies from the instance that had its update, so sharing it would put a database round
trip on every send for a case that hardly arises.
"""

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypedDict

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.budget import MIN_WAIT, SendBudget
from domain.clock import Clock
from domain.round import HEADROOM, PAID_RATE

log = logging.getLogger(__name__)

NEW_MESSAGES = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
LIMITED = NEW_MESSAGES | {"editMessageText", "editMessageReplyMarkup"}
Result = bool | dict[str, Any] | list[dict[str, Any]]
CHAT_LIMIT = 10_000  # idle chats hold full buckets; past this many they are forgotten


class PacingArgs(TypedDict, total=False):
    bulk: bool
    paid: bool  # a paid broadcast: its own budget


class TokenBucket:
    """`rate` tokens a second, holding at most `burst`. Time is passed in, in seconds."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = now

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
        budget: SendBudget,
        *,
        paid_per_second: float = PAID_RATE,
        per_chat_interval: float = 1.0,
        chat_burst: int = 3,
        max_retries: int = 3,
        on_rate_limited: Callable[[], None] = lambda: None,
    ) -> None:
        self._clock = clock
        self._budget = budget
        self._paid_per_second = paid_per_second
        self._per_chat_interval = per_chat_interval
        self._chat_burst = chat_burst
        self._max_retries = max_retries
        self._on_rate_limited = on_rate_limited
        self._paid: TokenBucket | None = None
        self._chats: dict[int | str, TokenBucket] = {}
        self._chat_held_until: dict[int | str, float] = {}

    async def initialize(self) -> None:
        # Evenly spaced, no burst, a little under the limit, like the shared budget.
        self._paid = TokenBucket(self._paid_per_second / HEADROOM, 1, self._now())

    async def shutdown(self) -> None:
        await self._budget.close()
        self._chats.clear()
        self._chat_held_until.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: PacingArgs | None,
    ) -> Result:
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        paid = bool(rate_limit_args and rate_limit_args.get("paid"))
        chat_id = data.get("chat_id")
        for attempt in range(self._max_retries + 1):
            if endpoint in LIMITED:
                await self._pace(chat_id, bulk, counted=endpoint in NEW_MESSAGES, paid=paid)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self._on_rate_limited()
                delay = error.retry_after
                seconds = delay if isinstance(delay, int | float) else delay.total_seconds()
                await self._hold(chat_id, bulk, seconds)
                if attempt == self._max_retries:
                    raise
                log.info("Telegram asked to wait %ss before %s", seconds, endpoint)
        raise AssertionError("unreachable")

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def _hold(self, chat_id: int | str | None, bulk: bool, seconds: float) -> None:
        """After a 429: hold the chat it came from, and for a bulk send every bulk send."""
        if chat_id is not None:
            until = self._now() + seconds
            self._chat_held_until[chat_id] = max(self._chat_held_until.get(chat_id, 0), until)
        if bulk:
            await self._budget.hold(seconds)

    async def _pace(
        self, chat_id: int | str | None, bulk: bool, counted: bool, paid: bool = False
    ) -> None:
        """The chat's hold and, for a bulk send, its pace; then the overall budget, or for a
        paid broadcast this process's paid one."""
        now = self._now()
        wait = self._chat_held_until.get(chat_id, 0) - now if chat_id is not None else 0.0
        if bulk:
            if chat_id is not None:
                wait = max(wait, self._chat_bucket(chat_id, now).wait_time(now))
            if paid:
                if self._paid is None:
                    await self.initialize()
                assert self._paid is not None
                wait = max(wait, self._paid.wait_time(now))
        elif counted:
            self._budget.count_reply()  # counted, never waited for: replies go first
        if wait > MIN_WAIT:
            await self._clock.sleep(wait)
        if bulk and not paid:
            await self._budget.wait_for_slot()

    def _chat_bucket(self, chat_id: int | str, now: float) -> TokenBucket:
        if len(self._chats) > CHAT_LIMIT:
            self._chats = {k: b for k, b in self._chats.items() if not b.is_full(now)}
            self._chat_held_until = {k: t for k, t in self._chat_held_until.items() if t > now}
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(1 / self._per_chat_interval, self._chat_burst, now)
            self._chats[chat_id] = bucket
        return bucket
