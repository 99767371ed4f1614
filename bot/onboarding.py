"""Getting started: consent, the time zone, how sessions come (weekday and time), and
when the check-in before each one arrives; or simply a weekly check-in time.

The same steps change one part of the schedule later (/schedule, /settings).
"""

from datetime import time

from telegram import Update

from bot import callbacks, keyboards, texts
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from domain.sessions import Lead, Rhythm
from domain.states import ClientStatus, SetupStep
from services import clients, goals, invites, sessions
from services.clients import Progress, Schedule
from services.controls import ErasePurpose

SPACED = (Rhythm.EVERY_2_WEEKS, Rhythm.EVERY_3_WEEKS, Rhythm.EVERY_4_WEEKS)


async def start(update: Update, context: BetweenContext) -> None:
    """Welcome a new client, resume an unfinished set-up, or say where things are.

    /start with a therapist's invite code (from their link) heads the welcome with who
    invited the client, and fills in the set-up to confirm after they agree.
    """
    runtime = context.runtime
    chat_id = chat_id_of(update)
    standing = await clients.standing(runtime, chat_id)
    code = context.args[0] if context.args else None
    invite = await invites.look_up(runtime, chat_id, code) if code else None
    if isinstance(invite, invites.Refusal):
        refused = texts.INVITE_TOO_MANY if invite is invites.Refusal.TOO_MANY else None
        await reply(update, context, refused or texts.INVITE_NOT_VALID)
        invite, code = None, None
    if standing.set_up and invite is not None and code is not None:
        text = texts.invite_for_set_up_client(invite.name, _preset_line(invite))
        await reply(update, context, text, keyboards.invite_choice(code))
    elif standing.set_up:
        schedule = await clients.current_schedule(runtime, chat_id)
        next_at = schedule.next_checkin_at if schedule else None
        await reply(update, context, texts.already_set_up(next_at, schedule and schedule.timezone))
    elif standing.step is not None:
        await prompt_for(update, context, standing.step)
    else:
        text = texts.welcome(runtime.settings.crisis_text, runtime.settings.operator_name)
        if invite is not None:
            text = f"{texts.invited_by(invite.name)}\n\n{text}"
        if standing.reconsent:
            text = f"{texts.CONSENT_CHANGED}\n\n{text}"
        await reply(update, context, text, keyboards.consent(clients.CONSENT_VERSION, code))


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
    runtime, chat_id = context.runtime, chat_id_of(update)
    standing = await clients.standing(runtime, chat_id)
    sessions = standing.rhythm not in (None, Rhythm.CHECKIN_ONLY)
    text, markup = {
        SetupStep.TIMEZONE: (texts.CHOOSE_ZONE, keyboards.zones),
        SetupStep.RHYTHM: (texts.CHOOSE_RHYTHM, keyboards.rhythms),
        SetupStep.WEEKDAY: (
            texts.CHOOSE_SESSION_WEEKDAY if sessions else texts.CHOOSE_WEEKDAY,
            keyboards.weekdays,
        ),
        SetupStep.TIME: (
            texts.CHOOSE_SESSION_TIME if sessions else texts.CHOOSE_TIME,
            keyboards.times,
        ),
        SetupStep.LEAD: (texts.CHOOSE_LEAD, keyboards.leads),
        SetupStep.SESSION_TIME: (texts.SESSION_TIME_PROMPT, keyboards.times),
    }.get(step, (None, None))
    if step is SetupStep.CONFIRM:
        schedule = await clients.current_schedule(runtime, chat_id)
        line = _confirmation(schedule) if schedule else ""
        await reply(update, context, f"{line}\n\n{texts.CONFIRM_PROMPT}", keyboards.confirm_setup())
        return
    if step is SetupStep.SESSION_DAY:
        days = await clients.session_days(runtime, chat_id)
        first = standing.status is ClientStatus.ONBOARDING or standing.rhythm in SPACED
        text = texts.CHOOSE_FIRST_SESSION if first else texts.SESSION_DAY_PROMPT
        if standing.rhythm is Rhythm.IRREGULAR:
            text = texts.ASK_NEXT_SESSION if lead else texts.SESSION_DAY_PROMPT
        unknown = standing.rhythm is Rhythm.IRREGULAR
        await reply(
            update,
            context,
            f"{lead}\n\n{text}" if lead else text,
            keyboards.session_days(days, unknown=unknown),
        )
        return
    assert text is not None and markup is not None
    await reply(update, context, f"{lead}\n\n{text}" if lead else text, markup())


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
    elif standing.step is SetupStep.TIMEZONE and press.code:
        await _accept_invite(update, context, press.code)
    elif standing.step is SetupStep.TIMEZONE:
        await prompt_for(update, context, standing.step, texts.CONSENT_THANKS)
    else:
        await start(update, context)


