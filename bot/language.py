"""Which language a client reads: stored once they agree, Telegram's until then; /settings
changes it."""

from telegram import Update

from bot import keyboards, texts
from bot.callbacks import LanguageChoice, parsed
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, reply, settle
from domain.language import Words, language_of, words
from services import clients


def telegram_language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


async def find_words(update: Update, context: BetweenContext) -> None:
    """Before every handler: the client's words, for everything said in reply."""
    stored = None
    if update.effective_chat is not None:
        stored = await clients.language(context.runtime, update.effective_chat.id)
    context.found_words = words_for(stored or telegram_language(update))


def words_for(code: str | None) -> Words:
    return words(language_of(code))


async def offer_languages(update: Update, context: BetweenContext) -> None:
    await reply(update, context, texts.choose_language(context.words), keyboards.languages())


async def on_language(update: Update, context: BetweenContext) -> None:
    """A language picked: stored, and said in that language from here on."""
    query = query_of(update)
    choice = parsed(update, LanguageChoice)
    if not await clients.set_language(context.runtime, chat_id_of(update), choice.language):
        await acknowledge(query, texts.stale_button(context.words))
        return
    await acknowledge(query)
    await settle(context, query, texts.language_chosen(words(choice.language)))
