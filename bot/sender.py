"""Messages the scheduler sends, translating Telegram's errors into delivery outcomes."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import keyboards, texts
from bot.checkin_view import render
from bot.limiter import PacingArgs
from bot.replies import edited
from scheduler.tick import ClientUnreachable, SendFailed
from services.checkins import Step

log = logging.getLogger(__name__)

BULK: PacingArgs = {"bulk": True}


class TelegramCheckinSender:
    def __init__(self, bot: Bot, crisis_text: str) -> None:
        self._bot = bot
        self._crisis_text = crisis_text

    async def send_checkin(self, telegram_id: int, step: Step, *, reminder: bool = False) -> int:
        text, markup = render(step, self._crisis_text)
        if reminder:
            text = f"{texts.REMINDER}\n\n{text}"
        async with _outcome():
            message: Message = await self._bot.send_message(
                telegram_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                rate_limit_args=BULK,
            )
        return message.message_id

    async def send_welcome_back(
        self, telegram_id: int, next_at: datetime | None, zone: str | None
    ) -> None:
        async with _outcome():
            await self._bot.send_message(
                telegram_id,
                texts.welcome_back(next_at, zone),
                parse_mode=ParseMode.HTML,
                rate_limit_args=BULK,
            )

    async def close_checkin(self, telegram_id: int, message_id: int) -> None:
        async with _outcome():
            await edited(
                self._bot.edit_message_text(
                    texts.CHECKIN_EXPIRED,
                    telegram_id,
                    message_id,
                    parse_mode=ParseMode.HTML,
                    rate_limit_args=BULK,
                )
            )

    async def offer_summary(self, telegram_id: int, session_at: datetime, zone: str) -> None:
        async with _outcome():
            await self._bot.send_message(
                telegram_id,
                texts.summary_offer(session_at, zone),
                parse_mode=ParseMode.HTML,
                reply_markup=keyboards.summary_offer(),
                rate_limit_args=BULK,
            )

    async def retract(self, telegram_id: int, message_id: int) -> None:
        try:
            await self._bot.delete_message(telegram_id, message_id)
        except TelegramError:
            log.info("could not take back a message in a chat")


@asynccontextmanager
async def _outcome() -> AsyncIterator[None]:
    """Blocked or gone: ClientUnreachable. Anything that may succeed later: SendFailed."""
    try:
        yield
    except Forbidden as error:
        raise ClientUnreachable from error
    except BadRequest as error:
        if "chat not found" in error.message.lower():
            raise ClientUnreachable from error
        log.error("Telegram rejected a scheduled message: %s", error.message)
        raise SendFailed from error
    except (RetryAfter, NetworkError) as error:
        raise SendFailed from error
