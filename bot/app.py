"""Builds the Telegram application: settings in, a ready `Application` out."""

import logging
import ssl
from functools import cache

import httpx
from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    TypeHandler,
)
from telegram.request import HTTPXRequest

from bot import (
    checkin,
    controls,
    goals,
    help,
    language,
    sessions,
    setup,
    summary,
    tasks,
    typed,
)
from bot.budget import SHARED_CLAIM_SECONDS, SendBudget
from bot.buttons import family_of
from bot.context import (
    DOORS_KEY,
    RUNTIME_KEY,
    BetweenApp,
    BetweenContext,
    Doors,
    telegram_language,
    words_for,
)
from bot.controls.handlers import offer_keep_or_erase
from bot.controls.keyboards import ending_offer
from bot.goals.keyboards import offer as goals_offer
from bot.help.words import menu_commands
from bot.language.handlers import offer_languages
from bot.limiter import SendLimiter
from bot.replies import acknowledge
from bot.sender import TelegramCheckinSender
from bot.setup.handlers import not_ready, prompt_for, start
from bot.summary.keyboards import offer as summary_offer
from bot.tasks.handlers import tasks_offer
from bot.updates import PerChatUpdates
from bot.words import SOMETHING_WENT_WRONG, STALE_BUTTON
from config import Settings
from domain.clock import Clock
from domain.language import ENGLISH, Language, words
from scheduler.tick import run_tick
from services import clients
from services.runtime import Runtime, build_runtime
from services.send_budget import SharedSlots, bot_of
from storage.migrate import upgrade_database

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 16


