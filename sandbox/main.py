"""Running the sandbox as a process: the page on 127.0.0.1:SANDBOX_PORT until Ctrl-C."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import sys

from aiohttp import web

from bot.logs import configure_logging
from bot.runner import AlreadyRunning, StartupError, hold_sqlite_lock
from config import Settings
from sandbox.core import Sandbox, database_path
from sandbox.web import build_web_app

log = logging.getLogger(__name__)

CANNOT_START = 2
HOST = "127.0.0.1"


def address(settings: Settings) -> str:
    return f"http://{HOST}:{settings.sandbox_port}"


def run(settings: Settings, announce: str) -> int:
    """Print `announce` (it may name {url}), serve the sandbox until SIGINT or SIGTERM; the
    exit code (2 with one paragraph on stderr when it cannot start)."""
    print(announce.format(url=address(settings)), file=sys.stderr, flush=True)
    configure_logging(settings.log_level, settings.log_format)
    try:
        lock = hold_sqlite_lock(
            settings.model_copy(
                update={"database_url": f"sqlite+aiosqlite:///{database_path(settings)}"}
            )
        )
        asyncio.run(serve(settings))
    except AlreadyRunning:
        print(
            f"Between cannot start the sandbox: another sandbox is already running on "
            f"{database_path(settings)}. Use that one, or stop it first.",
            file=sys.stderr,
        )
        return CANNOT_START
    except StartupError as error:
        print(f"Between cannot start the sandbox: {error}", file=sys.stderr)
        return CANNOT_START
    if lock is not None:
        lock.close()
    return 0


async def serve(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    sandbox = Sandbox(settings)
    runner = web.AppRunner(build_web_app(sandbox), access_log=None, shutdown_timeout=1)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, HOST, settings.sandbox_port).start()
        except OSError as error:
            raise StartupError(_cannot_listen(error, settings.sandbox_port)) from None
        await sandbox.start()
        log.info("sandbox ready at %s", address(settings))
        await stop.wait()
    finally:
        await runner.cleanup()
        await sandbox.stop()


def _cannot_listen(error: OSError, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} (SANDBOX_PORT) is already in use on {HOST}: another program, or "
            "another sandbox, is listening there. Stop it, or choose another port in "
            "SANDBOX_PORT (in .env or the environment)."
        )
    return f"cannot listen on {HOST}:{port} (SANDBOX_PORT): {error.strerror or error}."
