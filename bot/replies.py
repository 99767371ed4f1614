"""Small sending helpers shared by the handlers.

Two of Telegram's refusals are not failures, and each is handled here, in one place:
"message is not modified" (the message already reads as wanted: `edited`) and "query is
too old" (the press can no longer be answered, but its work still goes on: `acknowledge`).
"""

import logging
from collections.abc import Awaitable

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

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


async def edited(edit: Awaitable[object]) -> bool:
    """Make an edit; True if the message changed, False if it already read that way.

    Every edit goes through here: "message is not modified" is success, never an error. A
    second tap on a button finds its message already edited, so False also tells a handler
    that this message's tap has been answered.
    """
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        return False
    return True


async def edit(
    context: BetweenContext,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Edit a message in place; False when it already read that way."""
    return await edited(
        context.bot.edit_message_text(
            text, chat_id, message_id, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    )


async def remove_buttons(query: CallbackQuery) -> bool:
    """Take the buttons off the pressed message, leaving its text; False if already gone."""
    return await edited(query.edit_message_reply_markup(None))


async def acknowledge(
    query: CallbackQuery, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer a button press (stops the spinner, shows `text` as a small pop-up).

    Best-effort: Telegram refuses an answer to a press that waited too long (a slow moment,
    a restart). The client's tap still counts, so the handler carries on with its work.
    """
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        message = error.message.lower()
        if "query is too old" not in message and "query id is invalid" not in message:
            raise
        log.info("callback query %s was too old to answer", query.id)


def chat_id_of(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def query_of(update: Update) -> CallbackQuery:
    """The button press a button handler was called for."""
    assert update.callback_query is not None
    return update.callback_query


async def settle(context: BetweenContext, query: CallbackQuery, text: str) -> bool:
    """Replace the pressed message with `text`, so old buttons don't linger.

    False when it already read `text` (the press was answered before).
    """
    message = query.message
    if message is None:
        return False
    return await edit(context, message.chat.id, message.message_id, text)


async def take_back(context: BetweenContext, chat_id: int, message_id: int) -> None:
    """Delete a message that should not have gone out; best-effort, never raises."""
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError:
        log.info("could not take back a message in a chat")
