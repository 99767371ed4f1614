"""Which language a client reads: stored once they agree, Telegram's until then; /settings
changes it."""

from telegram import Update

from bot.context import BetweenContext
from bot.language import words
from bot.language.buttons import LanguageChoice, languages
from bot.replies import acknowledge, chat_id_of, query_of, reply, settle
from bot.words import STALE_BUTTON
from domain.language import words as words_in
from services import clients


async def offer_languages(update: Update, context: BetweenContext) -> None:
    await reply(update, context, context.words._(words.CHOOSE), languages())


async def on_language(update: Update, context: BetweenContext) -> None:
    """A language picked: stored, and said in that language from here on."""
    query = query_of(update)
    choice = LanguageChoice.pressed(update)
    if not await clients.set_language(context.runtime, chat_id_of(update), choice.language):
        await acknowledge(query, context.words._(STALE_BUTTON))
        return
    await acknowledge(query)
    await settle(context, query, words_in(choice.language)._(words.CHOSEN))
