"""Where each button press and each piece of typed text goes, decided by stored state."""

import logging

from telegram import Update

from bot import callbacks, controls, onboarding, summary, texts
from bot.checkin import on_answer, on_checkin_action, on_nudge, typed_note
from bot.context import BetweenContext
from bot.replies import chat_id_of, reply
from domain.states import SetupStep
from services import checkins, clients

log = logging.getLogger(__name__)


async def on_button(update: Update, context: BetweenContext) -> None:
    """Route a button press; data this bot did not make gets a short notice."""
    query = update.callback_query
    assert query is not None
    press = callbacks.parse(query.data)
    if isinstance(press, callbacks.Consent):
        await onboarding.on_consent(update, context, query, press)
    elif isinstance(press, callbacks.Zone):
        await onboarding.on_zone(update, context, query, press)
    elif isinstance(press, callbacks.Weekday):
        await onboarding.on_weekday(update, context, query, press)
    elif isinstance(press, callbacks.TimeOfDay):
        await onboarding.on_time(update, context, query, press)
    elif isinstance(press, callbacks.AnswerPress):
        await on_answer(update, context, query, press)
    elif isinstance(press, callbacks.CheckinAction):
        await on_checkin_action(update, context, query, press)
    elif isinstance(press, callbacks.PauseChoice):
        await controls.on_pause(update, context, query, press)
    elif isinstance(press, callbacks.SettingChoice):
        await controls.on_setting(update, context, query, press)
    elif isinstance(press, callbacks.DataChoice):
        await controls.on_data_choice(update, context, query, press)
    elif isinstance(press, callbacks.NudgeChoice):
        await on_nudge(update, context, query, press)
    elif isinstance(press, callbacks.SummaryPress):
        await summary.on_summary(update, context, query, press)
    else:
        log.info("unrecognised button data in chat update %s", update.update_id)
        await query.answer(texts.STALE_BUTTON)


async def on_text(update: Update, context: BetweenContext) -> None:
    """Typed text: a set-up answer, a check-in note, or a gentle pointer."""
    assert update.message is not None
    text = update.message.text or ""
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is SetupStep.TIMEZONE:
        await onboarding.typed_zone(update, context, text)
    elif standing.step is SetupStep.WEEKDAY:
        await onboarding.typed_weekday(update, context, text)
    elif standing.step is SetupStep.TIME:
        await onboarding.typed_time(update, context, text)
    elif standing.outside:
        await reply(update, context, texts.NEEDS_START)
    elif standing.reconsent:
        await onboarding.start(update, context)
    elif not await typed_note(update, context, text):
        expecting = await checkins.expects_button(context.runtime, chat_id_of(update))
        await reply(update, context, texts.USE_BUTTONS if expecting else texts.NOT_EXPECTING_TEXT)


async def on_other_message(update: Update, context: BetweenContext) -> None:
    """Stickers, photos, voice notes: kindly say only text is read."""
    await reply(update, context, texts.NOT_EXPECTING_TEXT)


async def on_unknown_command(update: Update, context: BetweenContext) -> None:
    await reply(update, context, texts.UNKNOWN_COMMAND)


async def on_help(update: Update, context: BetweenContext) -> None:
    """/help: the commands, and that Between is not monitored."""
    await reply(update, context, texts.help_text(context.runtime.settings.crisis_text))
