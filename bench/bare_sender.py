"""The baseline for dispatch: python-telegram-bot alone sending the same check-in message to
many chats, eight at a time, with no database and no limiter.

    BARE_CHATS=FIRST:COUNT python -m bench.bare_sender
"""

import asyncio
import os

from telegram import Bot
from telegram.constants import ParseMode

from bot.checkin.view import render
from config import Settings
from domain.instruments import load_instruments
from domain.language import ENGLISH, words
from scheduler.tick import IN_FLIGHT
from services.plans import Step


async def send_all(first: int, count: int) -> None:
    weekly = load_instruments()["weekly"]
    text, markup = render(
        words(ENGLISH), Step(1, 0, 7, weekly, weekly.item("mood"), False), Settings()
    )
    slots = asyncio.Semaphore(IN_FLIGHT)
    token, url = os.environ["TELEGRAM_BOT_TOKEN"], os.environ["TELEGRAM_API_URL"]
    async with Bot(token, base_url=url) as bot:

        async def one(chat: int) -> None:
            async with slots:
                await bot.send_message(chat, text, parse_mode=ParseMode.HTML, reply_markup=markup)

        await asyncio.gather(*(one(chat) for chat in range(first, first + count)))


def main() -> None:
    first, count = (int(part) for part in os.environ["BARE_CHATS"].split(":"))
    asyncio.run(send_all(first, count))


if __name__ == "__main__":
    main()
