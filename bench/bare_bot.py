"""The baseline: a minimal python-telegram-bot bot that only answers the press and edits the
message, as in PTB's own inlinekeyboard example. Run as `python -m bench.bare_bot`.

CONCURRENT_UPDATES gives it PTB's own concurrent update processing, so that it can be
measured on the same terms as Between, which handles up to 16 chats at once."""

import os

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes


async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    markup = query.message.reply_markup  # type: ignore[union-attr]
    await query.edit_message_text(f"Answered {query.data}", reply_markup=markup)


def main() -> None:
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_URL"])
        .concurrent_updates(int(os.environ.get("CONCURRENT_UPDATES", "1")))
        .build()
    )
    application.add_handler(CallbackQueryHandler(on_press))
    application.run_polling(allowed_updates=["callback_query"])


if __name__ == "__main__":
    main()
