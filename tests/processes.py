"""Real `python -m bot` processes for the tests that need them, and waiting without sleeping
longer than needed."""

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from botapi import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(**settings: str) -> dict[str, str]:
    """The environment of a bot process: this one's, less any real bot settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(PYTHONPATH=str(ROOT), HEALTH_PORT="0", LOG_LEVEL="INFO")
    env.update(settings)
    return env


class BotProcess:
    """One bot process; its log goes to a file the test can read afterwards."""

    def __init__(self, cwd: Path, name: str, **settings: str) -> None:
        self.cwd = cwd
        self.log_path = cwd / f"{name}.log"
        self.settings = settings
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.cwd,
            env=bot_env(**self.settings),
            stdout=log,
            stderr=log,
        )
        log.close()

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self, within: float = 15) -> tuple[int, float]:
        """SIGTERM; returns the exit code and how long the process took to exit."""
        assert self.process is not None
        started = time.monotonic()
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), within)
        return code, time.monotonic() - started

    async def wait(self, within: float = 60) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), within)


async def wait_until(condition: Callable[[], bool], within: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.05)


def delivered_by_polling(api: FakeBotApi) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """Deliver updates to a polling bot process and wait until it has answered them."""

    def replies() -> int:
        return sum(1 for method, _ in api.calls if method != "getUpdates")

    async def deliver(update: dict[str, Any]) -> None:
        before = replies()
        api.queue_update(update)
        await wait_until(lambda: replies() > before, what="the bot to answer")
        await asyncio.sleep(0.3)  # a reply may be followed by an edit

    return deliver
