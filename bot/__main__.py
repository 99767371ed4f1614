"""`python -m bot`: start Between with polling."""

import asyncio
import sys

from pydantic import ValidationError

from bot.logs import configure_logging
from bot.runner import AlreadyRunning, hold_sqlite_lock, serve
from config import Settings
from domain.instruments import InstrumentFileError
from storage.crypto import CipherError

MISSING_TOKEN = """\
Between needs a Telegram bot token to start.

Open Telegram, talk to @BotFather, send /newbot and follow the steps; it answers with a
token like 123456789:AAE... Put it in a file named .env next to this README:

    TELEGRAM_BOT_TOKEN=123456789:AAE...

or set TELEGRAM_BOT_TOKEN in the environment, then run `make run` again.
"""


MISSING_SECRET = """\
WEBHOOK_URL is set but WEBHOOK_SECRET is not. Telegram sends the secret with every update
so that nobody else can post to the webhook; choose one (1-256 letters, digits, _ or -),
for example with `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
"""


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"Between cannot start: a setting is not valid.\n{error}", file=sys.stderr)
        return 2
    if not settings.telegram_bot_token:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    if settings.webhook_url and not settings.webhook_secret:
        print(MISSING_SECRET, file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    try:
        lock = hold_sqlite_lock(settings)
        asyncio.run(serve(settings))
    except (AlreadyRunning, InstrumentFileError, CipherError) as error:
        print(f"Between cannot start: {error}", file=sys.stderr)
        return 2
    if lock is not None:
        lock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
