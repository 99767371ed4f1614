"""Try Between in a browser, with no bot token: `python -m bot sandbox` (or `make run`
without TELEGRAM_BOT_TOKEN).

The real bot, built as in production, talks through TELEGRAM_API_URL to botapi's local
Telegram stand-in; a web page on 127.0.0.1 plays two pretend clients' phones and moves the
sandbox clock. Its database is `DATA_DIR/sandbox.db`, erased at each start. Nothing leaves
this machine.
"""

from sandbox.main import run

__all__ = ["run"]
