"""In-process fake Telegram Bot API and a test client driving a bot through it."""

from tests.fakebot.client import TelegramTestClient
from tests.fakebot.server import FakeBotApi, FakeMessage

__all__ = ["FakeBotApi", "FakeMessage", "TelegramTestClient"]
