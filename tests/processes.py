"""Real `python -m bot` processes for the tests that need them, and waiting without sleeping
longer than needed."""

import asyncio
import contextlib
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
        """SIGKILL, if it was started and has not exited."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
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


PROBE_DATA = "probe"  # button data the bot did not make: it only answers "no longer active"


def _chat_of(update: dict[str, Any]) -> int:
    message = update.get("message") or update["callback_query"]["message"]
    return int(message["chat"]["id"])


def delivered_by_polling(api: FakeBotApi) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """Deliver updates to a polling bot process and wait until it has finished with them.

    A reply may be followed by an edit, so the first call back is not the end. The bot
    handles one chat's updates strictly in order (bot/updates.py), so each update is
    followed by a probe in the same chat, a press of a button the bot never made, which it
    only answers: once that answer is in, everything the update caused has been sent.
    """

    def replies(probe_id: str) -> int:
        return sum(
            1
            for method, params in api.calls
            if method != "getUpdates" and str(params.get("callback_query_id")) != probe_id
        )

    async def deliver(update: dict[str, Any]) -> None:
        chat = _chat_of(update)
        probe = api.make_callback_update(chat, api.messages(chat)[-1].message_id, PROBE_DATA)
        probe_id = probe["callback_query"]["id"]
        before = replies(probe_id)
        api.queue_update(update)
        api.queue_update(probe)
        await wait_until(
            lambda: api.callback_answer(probe_id) is not None,
            what=f"the bot to finish update {update['update_id']} (its probe was not answered)",
        )
        assert replies(probe_id) > before, f"the bot did not answer update {update['update_id']}"

    return deliver
