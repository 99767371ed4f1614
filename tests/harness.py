"""Runs the real Between application against the fake Bot API, with a controllable clock."""

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
