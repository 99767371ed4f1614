"""Small sending helpers shared by the handlers."""

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import BetweenContext

log = logging.getLogger(__name__)


async def reply(
    update: Update,
    context: BetweenContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send `text` (HTML) into the chat the update came from."""
    assert update.effective_chat is not None
    return await context.bot.send_message(
        update.effective_chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )


async def edit(
    context: BetweenContext,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Edit a message in place; an edit that changes nothing is not an error."""
    try:
        await context.bot.edit_message_text(
            text, chat_id, message_id, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def chat_id_of(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def query_of(update: Update) -> CallbackQuery:
    """The button press a button handler was called for."""
    assert update.callback_query is not None
    return update.callback_query


async def settle(context: BetweenContext, query: CallbackQuery, text: str) -> None:
    """Replace the message a button was pressed on with `text`, so old buttons don't linger."""
    message = query.message
    if message is not None:
        await edit(context, message.chat.id, message.message_id, text)
