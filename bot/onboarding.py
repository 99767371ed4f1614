"""Getting started: consent, the time zone, how sessions come (weekday and time), and
when the check-in before each one arrives; or simply a weekly check-in time.

The same steps change one part of the schedule later (/schedule, /settings).
"""

from datetime import time

from telegram import Update

from bot import callbacks, keyboards, texts
from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from domain import consent
from domain.language import ENGLISH, Words, words
from domain.sessions import Lead, Rhythm
from domain.states import ClientStatus, SetupStep
from domain.typed import find_zone, parse_time
from services import clients, goals, invites, sessions
from services.clients import Progress, Schedule
from services.controls import ErasePurpose

SPACED = (Rhythm.EVERY_2_WEEKS, Rhythm.EVERY_3_WEEKS, Rhythm.EVERY_4_WEEKS)


async def start(update: Update, context: BetweenContext) -> None:
    """Welcome a new client, resume an unfinished set-up, or say where things are.

    /start with a therapist's invite code (from their link) heads the welcome with who
    invited the client, and fills in the set-up to confirm after they agree.
    """
    w = context.words
    runtime = context.runtime
    chat_id = chat_id_of(update)
    standing = await clients.standing(runtime, chat_id)
    code = context.args[0] if context.args else None
    invite = await invites.look_up(runtime, chat_id, code) if code else None
    if isinstance(invite, invites.Refusal):
        refused = texts.invite_too_many(w) if invite is invites.Refusal.TOO_MANY else None
        await reply(update, context, refused or texts.invite_not_valid(w))
        invite, code = None, None
    if standing.set_up and invite is not None and code is not None:
        text = texts.invite_for_set_up_client(w, invite.name, _preset_line(w, invite))
        await reply(update, context, text, keyboards.invite_choice(w, code))
    elif standing.set_up:
        schedule = await clients.current_schedule(runtime, chat_id)
        next_at = schedule.next_checkin_at if schedule else None
        await reply(
            update, context, texts.already_set_up(w, next_at, schedule and schedule.timezone)
        )
    elif standing.step is not None:
        await prompt_for(update, context, standing.step)
    else:
        text = texts.welcome(w, texts.crisis_text(w, runtime.settings), runtime.settings)
        if invite is not None:
            text = f"{texts.invited_by(w, invite.name)}\n\n{text}"
        if standing.reconsent:
            text = f"{texts.consent_changed(w)}\n\n{text}"
        await reply(update, context, text, keyboards.consent(w, consent.CONSENT_VERSION, code))


async def not_ready(update: Update, context: BetweenContext) -> None:
    """For a command that needs a finished set-up: say what to do first."""
    w = context.words
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is not None:
        await prompt_for(update, context, standing.step, texts.finish_setup(w))
    elif standing.reconsent:
        await start(update, context)
    else:
        await reply(update, context, texts.needs_start(w))


async def prompt_for(
    update: Update, context: BetweenContext, step: SetupStep, lead: str = ""
) -> None:
    """Ask for a set-up step, after an optional line of confirmation."""
    w = context.words
    runtime, chat_id = context.runtime, chat_id_of(update)
    standing = await clients.standing(runtime, chat_id)
    sessions = standing.rhythm not in (None, Rhythm.CHECKIN_ONLY)
    text, markup = {
        SetupStep.TIMEZONE: (texts.choose_zone(w), keyboards.zones),
        SetupStep.RHYTHM: (texts.choose_rhythm(w), keyboards.rhythms),
        SetupStep.WEEKDAY: (
            texts.choose_session_weekday(w) if sessions else texts.choose_weekday(w),
            keyboards.weekdays,
        ),
        SetupStep.TIME: (
            texts.choose_session_time(w) if sessions else texts.choose_time(w),
            keyboards.times,
        ),
        SetupStep.LEAD: (texts.choose_lead(w), keyboards.leads),
        SetupStep.SESSION_TIME: (texts.session_time_prompt(w), keyboards.times),
    }.get(step, (None, None))
    if step is SetupStep.CONFIRM:
        schedule = await clients.current_schedule(runtime, chat_id)
        line = _confirmation(w, schedule) if schedule else ""
        await reply(
            update, context, f"{line}\n\n{texts.confirm_prompt(w)}", keyboards.confirm_setup(w)
        )
        return
    if step is SetupStep.SESSION_DAY:
        days = await clients.session_days(runtime, chat_id)
        first = standing.status is ClientStatus.ONBOARDING or standing.rhythm in SPACED
        text = texts.choose_first_session(w) if first else texts.session_day_prompt(w)
        if standing.rhythm is Rhythm.IRREGULAR:
            text = texts.ask_next_session(w) if lead else texts.session_day_prompt(w)
        unknown = standing.rhythm is Rhythm.IRREGULAR
        await reply(
            update,
            context,
            f"{lead}\n\n{text}" if lead else text,
            keyboards.session_days(w, days, unknown=unknown),
        )
        return
    assert text is not None and markup is not None
    await reply(update, context, f"{lead}\n\n{text}" if lead else text, markup(w))


