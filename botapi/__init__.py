"""Between's own local Telegram Bot API server, and a client that plays a user through it.

``FakeBotApi`` serves the Bot API over HTTP on 127.0.0.1 with Telegram's strictness (HTML
parsing, length limits, rate limits, stale callback queries); ``TelegramTestClient`` sends
messages and presses buttons by label. The tests and the benchmarks run the real bot
against it, and so does the local sandbox (sandbox/). The package speaks only the Bot API
over HTTP: it imports nothing from the rest of Between.
"""

from botapi.client import TelegramTestClient
from botapi.server import FakeBotApi, FakeMessage

__all__ = ["FakeBotApi", "FakeMessage", "TelegramTestClient"]
