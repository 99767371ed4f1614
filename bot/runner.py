"""Running Between as a process: polling or webhook, the HTTP side, and a graceful stop.

SIGTERM (or Ctrl-C) stops taking new work: no new updates are fetched or accepted, the
tick hands back check-ins it has claimed but not sent, what is in flight finishes, and
the process exits within STOP_GRACE seconds.
"""

import asyncio
import fcntl
import logging
import signal
from pathlib import Path
from typing import IO

from aiohttp import web

from bot.app import build_application, prepare, runtime_of, start_background
from bot.context import BetweenApp
from bot.web import build_health_app, build_webhook_app
from config import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
STOP_GRACE = 8.0


class AlreadyRunning(Exception):
    """Another process already owns this SQLite database."""


def hold_sqlite_lock(settings: Settings) -> IO[str] | None:
    """On SQLite one process owns dispatch: hold an exclusive lock beside the database file.

    The lock is released by the operating system when the process ends, however it ends.
    """
    database = settings.sqlite_path()
    if database is None:
        return None
    database.parent.mkdir(parents=True, exist_ok=True)
    handle = Path(f"{database}.lock").open("w")  # noqa: SIM115 (held for the process's life)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        handle.close()
        raise AlreadyRunning(
            f"Another Between process is already running on {database}. SQLite allows only "
            "one; to run several, use PostgreSQL (DATABASE_URL=postgresql+asyncpg://…)."
        ) from error
    return handle


async def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully."""
    application = build_application(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    await prepare(application)
    await application.initialize()
    await start_background(application)
    await application.start()
    web_runners = await _start_web(application, settings)
    if settings.webhook_url:
        await application.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
    log.info("Between is running (%s)", "webhook" if settings.webhook_url else "polling")
    await stop.wait()
    await _stop(application, web_runners)


async def _start_web(application: BetweenApp, settings: Settings) -> list[web.AppRunner]:
    """The health listener (unless HEALTH_PORT=0), and the webhook listener in webhook mode."""
    sites = []
    if settings.health_port:
        sites.append((build_health_app(application), settings.health_listen, settings.health_port))
    if settings.webhook_url:
        sites.append(
            (
                build_webhook_app(application, settings),
                settings.webhook_listen,
                settings.webhook_port,
            )
        )
    runners = []
    for app, host, port in sites:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, host, port).start()
    return runners


async def _stop(application: BetweenApp, web_runners: list[web.AppRunner]) -> None:
    log.info("stopping: finishing what is in flight")
    runtime = runtime_of(application)
    runtime.stopping.set()
    try:
        async with asyncio.timeout(STOP_GRACE):
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            await application.stop()
            await application.shutdown()
    except TimeoutError:
        log.warning("stopped with work in flight; its leases will hand it to another process")
    for runner in web_runners:
        await runner.cleanup()
    await runtime.engine.dispose()
    log.info("stopped")
