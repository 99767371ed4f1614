"""The client's controls: /settings, /schedule, /pause, /resume, /stop and /delete."""

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from bot.context import BetweenContext
from bot.controls import ending, keyboards, words
from bot.controls.buttons import DataChoice, PauseChoice, Setting, SettingChoice
from bot.replies import acknowledge, chat_id_of, edit, query_of, remove_buttons, reply, settle
from bot.words import NOTHING_STORED, STALE_BUTTON, checkins_line, sessions_line
from domain.language import Words
from domain.sessions import Lead, Rhythm
from domain.states import SetupStep
from services import clients, controls
from services.controls import Choice, EraseOffer, ErasePurpose, SettingsView

CHANGEABLE = {
    Setting.DAY: SetupStep.WEEKDAY,
    Setting.TIME: SetupStep.TIME,
    Setting.ZONE: SetupStep.TIMEZONE,
    Setting.RHYTHM: SetupStep.RHYTHM,
    Setting.LEAD: SetupStep.LEAD,
}


async def settings_command(update: Update, context: BetweenContext) -> None:
    """/settings: everything in one message, with a button to change each part."""
    w = context.words
    view = await _set_up(update, context)
    if view is not None:
        await reply(update, context, _settings_text(w, view), _settings_keyboard(w, view))


async def schedule_command(update: Update, context: BetweenContext) -> None:
    """/schedule: change the day, the time or the time zone."""
    w = context.words
    if await _set_up(update, context) is not None:
        await reply(update, context, w._(words.SCHEDULE_WHICH), keyboards.schedule_parts(w))


async def pause_command(update: Update, context: BetweenContext) -> None:
    """/pause: offer the lengths of a break."""
    w = context.words
    if await _set_up(update, context) is not None:
        await reply(update, context, w._(words.CHOOSE_PAUSE), keyboards.pause_lengths(w))


async def _set_up(update: Update, context: BetweenContext) -> SettingsView | None:
    """The client's settings; None, having said what to do first, if they are not set up."""
    view = await controls.settings_of(context.runtime, chat_id_of(update))
    if view is None:
        await context.doors.not_ready(update, context)
    return view


async def resume_command(update: Update, context: BetweenContext) -> None:
    """/resume: end a break at once."""
    w = context.words
    schedule = await controls.resume(context.runtime, chat_id_of(update))
    if schedule is None:
        await reply(update, context, w._(words.NOT_PAUSED))
        return
    text = words.welcome_back(w, schedule.next_checkin_at, schedule.timezone)
    await reply(update, context, text)


async def stop_command(update: Update, context: BetweenContext) -> None:
    """/stop: no more messages, then one question: keep the answers or erase them."""
    if not await controls.stop(context.runtime, chat_id_of(update)):
        await reply(update, context, context.words._(words.NOT_ACTIVE))
        return
    await offer_keep_or_erase(update, context)


async def offer_keep_or_erase(update: Update, context: BetweenContext) -> None:
    """After a stop: keep the answers, or erase everything (the buttons expire)."""
    w = context.words
    now = context.runtime.clock.now()
    markup = keyboards.keep_or_erase(w, ErasePurpose.AFTER_STOP, now)
    await reply(update, context, w._(words.STOPPED), markup)


async def delete_command(update: Update, context: BetweenContext) -> None:
    """/delete: erase everything, after one confirmation."""
    w = context.words
    if (await clients.standing(context.runtime, chat_id_of(update))).status is None:
        await reply(update, context, w._(NOTHING_STORED))
        return
    markup = keyboards.keep_or_erase(w, ErasePurpose.DELETE, context.runtime.clock.now())
    await reply(update, context, w._(words.CONFIRM_ERASE), markup)


async def on_pause(update: Update, context: BetweenContext) -> None:
    """A tapped length of break: pause, and say until when."""
    w = context.words
    press = PauseChoice.pressed(update)
    query = query_of(update)
    client = await controls.pause(context.runtime, chat_id_of(update), press.length)
    if client is None:
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    await settle(context, query, words.paused(w, client.paused_until, client.timezone))


async def on_data_choice(update: Update, context: BetweenContext) -> None:
    """Keep or Erase, after /stop or /delete: only as asked, recently, and in that state."""
    w = context.words
    press = DataChoice.pressed(update)
    query = query_of(update)
    offer = EraseOffer(press.purpose, datetime.fromtimestamp(press.offered_at, UTC))
    if not await controls.answer_offer(context.runtime, chat_id_of(update), offer, press.erase):
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    await settle(context, query, w._(words.ERASED if press.erase else words.KEPT))


