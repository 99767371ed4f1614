"""Messages the scheduler sends, translating Telegram's errors into delivery outcomes."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.checkin import words as checkin_words
from bot.checkin.view import render
from bot.context import words_for
from bot.controls.words import erasure_warning, welcome_back
from bot.limiter import PacingArgs
from bot.replies import edited
from bot.summary.keyboards import offer
from config import Settings
from scheduler.ports import ClientUnreachable, SendFailed
from services.plans import Step

log = logging.getLogger(__name__)

BULK: PacingArgs = {"bulk": True}
PAID_BULK: PacingArgs = {"bulk": True, "paid": True}


class TelegramCheckinSender:
    """Each message in the client's language: the `language` stored with them."""

    def __init__(self, bot: Bot, settings: Settings) -> None:
        self._bot = bot
        self._settings = settings

    async def send_checkin(
        self, telegram_id: int, language: str | None, step: Step, *, reminder: bool = False
    ) -> int:
        w = words_for(language)
        text, markup = render(w, step, self._settings)
        if reminder:
            text = f"{w._(checkin_words.REMINDER)}\n\n{text}"
        # Only a check-in's first message is ever a paid broadcast: a reminder is not.
        paid = self._settings.paid_broadcast and not reminder
        async with _outcome():
            message: Message = await self._bot.send_message(
                telegram_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                allow_paid_broadcast=True if paid else None,
                rate_limit_args=PAID_BULK if paid else BULK,
            )
        return message.message_id

    async def send_welcome_back(
        self, telegram_id: int, language: str | None, next_at: datetime | None, zone: str | None
    ) -> None:
        w = words_for(language)
        async with _outcome():
            await self._bot.send_message(
                telegram_id,
                welcome_back(w, next_at, zone),
                parse_mode=ParseMode.HTML,
                rate_limit_args=BULK,
            )

    async def close_checkin(self, telegram_id: int, language: str | None, message_id: int) -> None:
        w = words_for(language)
        async with _outcome():
            await edited(
                self._bot.edit_message_text(
                    w._(checkin_words.CHECKIN_EXPIRED),
                    telegram_id,
                    message_id,
                    parse_mode=ParseMode.HTML,
                    rate_limit_args=BULK,
                )
            )

    async def offer_summary(
        self, telegram_id: int, language: str | None, session_at: datetime, zone: str
    ) -> None:
        text, markup = offer(words_for(language), session_at, zone)
        async with _outcome():
            await self._bot.send_message(
                telegram_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                rate_limit_args=BULK,
            )

    async def warn_of_erasure(
        self,
        telegram_id: int,
        language: str | None,
        last_active_at: datetime,
        erased_on: datetime,
        zone: str | None,
    ) -> None:
        text = erasure_warning(words_for(language), last_active_at, erased_on, zone)
        async with _outcome():
            await self._bot.send_message(
                telegram_id, text, parse_mode=ParseMode.HTML, rate_limit_args=BULK
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