def build_application(settings: Settings, clock: Clock | None = None) -> BetweenApp:
    """The bot, talking to Telegram only through `settings.telegram_api_url`."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    runtime = build_runtime(settings, clock)
    application: BetweenApp = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .request(HTTPXRequest(connection_pool_size=256, httpx_kwargs={"verify": tls()}))
        .get_updates_request(HTTPXRequest(connection_pool_size=1, httpx_kwargs={"verify": tls()}))
        .context_types(ContextTypes(context=BetweenContext))
        .rate_limiter(send_limiter(runtime))
        .concurrent_updates(PerChatUpdates(CONCURRENT_UPDATES))
        .build()
    )
    application.bot_data[RUNTIME_KEY] = runtime
    application.bot_data[DOORS_KEY] = DOORS
    _add_handlers(application)
    return application


def send_limiter(runtime: Runtime) -> SendLimiter:
    """SEND_RATE is the bot token's: on PostgreSQL every instance claims its sends from
    one budget in the database; SQLite allows one process, which keeps it in memory."""
    settings = runtime.settings
    if runtime.engine.dialect.name == "postgresql":
        assert settings.telegram_bot_token is not None
        slots = SharedSlots(runtime.db, bot_of(settings.telegram_bot_token))
        budget = SendBudget(runtime.clock, settings.send_rate, slots, SHARED_CLAIM_SECONDS)
    else:
        budget = SendBudget(runtime.clock, settings.send_rate)
    return SendLimiter(
        runtime.clock,
        budget,
        paid_per_second=settings.paid_send_rate,
        on_rate_limited=runtime.metrics.rate_limited.inc,
    )


# Where one conversation hands the client on to another (each package stands alone).
DOORS = Doors(
    start=start,
    not_ready=not_ready,
    ask=prompt_for,
    choose_language=offer_languages,
    keep_or_erase=offer_keep_or_erase,
    goals_offer=goals_offer,
    summary_offer=summary_offer,
    ending_offer=ending_offer,
    tasks_offer=tasks_offer,
)


@cache
def tls() -> ssl.SSLContext:
    """One TLS context (as HTTPX makes it: SSL_CERT_FILE honoured) for every connection to
    Telegram: each new one reads the whole certificate bundle again (about 60 ms), twice
    for every application built."""
    return httpx.create_ssl_context()


def _add_handlers(application: BetweenApp) -> None:
    """Every update the bot answers, by conversation: the bot's table of contents.

    The first handler that matches takes the update, once `private_chats_only` let it
    through. Each conversation's commands come before `help` (which answers any other
    command) and `typed` (any text or other message); a button of no family is stale.
    """
    application.add_handler(TypeHandler(Update, private_chats_only), group=-2)
    application.add_handler(TypeHandler(Update, find_words), group=-1)
    application.add_handlers(
        [
            *setup.HANDLERS,
            *checkin.HANDLERS,
            *summary.HANDLERS,
            *controls.HANDLERS,
            *sessions.HANDLERS,
            *goals.HANDLERS,
            *tasks.HANDLERS,
            *language.HANDLERS,
            *help.HANDLERS,
            *typed.HANDLERS,
            CallbackQueryHandler(on_stale_button),
        ]
    )
    application.add_error_handler(on_error)


def runtime_of(application: Application) -> Runtime:  # type: ignore[type-arg]
    runtime: Runtime = application.bot_data[RUNTIME_KEY]
    return runtime


async def prepare(application: BetweenApp) -> None:
    """Bring the database schema up to date. Runs before any update is handled."""
    await upgrade_database(runtime_of(application).engine)


async def tick(application: BetweenApp) -> int:
    """One scheduler tick: deliver every check-in that is due."""
    runtime = runtime_of(application)
    sender = TelegramCheckinSender(application.bot, runtime.settings)
    sent = await run_tick(runtime, sender)
    runtime.metrics.last_tick.set(runtime.clock.now().timestamp())
    return sent


async def _tick_job(context: BetweenContext) -> None:
    await tick(context.application)


async def start_background(application: BetweenApp) -> None:
    """Publish the command menu and start the one periodic tick."""
    await publish_commands(application)
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        _tick_job,
        interval=runtime_of(application).settings.tick_seconds,
        first=0.5,
        name="tick",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


async def publish_commands(application: BetweenApp) -> None:
    """The command menu in each language; English for an app in any other language."""
    for each in Language:
        commands = menu_commands(words(each))
        code = None if each is ENGLISH else each.value
        await application.bot.set_my_commands(commands, language_code=code)


async def private_chats_only(update: Update, context: BetweenContext) -> None:
    """Before every handler: Between talks only in a client's private chat with it, and a
    button press counts only if it could have come from its message.

    Anything from a group or channel is dropped, so no row is ever made for one. A button
    with no message (pressed on an inline message), outside a private chat, on a picture or
    file (Between puts no buttons there), or on a message whose buttons are of another
    family (forged data) gets the short stale notice and changes nothing. A late press of
    an older button of the same family, or on a message whose buttons have since gone, goes
    on: its handler says what became of it.
    """
    chat = update.effective_chat
    query = update.callback_query
    if chat is None or chat.type != ChatType.PRIVATE:
        log.info("update %s is not from a private chat: ignored", update.update_id)
    elif query is not None and not _family_on_its_message(query):
        log.info("button of update %s is not of its message: ignored", update.update_id)
    else:
        return
    if query is not None:
        w = words_for(telegram_language(update))
        await acknowledge(query, w._(STALE_BUTTON))
    raise ApplicationHandlerStop


def _family_on_its_message(query: CallbackQuery) -> bool:
    message = query.message
    if not isinstance(message, Message) or message.text is None or not query.data:
        return False
    markup = message.reply_markup
    if markup is None:
        return True
    family = family_of(query.data)
    return any(
        isinstance(button.callback_data, str) and family_of(button.callback_data) == family
        for row in markup.inline_keyboard
        for button in row
    )


async def find_words(update: Update, context: BetweenContext) -> None:
    """Before every handler: the client's words, for everything said in reply; a press on a
    check-in reads them in its own transaction instead (`checkin.OWN_WORDS`)."""
    data = update.callback_query.data if update.callback_query else None
    if data and any(family.PATTERN.match(data) for family in checkin.OWN_WORDS):
        return
    stored = None
    if update.effective_chat is not None:
        stored = await clients.language(context.runtime, update.effective_chat.id)
    context.found_words = words_for(stored or telegram_language(update))


async def on_stale_button(update: Update, context: BetweenContext) -> None:
    """A button this bot does not (or no longer) understand: a short notice, nothing else."""
    w = context.words
    log.info("unrecognised button data in chat update %s", update.update_id)
    assert update.callback_query is not None
    await acknowledge(update.callback_query, w._(STALE_BUTTON))


async def on_error(update: object, context: BetweenContext) -> None:
    """Log the failure by id only, and tell the client kindly that nothing they gave is lost."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, TelegramError) and update.callback_query is None:
        return
    w = words_for(telegram_language(update))  # storage may be what failed
    try:
        await context.bot.send_message(update.effective_chat.id, w._(SOMETHING_WENT_WRONG))
    except TelegramError:
        log.info("could not tell chat of update %s about the error", update_id)
