"""Running Between as a process: polling or webhook, the HTTP side, and a graceful stop.

SIGTERM (or Ctrl-C) stops taking new work: no new updates are fetched or accepted, the
tick hands back check-ins it has claimed but not sent, what is in flight finishes, and
the process exits within STOP_GRACE seconds.
"""

import asyncio
import errno
import fcntl
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from aiohttp import web
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.app import build_application, prepare, runtime_of, start_background
from bot.context import BetweenApp
from bot.web import build_health_app, build_webhook_app
from config import WORDED, Settings
from domain.language import ENGLISH, Language
from storage.migrate import explained, open_engine

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
STOP_GRACE = 8.0
# Reaching Telegram at start-up: attempts, and the first pause between them (doubled each
# time): 5 attempts within about 15 s, plus each attempt's own time-out.
CONNECT_ATTEMPTS = 5
CONNECT_BACKOFF = 1.0


class StartupError(Exception):
    """Start-up cannot go on; the message says why and what to do."""


class AlreadyRunning(StartupError):
    """Another process already owns this SQLite database."""


def hold_sqlite_lock(settings: Settings) -> IO[str] | None:
    """On SQLite one process owns dispatch: hold an exclusive lock beside the database file.

    The lock is released by the operating system when the process ends, however it ends.
    """
    database = settings.sqlite_path()
    if database is None:
        return None
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        handle = Path(f"{database}.lock").open("w")  # noqa: SIM115 (held for the process's life)
    except OSError as error:
        raise StartupError(
            f"cannot create {database}.lock beside the database (DATABASE_URL): "
            f"{error.strerror or error}."
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        handle.close()
        raise AlreadyRunning(
            f"Another Between process is already running on {database}. SQLite allows only "
            "one; to run several, use PostgreSQL (DATABASE_URL=postgresql+asyncpg://…)."
        ) from error
    return handle


def warn_of_untranslated_words(settings: Settings) -> None:
    """A CRISIS_TEXT (or OPERATOR_NAME) of the deployment's own is shown as written to clients
    of every language without one of its own: say so, since the crisis text must be in a
    language its reader reads."""
    for name in WORDED:
        if not getattr(settings, name):
            continue
        missing = [
            language.value
            for language in Language
            if language is not ENGLISH and not settings.worded.get((name, language.value))
        ]
        if missing:
            variants = ", ".join(f"{name.upper()}_{code.upper()}" for code in missing)
            log.warning(
                "%s is set and shown as written to clients reading %s; set %s in their languages",
                name.upper(),
                ", ".join(missing),
                variants,
            )


async def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully.

    `StartupError` or `DatabaseProblem` if start-up cannot go on, after undoing what it did.
    A signal during start-up stops it there.
    """
    await open_engine(settings.database_url).dispose()  # a URL it cannot use, said first
    warn_of_untranslated_words(settings)
    application = build_application(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    web_runners: list[web.AppRunner] = []
    starting = asyncio.create_task(_start(application, settings, web_runners))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
        await starting
    except BaseException:
        stopping.cancel()
        await _stop(application, web_runners, quietly=True)
        if stop.is_set():
            return
        raise
    log.info("Between is running (%s)", "webhook" if settings.webhook_url else "polling")
    await stopping
    await _stop(application, web_runners)


async def _start(
    application: BetweenApp, settings: Settings, web_runners: list[web.AppRunner]
) -> None:
    with explained(settings.database_url):
        await prepare(application)
    await connect_to_telegram(application, settings)
    async with _telegram_step("starting"):
        await application.initialize()
        await start_background(application)
        await application.start()
    await _start_web(application, settings, web_runners)
    if settings.webhook_url:
        async with _telegram_step("registering WEBHOOK_URL"):
            await application.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
    else:
        assert application.updater is not None
        async with _telegram_step("starting to poll"):
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)


async def connect_to_telegram(application: BetweenApp, settings: Settings) -> None:
    """Ask Telegram who the bot is (getMe), retrying with back-off while it cannot be reached.

    One line on stderr per failed attempt; `StartupError` once CONNECT_ATTEMPTS have failed,
    or at once if Telegram refuses the token.
    """
    token = settings.telegram_bot_token or ""
    where = urlsplit(settings.telegram_api_url).netloc or settings.telegram_api_url
    delay = CONNECT_BACKOFF
    for attempt in range(1, CONNECT_ATTEMPTS + 1):
        try:
            await application.bot.initialize()
            return
        except InvalidToken as error:
            raise StartupError(
                f"Telegram did not accept TELEGRAM_BOT_TOKEN: {_hide(error, token)}. Copy the "
                "token again from @BotFather (/mybots, API Token): it looks like "
                "123456789:AAE..., with nothing before or after it."
            ) from None
        except (NetworkError, RetryAfter) as error:
            reason = _hide(error, token)
        if attempt < CONNECT_ATTEMPTS:
            print(
                f"Telegram is not reachable at {where} (attempt {attempt} of "
                f"{CONNECT_ATTEMPTS}: {reason}); trying again in {delay:g} s",
                file=sys.stderr,
                flush=True,
            )
            await asyncio.sleep(delay)
            delay *= 2
        else:
            print(
                f"Telegram is not reachable at {where} (attempt {attempt} of "
                f"{CONNECT_ATTEMPTS}: {reason})",
                file=sys.stderr,
                flush=True,
            )
    raise StartupError(
        f"Telegram could not be reached at {where} (TELEGRAM_API_URL) after "
        f"{CONNECT_ATTEMPTS} attempts. Check this machine's network connection, a firewall "
        "or proxy in between, and TELEGRAM_API_URL (empty means https://api.telegram.org/bot), "
        "then start again."
    )


@asynccontextmanager
async def _telegram_step(doing: str) -> AsyncIterator[None]:
    """A Telegram error while `doing` becomes a `StartupError` that says so."""
    try:
        yield
    except TelegramError as error:
        raise StartupError(f"Telegram answered with an error while {doing}: {error}.") from None


async def _start_web(
    application: BetweenApp, settings: Settings, runners: list[web.AppRunner]
) -> None:
    """The health listener (unless HEALTH_PORT=0), and the webhook listener in webhook mode."""
    sites = []
    if settings.health_port:
        sites.append(
            (build_health_app(application), settings.health_listen, settings.health_port, "HEALTH")
        )
    if settings.webhook_url:
        sites.append(
            (
                build_webhook_app(application, settings),
                settings.webhook_listen,
                settings.webhook_port,
                "WEBHOOK",
            )
        )
    for app, host, port, prefix in sites:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        runners.append(runner)
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            raise StartupError(_cannot_listen(error, host, port, prefix)) from None


def _cannot_listen(error: OSError, host: str, port: int, prefix: str) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} ({prefix}_PORT) is already in use on {host}: another program, or "
            f"another Between, is listening there. Stop it, or choose another port in "
            f"{prefix}_PORT."
        )
    return (
        f"cannot listen on {host}:{port} ({prefix}_LISTEN, {prefix}_PORT): "
        f"{error.strerror or error}. Choose an address of this machine and a port it may use."
    )


def _hide(error: Exception, token: str) -> str:
    """The error's message, never with the token in it."""
    message = str(error) or type(error).__name__
    return message.replace(token, "<TELEGRAM_BOT_TOKEN>") if token else message


async def _stop(
    application: BetweenApp, web_runners: list[web.AppRunner], quietly: bool = False
) -> None:
    """Undo what start-up did, as far as it got; `quietly` when start-up failed."""
    if not quietly:
        log.info("stopping: finishing what is in flight")
    runtime = runtime_of(application)
    runtime.stopping.set()
    try:
        async with asyncio.timeout(STOP_GRACE):
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
            await application.bot.shutdown()
    except TimeoutError:
        log.warning("stopped with work in flight; its leases will hand it to another process")
    except Exception:  # start-up failed on its way; what it left is dropped with the process
        if not quietly:
            raise
    for runner in web_runners:
        await runner.cleanup()
    await runtime.engine.dispose()
    if not quietly:
        log.info("stopped")
