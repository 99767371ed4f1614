"""Getting started: consent, then time zone, weekday and time of the weekly check-in."""

from telegram import CallbackQuery, Update

from bot import callbacks, keyboards, texts
from bot.context import BetweenContext
from bot.replies import chat_id_of, edit, reply
from services import clients
from services.clients import CONSENT_VERSION, Stage


async def start(update: Update, context: BetweenContext) -> None:
    """Welcome a new client, resume an unfinished set-up, or say where things are."""
    runtime = context.runtime
    stage = await clients.stage(runtime, chat_id_of(update))
    if stage in (Stage.ACTIVE, Stage.PAUSED):
        schedule = await clients.current_schedule(runtime, chat_id_of(update))
        next_at = schedule.next_checkin_at if schedule else None
        await reply(update, context, texts.already_set_up(next_at, schedule and schedule.timezone))
    elif stage in (Stage.TIMEZONE, Stage.WEEKDAY, Stage.TIME):
        await prompt_for(update, context, stage)
    else:
        text = texts.welcome(runtime.settings.crisis_text)
        await reply(update, context, text, keyboards.consent(CONSENT_VERSION))


async def prompt_for(update: Update, context: BetweenContext, stage: Stage, lead: str = "") -> None:
    """Ask for the set-up step the client is on, after an optional line of confirmation."""
    prompts = {
        Stage.TIMEZONE: (texts.CHOOSE_ZONE, keyboards.zones()),
        Stage.WEEKDAY: (texts.CHOOSE_WEEKDAY, keyboards.weekdays()),
        Stage.TIME: (texts.CHOOSE_TIME, keyboards.times()),
    }
    text, markup = prompts[stage]
    await reply(update, context, f"{lead}\n\n{text}" if lead else text, markup)


async def on_consent(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.Consent
) -> None:
    """Record agreement (then ask for the time zone) or a polite no."""
    chat_id = chat_id_of(update)
    if not press.agree:
        stage = await clients.decline(context.runtime, chat_id)
        if stage is not Stage.DECLINED:
            await query.answer(texts.STALE_BUTTON)
            return
        await query.answer()
        await query.edit_message_reply_markup(None)
        await reply(update, context, texts.DECLINED)
        return
    stage = await clients.agree(context.runtime, chat_id, press.version)
    if stage is None:
        await query.answer()
        await reply(update, context, texts.CONSENT_OUTDATED)
        await start(update, context)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    if stage is Stage.TIMEZONE:
        await prompt_for(update, context, stage, texts.CONSENT_THANKS)


async def on_zone(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.Zone
) -> None:
    if not await clients.choose_timezone(context.runtime, chat_id_of(update), press.name):
        await query.answer(texts.STEP_DONE)
        return
    await query.answer()
    await _settle_prompt(context, query, texts.zone_chosen(press.name))
    await prompt_for(update, context, Stage.WEEKDAY)


async def on_weekday(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.Weekday
) -> None:
    if not await clients.choose_weekday(context.runtime, chat_id_of(update), press.day):
        await query.answer(texts.STEP_DONE)
        return
    await query.answer()
    await _settle_prompt(context, query, texts.weekday_chosen(press.day))
    await prompt_for(update, context, Stage.TIME)


async def on_time(
    update: Update, context: BetweenContext, query: CallbackQuery, press: callbacks.TimeOfDay
) -> None:
    schedule = await clients.choose_time(context.runtime, chat_id_of(update), press.at)
    if schedule is None:
        await query.answer(texts.STEP_DONE)
        return
    await query.answer()
    await _settle_prompt(context, query, f"Time: {press.at:%H:%M}.")
    await _confirm(update, context, schedule)


async def typed_zone(update: Update, context: BetweenContext, text: str) -> None:
    """A time zone typed by name; a name we can't find gets a friendly retry."""
    zone = clients.find_zone(text)
    if zone is None or not await clients.choose_timezone(context.runtime, chat_id_of(update), zone):
        await reply(update, context, texts.ZONE_NOT_FOUND, keyboards.zones())
        return
    await prompt_for(update, context, Stage.WEEKDAY, texts.zone_chosen(zone))


async def typed_weekday(update: Update, context: BetweenContext, text: str) -> None:
    day = _weekday_named(text)
    if day is None or not await clients.choose_weekday(context.runtime, chat_id_of(update), day):
        await prompt_for(update, context, Stage.WEEKDAY)
        return
    await prompt_for(update, context, Stage.TIME, texts.weekday_chosen(day))


async def typed_time(update: Update, context: BetweenContext, text: str) -> None:
    at = clients.parse_time(text)
    schedule = await clients.choose_time(context.runtime, chat_id_of(update), at) if at else None
    if schedule is None:
        await reply(update, context, texts.TIME_NOT_UNDERSTOOD, keyboards.times())
        return
    await _confirm(update, context, schedule)


async def _confirm(update: Update, context: BetweenContext, schedule: clients.Schedule) -> None:
    assert schedule.next_checkin_at is not None
    await reply(
        update, context, texts.schedule_confirmed(schedule.next_checkin_at, schedule.timezone)
    )


async def _settle_prompt(context: BetweenContext, query: CallbackQuery, choice: str) -> None:
    """Replace an answered prompt with the choice made, so old buttons don't linger."""
    message = query.message
    if message is not None:
        await edit(context, message.chat.id, message.message_id, choice)


def _weekday_named(text: str) -> int | None:
    word = text.strip().lower()
    if len(word) < 2:
        return None
    matches = [day for day, name in enumerate(texts.WEEKDAYS) if name.lower().startswith(word)]
    return matches[0] if len(matches) == 1 else None
