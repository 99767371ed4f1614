"""`python -m bot`: start Between (polling, or a webhook with WEBHOOK_URL); with no bot
token, or as `python -m bot sandbox`, the local sandbox in a browser (sandbox/).

Whatever stops start-up (a setting, the token, Telegram or the database out of reach, a port
in use, another process on the same SQLite file) ends in one paragraph on stderr that says
what to do, never a traceback, and exit code 2.
"""

import asyncio
import sys

from bot import backup, invite, status
from bot.logs import configure_logging
from bot.runner import StartupError, hold_sqlite_lock, serve
from config import SettingsError, load_settings
from domain.instruments import InstrumentFileError
from domain.language import CatalogMissing
from sandbox import run as run_sandbox
from storage.crypto import CipherError
from storage.migrate import DatabaseProblem

CANNOT_START = 2

MISSING_TOKEN = """\
Between needs a Telegram bot token to start with WEBHOOK_URL set. (Without WEBHOOK_URL, no
token starts the local sandbox instead; `python -m bot sandbox` starts it at any time.)

Open Telegram, talk to @BotFather, send /newbot and follow the steps; it answers with a
token like 123456789:AAE... Put it in a file named .env next to this README:

    TELEGRAM_BOT_TOKEN=123456789:AAE...

or set TELEGRAM_BOT_TOKEN in the environment, then run `make run` again.
"""

NO_TOKEN = "No bot token: starting the local sandbox at {url} (nothing leaves this machine)."
SANDBOX = "Starting the local sandbox at {url} (nothing leaves this machine)."

MISSING_SECRET = """\
WEBHOOK_URL is set but WEBHOOK_SECRET is not. Telegram sends the secret with every update
so that nobody else can post to the webhook; choose one (1-256 letters, digits, _ or -),
for example with `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
"""


USAGE = """\
usage: python -m bot                 start Between (the local sandbox when there is no token)
       python -m bot sandbox         start the local sandbox
       python -m bot invite --help   make, list and end therapists' invite links
       python -m bot backup PATH     back up the database into a new folder PATH
       python -m bot restore PATH    restore the backup in PATH into an empty database
       python -m bot status          counts only: clients by state, check-ins, lag, 429s
"""
SUBCOMMANDS = ("sandbox", "invite", "backup", "restore", "status")


# What stops a start, each said in one paragraph: what is wrong and how to fix it.
CANNOT_GO_ON = (StartupError, DatabaseProblem, InstrumentFileError, CatalogMissing, CipherError)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in SUBCOMMANDS:
        unknown = f"python -m bot: unknown subcommand or option {argv[0]!r}"
        print(f"{unknown}\n\n{USAGE}", file=sys.stderr)
        return CANNOT_START
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Between cannot start: {error}", file=sys.stderr)
        return CANNOT_START
    if argv and argv[0] == "sandbox":
        return run_sandbox(settings, SANDBOX)
    if argv and argv[0] == "invite":
        return invite.main(argv[1:], settings)
    if argv and argv[0] in ("backup", "restore"):
        return backup.main(argv[0], argv[1:], settings)
    if argv and argv[0] == "status":
        return status.main(argv[1:], settings)
    if not settings.telegram_bot_token:
        if not settings.webhook_url:
            return run_sandbox(settings, NO_TOKEN)
        print(MISSING_TOKEN, file=sys.stderr)  # a deployment missing its token
        return CANNOT_START
    if settings.webhook_url and not settings.webhook_secret:
        print(MISSING_SECRET, file=sys.stderr)
        return CANNOT_START
    configure_logging(settings.log_level, settings.log_format)
    try:
        lock = hold_sqlite_lock(settings)
        asyncio.run(serve(settings))
    except (
        StartupError,
        DatabaseProblem,
        InstrumentFileError,
        CatalogMissing,
        CipherError,
    ) as error:
        print(f"Between cannot start: {error}", file=sys.stderr)
        return CANNOT_START
    if lock is not None:
        lock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
