"""Getting started: consent, then time zone, weekday and time of the weekly check-in.

The same steps change one part of the schedule later (/schedule, /settings).
"""

from telegram import Update

from bot import callbacks, keyboards, texts
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from domain.states import ClientStatus, SetupStep
from services import clients
from services.clients import Progress, Schedule
from services.controls import ErasePurpose


async def start(update: Update, context: BetweenContext) -> None:
    """Welcome a new client, resume an unfinished set-up, or say where things are."""
    runtime = context.runtime
    standing = await clients.standing(runtime, chat_id_of(update))
    if standing.set_up:
        schedule = await clients.current_schedule(runtime, chat_id_of(update))
        next_at = schedule.next_checkin_at if schedule else None
        await reply(update, context, texts.already_set_up(next_at, schedule and schedule.timezone))
    elif standing.step is not None:
        await prompt_for(update, context, standing.step)
    else:
        text = texts.welcome(runtime.settings.crisis_text)
        if standing.reconsent:
            text = f"{texts.CONSENT_CHANGED}\n\n{text}"
        await reply(update, context, text, keyboards.consent(clients.CONSENT_VERSION))


async def not_ready(update: Update, context: BetweenContext) -> None:
    """For a command that needs a finished set-up: say what to do first."""
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is not None:
        await prompt_for(update, context, standing.step, texts.FINISH_SETUP)
    elif standing.reconsent:
        await start(update, context)
    else:
        await reply(update, context, texts.NEEDS_START)


async def prompt_for(
    update: Update, context: BetweenContext, step: SetupStep, lead: str = ""
) -> None:
    """Ask for a set-up step, after an optional line of confirmation."""
    prompts = {
        SetupStep.TIMEZONE: (texts.CHOOSE_ZONE, keyboards.zones()),
        SetupStep.WEEKDAY: (texts.CHOOSE_WEEKDAY, keyboards.weekdays()),
        SetupStep.TIME: (texts.CHOOSE_TIME, keyboards.times()),
    }
    text, markup = prompts[step]
    await reply(update, context, f"{lead}\n\n{text}" if lead else text, markup)


async def on_consent(update: Update, context: BetweenContext) -> None:
    """Agree or Decline: record agreement (then ask for the time zone) or a polite no.

    Only the first tap on a consent message says anything: its buttons then go, and a second
    tap finds them gone, so it changes nothing and sends nothing.
    """
    press = callbacks.parsed(update, callbacks.Consent)
    query = query_of(update)
    chat_id = chat_id_of(update)
    if not press.agree:
        standing = await clients.decline(context.runtime, chat_id)
        if standing.status not in (ClientStatus.DECLINED, ClientStatus.STOPPED):
            await acknowledge(query, texts.STALE_BUTTON)
            return
        await acknowledge(query)
        if not await remove_buttons(query):
            return
        if standing.status is ClientStatus.STOPPED:  # no to a changed consent text: data kept
            markup = keyboards.keep_or_erase(ErasePurpose.AFTER_STOP, context.runtime.clock.now())
            await reply(update, context, texts.STOPPED, markup)
        else:
            await reply(update, context, texts.DECLINED)
        return
    standing = await clients.agree(context.runtime, chat_id, press.version)
    await acknowledge(query)
    if not await remove_buttons(query):  # the consent text stays readable
        return
    if standing is None:
        await reply(update, context, texts.CONSENT_OUTDATED)
        await start(update, context)
    elif standing.step is SetupStep.TIMEZONE:
        await prompt_for(update, context, standing.step, texts.CONSENT_THANKS)
    else:
        await start(update, context)


async def on_zone(update: Update, context: BetweenContext) -> None:
    """A tapped time zone: store it, then ask the next step or confirm the schedule."""
    press = callbacks.parsed(update, callbacks.Zone)
    progress = await clients.choose_timezone(context.runtime, chat_id_of(update), press.name)
    await _pressed(update, context, progress, texts.zone_chosen(press.name))


async def on_weekday(update: Update, context: BetweenContext) -> None:
    """A tapped weekday: store it, then ask the next step or confirm the schedule."""
    press = callbacks.parsed(update, callbacks.Weekday)
    progress = await clients.choose_weekday(context.runtime, chat_id_of(update), press.day)
    await _pressed(update, context, progress, texts.weekday_chosen(press.day))


async def on_time(update: Update, context: BetweenContext) -> None:
    """A tapped time of day: store it, then ask the next step or confirm the schedule."""
    press = callbacks.parsed(update, callbacks.TimeOfDay)
    progress = await clients.choose_time(context.runtime, chat_id_of(update), press.at)
    await _pressed(update, context, progress, texts.time_chosen(press.at))


async def typed_zone(update: Update, context: BetweenContext, text: str) -> None:
    """A time zone typed by name; a name we can't find gets a friendly retry."""
    zone = clients.find_zone(text)
    chat_id = chat_id_of(update)
    progress = await clients.choose_timezone(context.runtime, chat_id, zone) if zone else None
    if progress is None or zone is None:
        await reply(update, context, texts.ZONE_NOT_FOUND, keyboards.zones())
        return
    await _go_on(update, context, progress, texts.zone_chosen(zone))


async def typed_weekday(update: Update, context: BetweenContext, text: str) -> None:
    day = _weekday_named(text)
    chat_id = chat_id_of(update)
    progress = await clients.choose_weekday(context.runtime, chat_id, day) if day else None
    if progress is None or day is None:
        await prompt_for(update, context, SetupStep.WEEKDAY)
        return
    await _go_on(update, context, progress, texts.weekday_chosen(day))


async def typed_time(update: Update, context: BetweenContext, text: str) -> None:
    at = clients.parse_time(text)
    progress = await clients.choose_time(context.runtime, chat_id_of(update), at) if at else None
    if progress is None or at is None:
        await reply(update, context, texts.TIME_NOT_UNDERSTOOD, keyboards.times())
        return
    await _go_on(update, context, progress, texts.time_chosen(at))


async def _pressed(
    update: Update, context: BetweenContext, progress: Progress, choice: str
) -> None:
    """After a set-up button: keep the choice on the message, then go on."""
    query = query_of(update)
    if progress is None:
        await acknowledge(query, texts.STEP_DONE)
        return
    await acknowledge(query)
    await settle(context, query, choice)
    await _go_on(update, context, progress)


async def _go_on(
    update: Update, context: BetweenContext, progress: SetupStep | Schedule, lead: str = ""
) -> None:
    """Ask for the next step, or confirm the finished schedule."""
    if isinstance(progress, SetupStep):
        await prompt_for(update, context, progress, lead)
        return
    assert progress.next_checkin_at is not None
    confirmed = texts.schedule_confirmed(progress.next_checkin_at, progress.timezone)
    await reply(update, context, f"{lead}\n\n{confirmed}" if lead else confirmed)


def _weekday_named(text: str) -> int | None:
    word = text.strip().lower()
    if len(word) < 2:
        return None
    matches = [day for day, name in enumerate(texts.WEEKDAYS) if name.lower().startswith(word)]
    return matches[0] if len(matches) == 1 else None