async def on_consent(update: Update, context: BetweenContext) -> None:
    """Agree or Decline: record agreement (then ask for the time zone) or a polite no.

    Only the first tap on a consent message says anything: its buttons then go, and a second
    tap finds them gone, so it changes nothing and sends nothing.
    """
    w = context.words
    press = callbacks.parsed(update, callbacks.Consent)
    query = query_of(update)
    chat_id = chat_id_of(update)
    if not press.agree:
        standing = await clients.decline(context.runtime, chat_id)
        if standing.status not in (ClientStatus.DECLINED, ClientStatus.STOPPED):
            await acknowledge(query, texts.stale_button(w))
            return
        await acknowledge(query)
        if not await remove_buttons(query):
            return
        if standing.status is ClientStatus.STOPPED:  # no to a changed consent text: data kept
            markup = keyboards.keep_or_erase(
                w, ErasePurpose.AFTER_STOP, context.runtime.clock.now()
            )
            await reply(update, context, texts.stopped(w), markup)
        else:
            await reply(update, context, texts.declined(w))
        return
    standing = await clients.agree(context.runtime, chat_id, press.version, w.language)
    await acknowledge(query)
    if not await remove_buttons(query):  # the consent text stays readable
        return
    if standing is None:
        await reply(update, context, texts.consent_outdated(w))
        await start(update, context)
    elif standing.step is SetupStep.TIMEZONE and press.code:
        await _accept_invite(update, context, press.code)
    elif standing.step is SetupStep.TIMEZONE:
        await prompt_for(update, context, standing.step, texts.consent_thanks(w))
    else:
        await start(update, context)


async def _accept_invite(update: Update, context: BetweenContext, code: str) -> None:
    """After agreeing through a therapist's link: the set-up it fills in, to confirm."""
    w = context.words
    preset = await invites.accept(context.runtime, chat_id_of(update), code)
    if preset is None:  # used up since the link was opened: set up as usual
        await prompt_for(update, context, SetupStep.TIMEZONE, texts.invite_not_valid(w))
        return
    text = texts.invite_suggests(w, preset.name, _preset_line(w, preset))
    await reply(update, context, text, keyboards.confirm_setup(w))


async def on_confirm(update: Update, context: BetweenContext) -> None:
    """That's right (set up in one tap) or Change (ask how sessions come)."""
    w = context.words
    press = callbacks.parsed(update, callbacks.ConfirmChoice)
    progress = await clients.confirm_setup(context.runtime, chat_id_of(update), press.confirm)
    choice = texts.confirm_yes(w) if press.confirm else texts.confirm_change(w)
    await _pressed(update, context, progress, f"{choice}.")


async def on_invite_choice(update: Update, context: BetweenContext) -> None:
    """A client already set up who opened an invite link: use its settings, or keep theirs."""
    w = context.words
    press = callbacks.parsed(update, callbacks.InviteChoice)
    query = query_of(update)
    if not press.use or press.code is None:
        await acknowledge(query)
        await settle(context, query, texts.invite_kept(w))
        return
    # The message is settled first: a second tap finds it settled and uses no second use.
    if not await settle(context, query, texts.invite_use(w) + "."):
        await acknowledge(query)
        return
    preset = await invites.accept(context.runtime, chat_id_of(update), press.code)
    if preset is None:
        await acknowledge(query, texts.stale_button(w))
        await settle(context, query, texts.invite_kept(w))
        return
    await acknowledge(query)
    schedule = await clients.current_schedule(context.runtime, chat_id_of(update))
    if schedule is not None:
        await reply(update, context, _confirmation(w, schedule))


