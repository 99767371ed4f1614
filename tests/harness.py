"""Runs the real Between application against the fake Bot API, with a controllable clock."""

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bot.app import build_application, prepare, runtime_of, tick
from bot.context import BetweenApp, BetweenContext
from botapi import FakeBotApi, TelegramTestClient
from config import Settings
from services.runtime import Runtime


class FakeClock:
    """Time that moves only when the test moves it; sleeping moves it at once."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self._now += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self._now = moment


class TurnClock:
    """Time for several senders running at once: it moves, to the earliest wake-up, only
    when every sender is asleep. Waits cost no real time and keep their true overlap (a
    sender awaiting the database is awake, so that round trip takes no time at all)."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._awake = 0
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        assert self._awake > 0, "only a sender (`async with clock.sender()`) sleeps"
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(
            self._sleepers, (self._now + timedelta(seconds=seconds), next(self._order), wake)
        )
        self._awake -= 1
        self._wake_next()
        await wake

    @asynccontextmanager
    async def sender(self) -> AsyncIterator[None]:
        self._awake += 1
        try:
            yield
        finally:
            self._awake -= 1
            self._wake_next()

    def _wake_next(self) -> None:
        if self._awake == 0 and self._sleepers:
            at, _, wake = heapq.heappop(self._sleepers)
            self._now = max(self._now, at)
            self._awake += 1
            wake.set_result(None)


class BotHarness:
    """One bot process, as tests see it: start, stop, restart, tick, inspect storage."""

    def __init__(self, api: FakeBotApi, settings: Settings, clock: FakeClock) -> None:
        self.api = api
        self.settings = settings
        self.clock = clock
        self.errors: list[BaseException] = []
        self._app: BetweenApp | None = None

    @property
    def app(self) -> BetweenApp:
        assert self._app is not None, "the bot is not running"
        return self._app

    @property
    def runtime(self) -> Runtime:
        return runtime_of(self.app)

    async def start(self) -> None:
        self._app = build_application(self.settings, self.clock)
        self._app.add_error_handler(self._record_error)
        await prepare(self._app)
        await self._app.initialize()

    async def stop(self) -> None:
        if self._app is None:
            return
        await self._app.shutdown()
        await self.runtime.engine.dispose()
        self._app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def deliver(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def client(self, chat_id: int = 1001, first_name: str = "Alex") -> TelegramTestClient:
        return TelegramTestClient(self.api, self.deliver, chat_id, first_name)

    async def tick(self) -> int:
        return await tick(self.app)

    async def rows(self, model: type, **where: Any) -> list[Any]:
        async with self.runtime.db() as session:
            query = select(model).filter_by(**where)
            return list(await session.scalars(query))

    async def count(self, model: type, **where: Any) -> int:
        async with self.runtime.db() as session:
            query = select(func.count()).select_from(model).filter_by(**where)
            return int(await session.scalar(query) or 0)

    async def _record_error(self, update: object, context: BetweenContext) -> None:
        assert context.error is not None
        self.errors.append(context.error)