async def on_setting(update: Update, context: BetweenContext) -> None:
    """A button on /settings or /schedule: change a part, PHQ-4 on or off, pause, resume, stop."""
    press = SettingChoice.pressed(update)
    query = query_of(update)
    match press.action:
        case Setting.DAY | Setting.TIME | Setting.ZONE | Setting.RHYTHM | Setting.LEAD:
            await _change(update, context, CHANGEABLE[press.action])
        case Setting.PHQ4_ON | Setting.PHQ4_OFF:
            await _choose(update, context, Choice.PHQ4, press.action is Setting.PHQ4_ON)
        case Setting.OFFERS_ON | Setting.OFFERS_OFF:
            on = press.action is Setting.OFFERS_ON
            await _choose(update, context, Choice.SUMMARY_OFFERS, on)
        case Setting.RATING_ON | Setting.RATING_OFF:
            await _choose(update, context, Choice.RATING, press.action is Setting.RATING_ON)
        case Setting.PAUSE | Setting.RESUME | Setting.STOP | Setting.LANGUAGE | Setting.ENDING:
            await acknowledge(query)
            # Each goes on in a message of its own; the buttons it leaves behind go, so a
            # second tap finds none and sends nothing more.
            if await remove_buttons(query):
                await _follow_up(update, context, press.action)


async def _follow_up(update: Update, context: BetweenContext, action: Setting) -> None:
    match action:
        case Setting.PAUSE:
            await pause_command(update, context)
        case Setting.RESUME:
            await resume_command(update, context)
        case Setting.STOP:
            await stop_command(update, context)
        case Setting.LANGUAGE:
            await context.doors.choose_language(update, context)
        case Setting.ENDING:
            await ending.offer_ending(update, context)


async def _change(update: Update, context: BetweenContext, step: SetupStep) -> None:
    """Ask for the new day, time, time zone, session rhythm or lead."""
    w = context.words
    query = query_of(update)
    if not await clients.begin_change(context.runtime, chat_id_of(update), step):
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    await context.doors.ask(update, context, step)


async def _choose(update: Update, context: BetweenContext, choice: Choice, enabled: bool) -> None:
    """Turn PHQ-4, the summary offer or the rating on or off, and show /settings as it now
    stands."""
    w = context.words
    query = query_of(update)
    chat_id = chat_id_of(update)
    if not await controls.choose(context.runtime, chat_id, choice, enabled):
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    view = await controls.settings_of(context.runtime, chat_id)
    if view is not None and query.message is not None:
        text, markup = _settings_text(w, view), _settings_keyboard(w, view)
        await edit(context, chat_id, query.message.message_id, text, markup)


def _settings_text(w: Words, view: SettingsView) -> str:
    schedule = view.schedule
    paused_state = words.paused(w, view.paused_until, schedule.timezone) if view.paused else None
    if schedule.rhythm is Rhythm.CHECKIN_ONLY:
        assert schedule.weekday is not None and schedule.local_time is not None
        line = checkins_line(w, schedule.weekday, schedule.local_time, schedule.timezone)
    else:
        lead = schedule.lead or Lead.EVENING_BEFORE
        line = sessions_line(
            w, schedule.rhythm, schedule.weekday, schedule.local_time, lead, schedule.timezone
        )
    return words.settings_summary(
        w,
        schedule_line=line,
        zone=schedule.timezone,
        next_at=schedule.next_checkin_at,
        paused_state=paused_state,
        phq4=view.phq4,
        phq4_offered=view.phq4_offered,
        summary_offers=view.summary_offers if _with_sessions(view) else None,
        rating=view.rating if _with_sessions(view) else None,
    )


def _settings_keyboard(w: Words, view: SettingsView) -> InlineKeyboardMarkup:
    sessions = _with_sessions(view)
    return keyboards.settings(
        w,
        paused=view.paused,
        phq4=view.phq4 if view.phq4_offered else None,
        summary_offers=view.summary_offers if sessions else None,
        rating=view.rating if sessions else None,
        therapy_ended=view.therapy_ended,
    )


def _with_sessions(view: SettingsView) -> bool:
    """The summary is offered before sessions and the rating after them: only a client with
    sessions (and whose therapy goes on) can choose them."""
    return view.schedule.rhythm is not Rhythm.CHECKIN_ONLY and not view.therapy_ended
