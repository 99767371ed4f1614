"""The client's controls: /settings, /schedule, /pause, /resume, /stop and /delete."""

from telegram import CallbackQuery, Update

from bot import callbacks, keyboards, onboarding, texts
from bot.context import BetweenContext
from bot.replies import chat_id_of, edit, reply, settle
from domain.states import SetupStep
from services import clients, controls
from services.controls import PauseLength, SettingsView

CHANGEABLE = {"day": SetupStep.WEEKDAY, "time": SetupStep.TIME, "zone": SetupStep.TIMEZONE}


async def settings_command(update: Update, context: BetweenContext) -> None:
    """/settings: everything in one message, with a button to change each part."""
    view = await controls.settings_of(context.runtime, chat_id_of(update))
    if view is None:
        await onboarding.not_ready(update, context)
        return
    await reply(update, context, _settings_text(view), _settings_keyboard(view))


async def schedule_command(update: Update, context: BetweenContext) -> None:
    """/schedule: change the day, the time or the time zone."""
    if await controls.settings_of(context.runtime, chat_id_of(update)) is None:
        await onboarding.not_ready(update, context)
        return
    await reply(update, context, texts.SCHEDULE_WHICH, keyboards.schedule_parts())


async def pause_command(update: Update, context: BetweenContext) -> None:
    """/pause: offer the lengths of a break."""
    if await controls.settings_of(context.runtime, chat_id_of(update)) is None:
        await onboarding.not_ready(update, context)
        return
    await reply(update, context, texts.CHOOSE_PAUSE, keyboards.pause_lengths())


async def resume_command(update: Update, context: BetweenContext) -> None:
    """/resume: end a break at once."""
    schedule = await controls.resume(context.runtime, chat_id_of(update))
    if schedule is None:
        await reply(update, context, texts.NOT_PAUSED)
        return
    await reply(update, context, texts.welcome_back(schedule.next_checkin_at, schedule.timezone))


async def stop_command(update: Update, context: BetweenContext) -> None:
    """/stop: no more messages, then one question: keep the answers or erase them."""
    if not await controls.stop(context.runtime, chat_id_of(update)):
        await reply(update, context, texts.NOT_ACTIVE)
        return
    await reply(update, context, texts.STOPPED, keyboards.keep_or_erase())


async def delete_command(update: Update, context: BetweenContext) -> None:
    """/delete: erase everything, after one confirmation."""
    if (await clients.standing(context.runtime, chat_id_of(update))).status is None:
        await reply(update, context, texts.NOTHING_STORED)
        return
    await reply(update, context, texts.CONFIRM_ERASE, keyboards.keep_or_erase())


async def on_pause(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.PauseChoice
) -> None:
    client = await controls.pause(context.runtime, chat_id_of(update), PauseLength(press.length))
    if client is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await settle(context, query, texts.paused(client.paused_until, client.timezone))


async def on_data_choice(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.DataChoice
) -> None:
    await query.answer()
    if not press.erase:
        await settle(context, query, texts.KEPT)
    elif await controls.erase(context.runtime, chat_id_of(update)):
        await settle(context, query, texts.ERASED)
    else:
        await settle(context, query, texts.NOTHING_STORED)


async def on_setting(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.SettingChoice
) -> None:
    """A button on /settings or /schedule."""
    chat_id = chat_id_of(update)
    runtime = context.runtime
    if press.action in CHANGEABLE:
        stage = CHANGEABLE[press.action]
        if not await clients.begin_change(runtime, chat_id, stage):
            await query.answer(texts.STALE_BUTTON)
            return
        await query.answer()
        await onboarding.prompt_for(update, context, stage)
    elif press.action in ("phq4on", "phq4off"):
        await _toggle_phq4(update, context, query, press.action == "phq4on")
    else:
        await query.answer()
        commands = {"pause": pause_command, "resume": resume_command, "stop": stop_command}
        await commands[press.action](update, context)


async def _toggle_phq4(
    update: Update, context: BetweenContext, query: CallbackQuery, enabled: bool
) -> None:
    chat_id = chat_id_of(update)
    if not await controls.set_phq4(context.runtime, chat_id, enabled):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    view = await controls.settings_of(context.runtime, chat_id)
    if view is not None and query.message is not None:
        text, markup = _settings_text(view), _settings_keyboard(view)
        await edit(context, chat_id, query.message.message_id, text, markup)


def _settings_text(view: SettingsView) -> str:
    schedule = view.schedule
    paused_state = texts.paused(view.paused_until, schedule.timezone) if view.paused else None
    return texts.settings_summary(
        weekday=schedule.weekday,
        at=f"{schedule.local_time:%H:%M}",
        zone=schedule.timezone,
        next_at=schedule.next_checkin_at,
        paused_state=paused_state,
        phq4=view.phq4,
    )


def _settings_keyboard(view: SettingsView) -> keyboards.InlineKeyboardMarkup:
    return keyboards.settings(paused=view.paused, phq4=view.phq4)
