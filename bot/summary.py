"""/summary and /export: the client's own data, back in their hands.

A summary draft lives entirely in its buttons (period, sections, and the moment it was
previewed), so the preview and what is sent are compiled from the same data, and a
restart loses nothing.
"""

from datetime import UTC, datetime, timedelta

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot import callbacks, texts
from bot.callbacks import SummaryPress, SummaryStep
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, edit, query_of, reply, settle
from domain.language import Language, Words, words
from domain.summary import Period, Section
from services import export, summaries
from services.summaries import Compiled

PREVIEW_LIFETIME = timedelta(days=1)
SECTION_BITS = {
    Section.MOOD: 1,
    Section.ALLIANCE: 2,
    Section.NOTES: 4,
    Section.PHQ4: 8,
    Section.GOALS: 64,
}
# The alliance line's bit is set when it is left out, so buttons from before it had a bit
# keep it in; another asks for the PDF as well.
LINE_LEFT_OUT = 16
PDF = 32


async def summary_command(update: Update, context: BetweenContext) -> None:
    """/summary: choose a period, then preview, then send."""
    w = context.words
    periods = await summaries.periods_offered(context.runtime, chat_id_of(update))
    if periods is None:
        await reply(update, context, texts.no_summary_yet(w))
        return
    as_of = int(context.runtime.clock.now().timestamp())
    await reply(update, context, texts.choose_period(w), _periods_keyboard(w, periods, None, as_of))


async def on_summary(update: Update, context: BetweenContext) -> None:
    """A step of /summary: choose the period and sections, preview, send or cancel."""
    w = context.words
    press = callbacks.parsed(update, SummaryPress)
    query = query_of(update)
    runtime = context.runtime
    as_of = datetime.fromtimestamp(press.as_of, UTC)
    now = runtime.clock.now()
    if not now - PREVIEW_LIFETIME <= as_of <= now:
        await acknowledge(query, texts.preview_outdated(w), alert=True)
        return
    if press.action is SummaryStep.CANCEL:
        await acknowledge(query)
        await settle(context, query, texts.summary_cancelled(w))
        return
    chat_id = chat_id_of(update)
    if press.action is SummaryStep.CHANGE_PERIOD:
        periods = await summaries.periods_offered(runtime, chat_id) or []
        await acknowledge(query)
        await _show(
            context, query, texts.choose_period(w), _periods_keyboard(w, periods, press, None)
        )
        return
    sections = _sections(press.sections)
    language = press.language or w.language
    if press.action is SummaryStep.NEXT_LANGUAGE:
        language = _next(language)
    compiled = await summaries.compile_summary(
        runtime, chat_id, press.period, sections, as_of, language
    )
    if compiled is None:
        await acknowledge(query, texts.stale_button(w))
    elif press.action is SummaryStep.SEND:
        await _send(update, context, query, compiled, _pdf(press.sections))
    else:
        await acknowledge(query)
        await _preview(context, query, compiled, press.as_of, _pdf(press.sections))


async def _preview(
    context: BetweenContext, query: CallbackQuery, compiled: Compiled, as_of: int, pdf: bool
) -> None:
    w = context.words
    if not compiled.data.records:
        press = SummaryPress(compiled.period, None, as_of, SummaryStep.CHANGE_PERIOD)
        await _show(context, query, texts.no_checkins_in_period(w), _change_period(w, press))
        return
    text = f"{texts.preview_lead(w)}\n\n{compiled.text}"
    await _show(context, query, text, _preview_keyboard(w, compiled, as_of, pdf))


async def _send(
    update: Update, context: BetweenContext, query: CallbackQuery, compiled: Compiled, pdf: bool
) -> None:
    """Send the summary and its chart (and the PDF, if asked) into the client's own chat,
    forwardable."""
    w = context.words
    chat_id = chat_id_of(update)
    if not compiled.sections or not compiled.data.records:
        await acknowledge(query, texts.choose_a_section(w))
        return
    claimed = await summaries.claim_sending(context.runtime, chat_id, compiled)
    if claimed is None:  # a second tap, here or on another instance
        await acknowledge(query, texts.summary_already_sent(w))
        await settle(context, query, texts.summary_sent(w))
        return
    await acknowledge(query)
    try:
        await _deliver(context, chat_id, compiled, pdf)
    except BaseException:  # a failure, or the bot stopping mid-way: Send can be tapped again
        await summaries.unclaim(context.runtime, claimed)
        raise
    await summaries.finish_sending(context.runtime, chat_id, compiled)
    await settle(context, query, texts.summary_sent(w))


