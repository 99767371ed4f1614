"""/summary and /export: the client's own data, back in their hands.

A summary draft lives entirely in its buttons (period, sections, and the moment it was
previewed), so the preview and what is sent are compiled from the same data, and a
restart loses nothing.
"""

from datetime import UTC, datetime, timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, edit, query_of, reply, settle
from bot.summary import keyboards, words
from bot.summary.buttons import SummaryOfferChoice, SummaryPress, SummaryStep
from bot.words import NOTHING_STORED, STALE_BUTTON
from domain.language import Language
from domain.language import words as words_of
from domain.summary import Period
from services import export, summaries
from services.summaries import Compiled

PREVIEW_LIFETIME = timedelta(days=1)


async def summary_command(update: Update, context: BetweenContext) -> None:
    """/summary: choose a period, then preview, then send."""
    w = context.words
    periods = await summaries.periods_offered(context.runtime, chat_id_of(update))
    if periods is None:
        await reply(update, context, w._(words.NO_SUMMARY_YET))
        return
    as_of = int(context.runtime.clock.now().timestamp())
    draft = SummaryPress(Period.FOUR_WEEKS, None, as_of, SummaryStep.PREVIEW)
    await reply(update, context, w._(words.CHOOSE_PERIOD), keyboards.periods(w, periods, draft))


async def on_summary(update: Update, context: BetweenContext) -> None:
    """A step of /summary: choose the period and sections, preview, send or cancel."""
    w = context.words
    press = SummaryPress.pressed(update)
    query = query_of(update)
    runtime = context.runtime
    as_of = datetime.fromtimestamp(press.as_of, UTC)
    now = runtime.clock.now()
    if not now - PREVIEW_LIFETIME <= as_of <= now:
        await acknowledge(query, w._(words.PREVIEW_OUTDATED), alert=True)
        return
    if press.action is SummaryStep.CANCEL:
        await acknowledge(query)
        await settle(context, query, w._(words.SUMMARY_CANCELLED))
        return
    chat_id = chat_id_of(update)
    if press.action is SummaryStep.CHANGE_PERIOD:
        periods = await summaries.periods_offered(runtime, chat_id) or []
        await acknowledge(query)
        await _show(context, query, w._(words.CHOOSE_PERIOD), keyboards.periods(w, periods, press))
        return
    language = press.language or w.language
    if press.action is SummaryStep.NEXT_LANGUAGE:
        language = _next(language)
    compiled = await summaries.compile_summary(
        runtime, chat_id, press.period, press.chosen, as_of, language
    )
    if compiled is None:
        await acknowledge(query, w._(STALE_BUTTON))
    elif press.action is SummaryStep.SEND:
        await _send(update, context, query, compiled, press.pdf)
    else:
        await acknowledge(query)
        await _preview(context, query, compiled, press.as_of, press.pdf)


async def _preview(
    context: BetweenContext, query: CallbackQuery, compiled: Compiled, as_of: int, pdf: bool
) -> None:
    w = context.words
    if not compiled.data.records:
        draft = SummaryPress(compiled.period, None, as_of, SummaryStep.CHANGE_PERIOD)
        text = w._(words.NO_CHECKINS_IN_PERIOD)
        await _show(context, query, text, keyboards.change_period(w, draft))
        return
    text = f"{w._(words.PREVIEW_LEAD)}\n\n{compiled.text}"
    await _show(context, query, text, keyboards.preview(w, compiled, as_of, pdf))


async def _send(
    update: Update, context: BetweenContext, query: CallbackQuery, compiled: Compiled, pdf: bool
) -> None:
    """Send the summary and its chart (and the PDF, if asked) into the client's own chat,
    forwardable."""
    w = context.words
    chat_id = chat_id_of(update)
    if not compiled.sections or not compiled.data.records:
        await acknowledge(query, w._(words.CHOOSE_A_SECTION))
        return
    claimed = await summaries.claim_sending(context.runtime, chat_id, compiled)
    if claimed is None:  # a second tap, here or on another instance
        await acknowledge(query, w._(words.SUMMARY_ALREADY_SENT))
        await settle(context, query, w._(words.SUMMARY_SENT))
        return
    await acknowledge(query)
    try:
        await _deliver(context, chat_id, compiled, pdf)
    except BaseException:  # a failure, or the bot stopping mid-way: Send can be tapped again
        await summaries.unclaim(context.runtime, claimed)
        raise
    await summaries.finish_sending(context.runtime, chat_id, compiled)
    await settle(context, query, w._(words.SUMMARY_SENT))


async def _deliver(context: BetweenContext, chat_id: int, compiled: Compiled, pdf: bool) -> None:
    await context.bot.send_message(
        chat_id, compiled.text, parse_mode=ParseMode.HTML, protect_content=False
    )
    chart = await summaries.chart_for(compiled)
    if chart is not None:
        await context.bot.send_photo(chat_id, chart, protect_content=False)
    if pdf:
        document = await summaries.pdf_for(compiled)
        filename = words.pdf_filename(words_of(compiled.language), compiled.data.end)
        await context.bot.send_document(chat_id, document, filename=filename, protect_content=False)


async def on_summary_offer(update: Update, context: BetweenContext) -> None:
    """Prepare a summary before the session, or not now."""
    w = context.words
    press = SummaryOfferChoice.pressed(update)
    query = query_of(update)
    await acknowledge(query)
    if not press.accept:
        await settle(context, query, w._(words.OFFER_DECLINED))
        return
    if await settle(context, query, w._(words.OFFER_YES) + "."):  # not a second tap
        await summary_command(update, context)


async def export_command(update: Update, context: BetweenContext) -> None:
    """/export: everything stored, as JSON, and the answers as CSV."""
    w = context.words
    bundle = await export.export_client(context.runtime, chat_id_of(update))
    if bundle is None:
        await reply(update, context, w._(NOTHING_STORED))
        return
    chat_id = chat_id_of(update)
    await reply(update, context, w._(words.EXPORT_READY))
    await context.bot.send_document(chat_id, bundle.json, filename="between-export.json")
    await context.bot.send_document(chat_id, bundle.csv, filename="between-answers.csv")


def _next(language: Language) -> Language:
    """The language after `language`, round the list: the summary's language button."""
    every = list(Language)
    return every[(every.index(language) + 1) % len(every)]


async def _show(
    context: BetweenContext, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup
) -> None:
    message = query.message
    if message is not None:
        await edit(context, message.chat.id, message.message_id, text, markup)