async def _accept_invite(update: Update, context: BetweenContext, code: str) -> None:
    """After agreeing through a therapist's link: the set-up it fills in, to confirm."""
    preset = await invites.accept(context.runtime, chat_id_of(update), code)
    if preset is None:  # used up since the link was opened: set up as usual
        await prompt_for(update, context, SetupStep.TIMEZONE, texts.INVITE_NOT_VALID)
        return
    text = texts.invite_suggests(preset.name, _preset_line(preset))
    await reply(update, context, text, keyboards.confirm_setup())


async def on_confirm(update: Update, context: BetweenContext) -> None:
    """That's right (set up in one tap) or Change (ask how sessions come)."""
    press = callbacks.parsed(update, callbacks.ConfirmChoice)
    progress = await clients.confirm_setup(context.runtime, chat_id_of(update), press.confirm)
    choice = texts.CONFIRM_YES if press.confirm else texts.CONFIRM_CHANGE
    await _pressed(update, context, progress, f"{choice}.")


async def on_invite_choice(update: Update, context: BetweenContext) -> None:
    """A client already set up who opened an invite link: use its settings, or keep theirs."""
    press = callbacks.parsed(update, callbacks.InviteChoice)
    query = query_of(update)
    if not press.use or press.code is None:
        await acknowledge(query)
        await settle(context, query, texts.INVITE_KEPT)
        return
    preset = await invites.accept(context.runtime, chat_id_of(update), press.code)
    if preset is None:
        await acknowledge(query, texts.STALE_BUTTON)
        return
    await acknowledge(query)
    await settle(context, query, texts.INVITE_USE + ".")
    schedule = await clients.current_schedule(context.runtime, chat_id_of(update))
    if schedule is not None:
        await reply(update, context, _confirmation(schedule))


def _preset_line(preset: invites.Preset) -> str:
    rhythm, lead = preset.rhythm, Lead.EVENING_BEFORE
    if rhythm is Rhythm.CHECKIN_ONLY:
        return texts.rhythm_chosen(rhythm)
    return texts.sessions_confirmed(
        rhythm, preset.weekday, preset.local_time, lead, preset.timezone
    )


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
    """A tapped time of day: of the sessions, of a moved session, or of the check-in."""
    press = callbacks.parsed(update, callbacks.TimeOfDay)
    chat_id = chat_id_of(update)
    if (await clients.standing(context.runtime, chat_id)).step is SetupStep.SESSION_TIME:
        query = query_of(update)
        await acknowledge(query)
        await settle(context, query, texts.time_chosen(press.at))
        await _session_time(update, context, press.at)
        return
    progress = await clients.choose_time(context.runtime, chat_id, press.at)
    await _pressed(update, context, progress, texts.time_chosen(press.at))


async def on_rhythm(update: Update, context: BetweenContext) -> None:
    """How sessions come: store it, then ask what that rhythm still needs."""
    press = callbacks.parsed(update, callbacks.RhythmChoice)
    progress = await clients.choose_rhythm(context.runtime, chat_id_of(update), press.rhythm)
    await _pressed(update, context, progress, texts.rhythm_chosen(press.rhythm))


