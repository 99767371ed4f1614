"""`python -m bot`: start Between with polling."""

import logging
import sys

from pydantic import ValidationError

from bot.app import build_application
from bot.settings import Settings
from domain.instruments import InstrumentFileError
from storage.crypto import CipherError

MISSING_TOKEN = """\
Between needs a Telegram bot token to start.

Open Telegram, talk to @BotFather, send /newbot and follow the steps; it answers with a
token like 123456789:AAE... Put it in a file named .env next to this README:

    TELEGRAM_BOT_TOKEN=123456789:AAE...

or set TELEGRAM_BOT_TOKEN in the environment, then run `make run` again.
"""


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"Between cannot start: a setting is not valid.\n{error}", file=sys.stderr)
        return 2
    if not settings.telegram_bot_token:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        application = build_application(settings)
    except (InstrumentFileError, CipherError) as error:
        print(f"Between cannot start: {error}", file=sys.stderr)
        return 2
    application.run_polling(allowed_updates=["message", "callback_query"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
