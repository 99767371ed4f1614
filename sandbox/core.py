"""The sandbox itself: botapi's server, a movable clock, and the real bot between them.

The bot is built and started exactly as `python -m bot` starts it (build_application,
the same start-up steps, polling getUpdates), only pointed through TELEGRAM_API_URL at a
FakeBotApi on loopback and given a MovableClock. Nothing in the bot knows the difference.
"""

from __future__ import annotations

import asyncio
import base64
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application, prepare, runtime_of, start_background, tick
from bot.context import BetweenApp
from bot.runner import ALLOWED_UPDATES, connect_to_telegram
from botapi import FakeBotApi
from config import Settings
from domain.clock import MovableClock
from domain.language import ENGLISH, Language
from services import clients, ratings

TOKEN = "424242:SANDBOX"
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


@dataclass(frozen=True)
class PretendClient:
    key: str
    label: str
    first_name: str
    chat_id: int


CLIENTS = (
    PretendClient("a", "Client A", "Alex", 1001),
    PretendClient("b", "Client B", "Sam", 1002),
)


def sandbox_settings(settings: Settings, api: FakeBotApi) -> Settings:
    """The settings as read, with everything that could reach the outside or the real data
    replaced: the fake server, `DATA_DIR/sandbox.db`, a throw-away key, no webhook, no
    health port."""
    database = settings.data_dir / "sandbox.db"
    return settings.model_copy(
        update={
            "telegram_bot_token": api.token,
            "telegram_api_url": api.base_url,
            "database_url": f"sqlite+aiosqlite:///{database}",
            # The database starts empty each time, so a key for this run alone will do.
            "encryption_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "webhook_url": None,
            "webhook_secret": None,
            "health_port": 0,
        }
    )


def database_path(settings: Settings) -> Path:
    return settings.data_dir / "sandbox.db"


class Sandbox:
    """One sandbox: start, reset, move time, and say what has changed."""

    def __init__(self, settings: Settings) -> None:
        self.base_settings = settings
        self.clock = MovableClock()
        self.revision = 0
        self._changed = asyncio.Event()
        self._lock = asyncio.Lock()
        self._api: FakeBotApi | None = None
        self._app: BetweenApp | None = None
        # Each pretend phone's app language: it outlives a reset, as a phone's setting would.
        self.languages = {pretend.key: ENGLISH for pretend in CLIENTS}

    @property
    def api(self) -> FakeBotApi:
        assert self._api is not None, "the sandbox is not running"
        return self._api

    @property
    def app(self) -> BetweenApp:
        assert self._app is not None, "the sandbox is not running"
        return self._app

    def client(self, key: str) -> PretendClient | None:
        return next((c for c in CLIENTS if c.key == key), None)

    def touch(self) -> None:
        """Something a page shows has changed: wake every page waiting for news."""
        self.revision += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for_change(self, since: int, seconds: float) -> int:
        if since == self.revision:
            changed = self._changed
            try:
                async with asyncio.timeout(seconds):
                    await changed.wait()
            except TimeoutError:
                pass
        return self.revision

    async def start(self) -> None:
        async with self._lock:
            await self._start()

    async def stop(self) -> None:
        async with self._lock:
            await self._stop()

    async def reset(self) -> None:
        """Both chats emptied, the database erased, the clock back to now."""
        async with self._lock:
            await self._stop()
            await self._start()

    async def _start(self) -> None:
        self.clock = MovableClock()
        clock = self.clock
        self._api = FakeBotApi(TOKEN, clock=lambda: clock.now().timestamp())
        self._api.add_listener(self.touch)
        await self._api.start()
        for pretend in CLIENTS:
            self._api.user(pretend.chat_id, pretend.first_name, self.languages[pretend.key])
        settings = sandbox_settings(self.base_settings, self._api)
        _erase(database_path(self.base_settings))
        database_path(self.base_settings).parent.mkdir(parents=True, exist_ok=True)
        # The same steps as bot.runner's start-up, in polling mode.
        self._app = application = build_application(settings, clock)
        await prepare(application)
        await connect_to_telegram(application, settings)
        await application.initialize()
        await start_background(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        self.touch()

    async def _stop(self) -> None:
        application, self._app = self._app, None
        if application is not None:
            runtime = runtime_of(application)
            runtime.stopping.set()
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
            await runtime.engine.dispose()
        if self._api is not None:
            await self._api.stop()
            self._api = None

    def set_language(self, pretend: PretendClient, language: Language) -> None:
        """The pretend phone's Telegram app switches language: what Between reads in
        `language_code` from then on."""
        self.languages[pretend.key] = language
        self.api.user(pretend.chat_id, pretend.first_name, language)
        self.touch()

    def commands(self, pretend: PretendClient) -> list[dict[str, object]]:
        """The command menu as this phone's Telegram app shows it."""
        return self.api.commands_for(self.languages[pretend.key])

    async def send(self, pretend: PretendClient, text: str) -> None:
        self.api.queue_update(self.api.make_message_update(pretend.chat_id, text))

    async def press(
        self, pretend: PretendClient, message_id: int, data: str, wait: float = 5.0
    ) -> dict[str, object] | None:
        """Tap a button; the bot's answer to the tap (a toast or an alert), if it gives one."""
        update = self.api.make_callback_update(pretend.chat_id, message_id, data)
        query_id = update["callback_query"]["id"]
        self.api.queue_update(update)
        deadline = asyncio.get_running_loop().time() + wait
        revision = self.revision
        while (answer := self.api.callback_answer(query_id)) is None:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return None
            revision = await self.wait_for_change(revision, left)
        return answer

    async def travel(self, pretend: PretendClient, step: str) -> str:
        """Move the sandbox clock and run the scheduler tick; a line saying what happened."""
        async with self._lock:
            if step in STEPS:
                self.clock.advance(STEPS[step])
                moved = "an hour" if step == "hour" else "a day"
                note = f"Moved {moved} ahead."
            else:
                next_at = await self.next_checkin(pretend)
                rating_at = await self.next_rating(pretend)
                if next_at is None and rating_at is None:
                    return (
                        f"{pretend.label} has no check-in coming: set a schedule with /start "
                        "first (or resume, if paused until resumed)."
                    )
                if rating_at is not None and (next_at is None or rating_at < next_at):
                    self.clock.move_to(rating_at)
                    note = "Moved to the question after the session."
                else:
                    assert next_at is not None
                    self.clock.move_to(next_at)
                    note = "Moved to the next check-in."
            self.touch()
            await tick(self.app)
            self.touch()
            return note

    async def next_checkin(self, pretend: PretendClient) -> datetime | None:
        schedule = await clients.current_schedule(runtime_of(self.app), pretend.chat_id)
        if schedule is None or schedule.next_checkin_at is None:
            return None
        return schedule.next_checkin_at

    async def next_rating(self, pretend: PretendClient) -> datetime | None:
        """When the question after a session goes out, if one is waiting."""
        return await ratings.next_rating_at(runtime_of(self.app), pretend.chat_id)

    async def zone_of(self, pretend: PretendClient) -> ZoneInfo | None:
        schedule = await clients.current_schedule(runtime_of(self.app), pretend.chat_id)
        return ZoneInfo(schedule.timezone) if schedule else None

    def now(self) -> datetime:
        return self.clock.now().astimezone(UTC)


def _erase(database: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