async def _deliver(context: BetweenContext, chat_id: int, compiled: Compiled, pdf: bool) -> None:
    await context.bot.send_message(
        chat_id, compiled.text, parse_mode=ParseMode.HTML, protect_content=False
    )
    chart = await summaries.chart_for(compiled)
    if chart is not None:
        await context.bot.send_photo(chat_id, chart, protect_content=False)
    if pdf:
        document = await summaries.pdf_for(compiled)
        filename = texts.pdf_filename(words(compiled.language), compiled.data.end)
        await context.bot.send_document(chat_id, document, filename=filename, protect_content=False)


async def export_command(update: Update, context: BetweenContext) -> None:
    """/export: everything stored, as JSON, and the answers as CSV."""
    w = context.words
    bundle = await export.export_client(context.runtime, chat_id_of(update))
    if bundle is None:
        await reply(update, context, texts.nothing_stored(w))
        return
    chat_id = chat_id_of(update)
    await reply(update, context, texts.export_ready(w))
    await context.bot.send_document(chat_id, bundle.json, filename="between-export.json")
    await context.bot.send_document(chat_id, bundle.csv, filename="between-answers.csv")


def _sections(mask: int | None) -> frozenset[Section] | None:
    if mask is None:
        return None
    chosen = {section for section, bit in SECTION_BITS.items() if mask & bit}
    return frozenset(chosen if mask & LINE_LEFT_OUT else chosen | {Section.LINE})


def _pdf(mask: int | None) -> bool:
    return mask is not None and bool(mask & PDF)


def _mask(sections: frozenset[Section], pdf: bool) -> int:
    mask = sum(SECTION_BITS[section] for section in sections if section in SECTION_BITS)
    return mask | (0 if Section.LINE in sections else LINE_LEFT_OUT) | (PDF if pdf else 0)


def _preview_keyboard(w: Words, compiled: Compiled, as_of: int, pdf: bool) -> InlineKeyboardMarkup:
    period = compiled.period
    mask = _mask(compiled.sections, pdf)

    def data(action: SummaryStep, flip: int = 0) -> str:
        return callbacks.summary(period, mask ^ flip, as_of, action, compiled.language)

    def toggle(label: str, ticked: bool, bit: int) -> InlineKeyboardButton:
        flipped = data(SummaryStep.PREVIEW, bit)
        return InlineKeyboardButton(("✓ " if ticked else "") + label, callback_data=flipped)

    toggles = [
        toggle(texts.section_label(w, section), section in compiled.sections, bit)
        for section, bit in SECTION_BITS.items()
        if section in compiled.offered
    ]
    rows = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    if Section.LINE in compiled.offered:
        line = texts.section_label(w, Section.LINE)
        rows.append([toggle(line, Section.LINE in compiled.sections, LINE_LEFT_OUT)])
    rows.append([toggle(texts.also_pdf(w), pdf, PDF)])
    language = texts.summary_language(w, compiled.language.autonym)
    return InlineKeyboardMarkup(
        [
            *rows,
            [InlineKeyboardButton(language, callback_data=data(SummaryStep.NEXT_LANGUAGE))],
            [
                InlineKeyboardButton(
                    texts.change_period(w), callback_data=data(SummaryStep.CHANGE_PERIOD)
                )
            ],
            [
                InlineKeyboardButton(texts.send(w), callback_data=data(SummaryStep.SEND)),
                InlineKeyboardButton(texts.cancel(w), callback_data=data(SummaryStep.CANCEL)),
            ],
        ]
    )


def _next(language: Language) -> Language:
    """The language after `language`, round the list: the summary's language button."""
    every = list(Language)
    return every[(every.index(language) + 1) % len(every)]


def _periods_keyboard(
    w: Words, periods: list[Period], press: SummaryPress | None, as_of: int | None
) -> InlineKeyboardMarkup:
    stamp = press.as_of if press else as_of
    assert stamp is not None
    sections = press.sections if press else None
    language = press.language if press else None
    rows = [
        [
            InlineKeyboardButton(
                texts.period_label(w, period.value),
                callback_data=callbacks.summary(
                    period, sections, stamp, SummaryStep.PREVIEW, language
                ),
            )
        ]
        for period in periods
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.cancel(w),
                callback_data=callbacks.summary(Period.FOUR_WEEKS, None, stamp, SummaryStep.CANCEL),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def _change_period(w: Words, press: SummaryPress) -> InlineKeyboardMarkup:
    data = callbacks.summary(press.period, press.sections, press.as_of, SummaryStep.CHANGE_PERIOD)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.change_period(w), callback_data=data)]]
    )


async def _show(
    context: BetweenContext, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup
) -> None:
    message = query.message
    if message is not None:
        await edit(context, message.chat.id, message.message_id, text, markup)