def _preset_line(w: Words, preset: invites.Preset) -> str:
    rhythm, lead = preset.rhythm, Lead.EVENING_BEFORE
    if rhythm is Rhythm.CHECKIN_ONLY:
        return texts.rhythm_chosen(w, rhythm)
    return texts.sessions_confirmed(
        w, rhythm, preset.weekday, preset.local_time, lead, preset.timezone
    )


async def on_zone(update: Update, context: BetweenContext) -> None:
    """A tapped time zone: store it, then ask the next step or confirm the schedule."""
    w = context.words
    press = callbacks.parsed(update, callbacks.Zone)
    progress = await clients.choose_timezone(context.runtime, chat_id_of(update), press.name)
    await _pressed(update, context, progress, texts.zone_chosen(w, press.name))


async def on_weekday(update: Update, context: BetweenContext) -> None:
    """A tapped weekday: store it, then ask the next step or confirm the schedule."""
    w = context.words
    press = callbacks.parsed(update, callbacks.Weekday)
    progress = await clients.choose_weekday(context.runtime, chat_id_of(update), press.day)
    await _pressed(update, context, progress, texts.weekday_chosen(w, press.day))


async def on_time(update: Update, context: BetweenContext) -> None:
    """A tapped time of day: of the sessions, of a moved session, or of the check-in."""
    w = context.words
    press = callbacks.parsed(update, callbacks.TimeOfDay)
    chat_id = chat_id_of(update)
    if (await clients.standing(context.runtime, chat_id)).step is SetupStep.SESSION_TIME:
        query = query_of(update)
        await acknowledge(query)
        await settle(context, query, texts.time_chosen(w, press.at))
        await _session_time(update, context, press.at)
        return
    progress = await clients.choose_time(context.runtime, chat_id, press.at)
    await _pressed(update, context, progress, texts.time_chosen(w, press.at))


async def on_rhythm(update: Update, context: BetweenContext) -> None:
    """How sessions come: store it, then ask what that rhythm still needs."""
    w = context.words
    press = callbacks.parsed(update, callbacks.RhythmChoice)
    progress = await clients.choose_rhythm(context.runtime, chat_id_of(update), press.rhythm)
    await _pressed(update, context, progress, texts.rhythm_chosen(w, press.rhythm))


async def on_lead(update: Update, context: BetweenContext) -> None:
    """When the check-in comes before each session: store it, then go on."""
    w = context.words
    press = callbacks.parsed(update, callbacks.LeadChoice)
    progress = await clients.choose_lead(context.runtime, chat_id_of(update), press.lead)
    await _pressed(update, context, progress, texts.lead_chosen(w, press.lead))


async def on_session_day(update: Update, context: BetweenContext) -> None:
    """A session's date: which is the next (set-up), or the day of a moved session."""
    w = context.words
    press = callbacks.parsed(update, callbacks.SessionDay)
    runtime, chat_id, query = context.runtime, chat_id_of(update), query_of(update)
    chosen = texts.session_day(w, press.day) if press.day else texts.not_known_yet(w)
    if press.day is None:
        done = await sessions.forget_session_day(runtime, chat_id)
        await acknowledge(query, None if done else texts.step_done(w))
        if done:
            await settle(context, query, chosen)
            await reply(update, context, texts.no_session_known(w) + " /session when you know.")
        return
    progress = await clients.choose_first_session(runtime, chat_id, press.day)
    if progress is not None:
        await _pressed(update, context, progress, chosen)
        return
    if not await sessions.choose_session_day(runtime, chat_id, press.day):
        await acknowledge(query, texts.step_done(w))
        return
    await acknowledge(query)
    await settle(context, query, chosen)
    await prompt_for(update, context, SetupStep.SESSION_TIME)


async def _session_time(update: Update, context: BetweenContext, at: time) -> None:
    w = context.words
    upcoming = await sessions.choose_session_time(context.runtime, chat_id_of(update), at)
    if upcoming is None:
        return
    if upcoming.session_at is None:
        await reply(update, context, texts.session_in_the_past(w))
        return
    await reply(update, context, texts.session_moved_to(w, upcoming.session_at, upcoming.timezone))


