"""Sending a check-in through Telegram, translating Telegram's errors into delivery outcomes."""

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.checkin_view import render
from scheduler.tick import ClientUnreachable, SendFailed
from services.checkins import Step

log = logging.getLogger(__name__)


class TelegramCheckinSender:
    def __init__(self, bot: Bot, crisis_text: str) -> None:
        self._bot = bot
        self._crisis_text = crisis_text

    async def send_checkin(self, telegram_id: int, step: Step) -> int:
        text, markup = render(step, self._crisis_text)
        try:
            message = await self._bot.send_message(
                telegram_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        except Forbidden as error:
            raise ClientUnreachable from error
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise ClientUnreachable from error
            log.error("check-in %s rejected by Telegram: %s", step.checkin_id, error.message)
            raise SendFailed from error
        except (RetryAfter, NetworkError) as error:
            raise SendFailed from error
        return message.message_id