async def on_lead(update: Update, context: BetweenContext) -> None:
    """When the check-in comes before each session: store it, then go on."""
    press = callbacks.parsed(update, callbacks.LeadChoice)
    progress = await clients.choose_lead(context.runtime, chat_id_of(update), press.lead)
    await _pressed(update, context, progress, texts.lead_chosen(press.lead))


async def on_session_day(update: Update, context: BetweenContext) -> None:
    """A session's date: which is the next (set-up), or the day of a moved session."""
    press = callbacks.parsed(update, callbacks.SessionDay)
    runtime, chat_id, query = context.runtime, chat_id_of(update), query_of(update)
    chosen = texts.session_day(press.day) if press.day else texts.NOT_KNOWN_YET
    if press.day is None:
        done = await sessions.forget_session_day(runtime, chat_id)
        await acknowledge(query, None if done else texts.STEP_DONE)
        if done:
            await settle(context, query, chosen)
            await reply(update, context, texts.NO_SESSION_KNOWN + " /session when you know.")
        return
    progress = await clients.choose_first_session(runtime, chat_id, press.day)
    if progress is not None:
        await _pressed(update, context, progress, chosen)
        return
    if not await sessions.choose_session_day(runtime, chat_id, press.day):
        await acknowledge(query, texts.STEP_DONE)
        return
    await acknowledge(query)
    await settle(context, query, chosen)
    await prompt_for(update, context, SetupStep.SESSION_TIME)


async def _session_time(update: Update, context: BetweenContext, at: time) -> None:
    upcoming = await sessions.choose_session_time(context.runtime, chat_id_of(update), at)
    if upcoming is None:
        return
    if upcoming.session_at is None:
        await reply(update, context, texts.SESSION_IN_THE_PAST)
        return
    await reply(update, context, texts.session_moved_to(upcoming.session_at, upcoming.timezone))


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
    """A time typed for the sessions, a moved session, or the check-in."""
    at = clients.parse_time(text)
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if at is not None and standing.step is SetupStep.SESSION_TIME:
        await _session_time(update, context, at)
        return
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
    confirmed = _confirmation(progress)
    text, markup = f"{lead}\n\n{confirmed}" if lead else confirmed, None
    if progress.just_set_up and await _without_goals(update, context):
        text, markup = f"{text}\n\n{texts.GOALS_OFFER}", keyboards.goals_offer()
    await reply(update, context, text, markup)
    unknown = progress.rhythm is Rhythm.IRREGULAR and progress.next_session_at is None
    if unknown and await sessions.begin_session_change(context.runtime, chat_id_of(update)):
        await prompt_for(update, context, SetupStep.SESSION_DAY, texts.SESSION_QUESTION)


async def _without_goals(update: Update, context: BetweenContext) -> bool:
    """Whether to offer goals at the end of set-up: the client has none (kept after /stop)."""
    shown = await goals.goals_of(context.runtime, chat_id_of(update))
    return shown is not None and not shown.active


def _confirmation(schedule: Schedule) -> str:
    if schedule.rhythm is Rhythm.CHECKIN_ONLY:
        assert schedule.next_checkin_at is not None
        return texts.schedule_confirmed(schedule.next_checkin_at, schedule.timezone)
    assert schedule.lead is not None
    line = texts.sessions_confirmed(
        schedule.rhythm, schedule.weekday, schedule.local_time, schedule.lead, schedule.timezone
    )
    return texts.sessions_all_set(
        line, schedule.next_checkin_at, schedule.next_session_at, schedule.timezone
    )


def _weekday_named(text: str) -> int | None:
    word = text.strip().lower()
    if len(word) < 2:
        return None
    matches = [day for day, name in enumerate(texts.WEEKDAYS) if name.lower().startswith(word)]
    return matches[0] if len(matches) == 1 else None