async def typed_zone(update: Update, context: BetweenContext, text: str) -> None:
    """A time zone typed by name; a name we can't find gets a friendly retry."""
    w = context.words
    zone = find_zone(text)
    chat_id = chat_id_of(update)
    progress = await clients.choose_timezone(context.runtime, chat_id, zone) if zone else None
    if progress is None or zone is None:
        await reply(update, context, texts.zone_not_found(w), keyboards.zones(w))
        return
    await _go_on(update, context, progress, texts.zone_chosen(w, zone))


async def typed_weekday(update: Update, context: BetweenContext, text: str) -> None:
    w = context.words
    day = _weekday_named(w, text)
    chat_id = chat_id_of(update)
    progress = await clients.choose_weekday(context.runtime, chat_id, day) if day else None
    if progress is None or day is None:
        await prompt_for(update, context, SetupStep.WEEKDAY)
        return
    await _go_on(update, context, progress, texts.weekday_chosen(w, day))


async def typed_time(update: Update, context: BetweenContext, text: str) -> None:
    """A time typed for the sessions, a moved session, or the check-in."""
    w = context.words
    at = parse_time(text)
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if at is not None and standing.step is SetupStep.SESSION_TIME:
        await _session_time(update, context, at)
        return
    progress = await clients.choose_time(context.runtime, chat_id_of(update), at) if at else None
    if progress is None or at is None:
        await reply(update, context, texts.time_not_understood(w), keyboards.times(w))
        return
    await _go_on(update, context, progress, texts.time_chosen(w, at))


async def _pressed(
    update: Update, context: BetweenContext, progress: Progress, choice: str
) -> None:
    """After a set-up button: keep the choice on the message, then go on."""
    w = context.words
    query = query_of(update)
    if progress is None:
        await acknowledge(query, texts.step_done(w))
        return
    await acknowledge(query)
    await settle(context, query, choice)
    await _go_on(update, context, progress)


async def _go_on(
    update: Update, context: BetweenContext, progress: SetupStep | Schedule, lead: str = ""
) -> None:
    """Ask for the next step, or confirm the finished schedule."""
    w = context.words
    if isinstance(progress, SetupStep):
        await prompt_for(update, context, progress, lead)
        return
    confirmed = _confirmation(w, progress)
    text, markup = f"{lead}\n\n{confirmed}" if lead else confirmed, None
    if progress.just_set_up and await _without_goals(update, context):
        text, markup = f"{text}\n\n{texts.goals_offer(w)}", keyboards.goals_offer(w)
    await reply(update, context, text, markup)
    unknown = progress.rhythm is Rhythm.IRREGULAR and progress.next_session_at is None
    if unknown and await sessions.begin_session_change(context.runtime, chat_id_of(update)):
        await prompt_for(update, context, SetupStep.SESSION_DAY, texts.session_question(w))


async def _without_goals(update: Update, context: BetweenContext) -> bool:
    """Whether to offer goals at the end of set-up: the client has none (kept after /stop)."""
    shown = await goals.goals_of(context.runtime, chat_id_of(update))
    return shown is not None and not shown.active


def _confirmation(w: Words, schedule: Schedule) -> str:
    if schedule.rhythm is Rhythm.CHECKIN_ONLY:
        assert schedule.next_checkin_at is not None
        return texts.schedule_confirmed(w, schedule.next_checkin_at, schedule.timezone)
    assert schedule.lead is not None
    line = texts.sessions_confirmed(
        w, schedule.rhythm, schedule.weekday, schedule.local_time, schedule.lead, schedule.timezone
    )
    return texts.sessions_all_set(
        w, line, schedule.next_checkin_at, schedule.next_session_at, schedule.timezone
    )


def _weekday_named(w: Words, text: str) -> int | None:
    word = text.strip().lower()
    if len(word) < 2:
        return None
    english = words(ENGLISH)
    names = [{w.weekday(day).lower(), english.weekday(day).lower()} for day in range(7)]
    matches = [day for day, each in enumerate(names) if any(n.startswith(word) for n in each)]
    return matches[0] if len(matches) == 1 else None
