"""Getting started: consent, the time zone, how sessions come (weekday and time), and
when the check-in before each one arrives; or simply a weekly check-in time.

The same steps change one part of the schedule later (/schedule, /settings), and the
day and time of a moved session (/session).
"""

from collections.abc import Awaitable
from datetime import time

from telegram import Update

from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from bot.setup import keyboards, words
from bot.setup.buttons import (
    ConfirmChoice,
    Consent,
    InviteChoice,
    LeadChoice,
    RhythmChoice,
    SessionDay,
    TimeOfDay,
    Weekday,
    Zone,
)
from bot.words import NO_SESSION_KNOWN, STALE_BUTTON, crisis_text, rhythm_chosen, sessions_line
from domain import consent
from domain.language import ENGLISH, Words
from domain.language import words as words_of
from domain.sessions import Lead, Rhythm
from domain.states import ClientStatus, SetupStep
from domain.typed import find_zone, parse_time
from services import clients, goals, invites, sessions
from services.clients import Progress, Schedule

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
        refused = words.INVITE_TOO_MANY if invite is invites.Refusal.TOO_MANY else None
        await reply(update, context, w._(refused or words.INVITE_NOT_VALID))
        invite, code = None, None
    if standing.set_up and invite is not None and code is not None:
        text = words.invite_for_set_up_client(w, invite.name, _preset_line(w, invite))
        await reply(update, context, text, keyboards.invite_choice(w, code))
    elif standing.set_up:
        schedule = await clients.current_schedule(runtime, chat_id)
        next_at = schedule.next_checkin_at if schedule else None
        zone = schedule.timezone if schedule else None
        await reply(update, context, words.already_set_up(w, next_at, zone))
    elif standing.step is not None:
        await prompt_for(update, context, standing.step)
    else:
        text = words.welcome(w, crisis_text(w, runtime.settings), runtime.settings)
        if invite is not None:
            text = f"{words.invited_by(w, invite.name)}\n\n{text}"
        if standing.reconsent:
            text = f"{w._(words.CONSENT_CHANGED)}\n\n{text}"
        await reply(update, context, text, keyboards.consent(w, consent.CONSENT_VERSION, code))


async def not_ready(update: Update, context: BetweenContext) -> None:
    """For a command that needs a finished set-up: say what to do first."""
    w = context.words
    standing = await clients.standing(context.runtime, chat_id_of(update))
    if standing.step is not None:
        await prompt_for(update, context, standing.step, w._(words.FINISH_SETUP))
    elif standing.reconsent:
        await start(update, context)
    else:
        await reply(update, context, w._(words.NEEDS_START))


async def prompt_for(
    update: Update, context: BetweenContext, step: SetupStep, lead: str = ""
) -> None:
    """Ask for a set-up step, after an optional line of confirmation."""
    w = context.words
    runtime, chat_id = context.runtime, chat_id_of(update)
    standing = await clients.standing(runtime, chat_id)
    if step is SetupStep.CONFIRM:
        schedule = await clients.current_schedule(runtime, chat_id)
        line = _confirmation(w, schedule) if schedule else ""
        text = f"{line}\n\n{w._(words.CONFIRM_PROMPT)}"
        await reply(update, context, text, keyboards.confirm_setup(w))
        return
    if step is SetupStep.SESSION_DAY:
        days = await clients.session_days(runtime, chat_id)
        first = standing.status is ClientStatus.ONBOARDING or standing.rhythm in SPACED
        question = words.CHOOSE_FIRST_SESSION if first else words.SESSION_DAY_PROMPT
        irregular = standing.rhythm is Rhythm.IRREGULAR
        if irregular:
            question = words.ASK_NEXT_SESSION if lead else words.SESSION_DAY_PROMPT
        markup = keyboards.session_days(w, days, unknown=irregular)
        await reply(update, context, _after(lead, w._(question)), markup)
        return
    with_sessions = standing.rhythm not in (None, Rhythm.CHECKIN_ONLY)
    question, keyboard = {
        SetupStep.TIMEZONE: (words.CHOOSE_ZONE, keyboards.zones),
        SetupStep.RHYTHM: (words.CHOOSE_RHYTHM, keyboards.rhythms),
        SetupStep.WEEKDAY: (
            words.CHOOSE_SESSION_WEEKDAY if with_sessions else words.CHOOSE_WEEKDAY,
            keyboards.weekdays,
        ),
        SetupStep.TIME: (
            words.CHOOSE_SESSION_TIME if with_sessions else words.CHOOSE_TIME,
            keyboards.times,
        ),
        SetupStep.LEAD: (words.CHOOSE_LEAD, keyboards.leads),
        SetupStep.SESSION_TIME: (words.SESSION_TIME_PROMPT, keyboards.times),
    }[step]
    await reply(update, context, _after(lead, w._(question)), keyboard(w))


def _after(lead: str, text: str) -> str:
    return f"{lead}\n\n{text}" if lead else text


async def on_consent(update: Update, context: BetweenContext) -> None:
    """Agree or Decline: record agreement (then ask for the time zone) or a polite no.

    Only the first tap on a consent message says anything: its buttons then go, and a second
    tap finds them gone, so it changes nothing and sends nothing.
    """
    w = context.words
    press = Consent.pressed(update)
    query = query_of(update)
    chat_id = chat_id_of(update)
    if not press.agree:
        standing = await clients.decline(context.runtime, chat_id)
        if standing.status not in (ClientStatus.DECLINED, ClientStatus.STOPPED):
            await acknowledge(query, w._(STALE_BUTTON))
            return
        await acknowledge(query)
        if not await remove_buttons(query):
            return
        if standing.status is ClientStatus.STOPPED:  # no to a changed consent text: data kept
            await context.doors.keep_or_erase(update, context)
        else:
            await reply(update, context, w._(words.DECLINED))
        return
    standing = await clients.agree(context.runtime, chat_id, press.version, w.language)
    await acknowledge(query)
    if not await remove_buttons(query):  # the consent text stays readable
        return
    if standing is None:
        await reply(update, context, w._(words.CONSENT_OUTDATED))
        await start(update, context)
    elif standing.step is SetupStep.TIMEZONE and press.code:
        await _accept_invite(update, context, press.code)
    elif standing.step is SetupStep.TIMEZONE:
        await prompt_for(update, context, standing.step, w._(words.CONSENT_THANKS))
    else:
        await start(update, context)


async def _accept_invite(update: Update, context: BetweenContext, code: str) -> None:
    """After agreeing through a therapist's link: the set-up it fills in, to confirm."""
    w = context.words
    preset = await invites.accept(context.runtime, chat_id_of(update), code)
    if preset is None:  # used up since the link was opened: set up as usual
        await prompt_for(update, context, SetupStep.TIMEZONE, w._(words.INVITE_NOT_VALID))
        return
    text = words.invite_suggests(w, preset.name, _preset_line(w, preset))
    await reply(update, context, text, keyboards.confirm_setup(w))


async def on_confirm(update: Update, context: BetweenContext) -> None:
    """That's right (set up in one tap) or Change (ask how sessions come)."""
    w = context.words
    press = ConfirmChoice.pressed(update)
    progress = clients.confirm_setup(context.runtime, chat_id_of(update), press.confirm)
    choice = words.CONFIRM_YES if press.confirm else words.CONFIRM_CHANGE
    await _chosen(update, context, progress, f"{w._(choice)}.")


async def on_invite_choice(update: Update, context: BetweenContext) -> None:
    """A client already set up who opened an invite link: use its settings, or keep theirs."""
    w = context.words
    press = InviteChoice.pressed(update)
    query = query_of(update)
    if not press.use or press.code is None:
        await acknowledge(query)
        await settle(context, query, w._(words.INVITE_KEPT))
        return
    # The message is settled first: a second tap finds it settled and uses no second use.
    if not await settle(context, query, w._(words.INVITE_USE) + "."):
        await acknowledge(query)
        return
    preset = await invites.accept(context.runtime, chat_id_of(update), press.code)
    if preset is None:
        await acknowledge(query, w._(STALE_BUTTON))
        await settle(context, query, w._(words.INVITE_KEPT))
        return
    await acknowledge(query)
    schedule = await clients.current_schedule(context.runtime, chat_id_of(update))
    if schedule is not None:
        await reply(update, context, _confirmation(w, schedule))


def _preset_line(w: Words, preset: invites.Preset) -> str:
    if preset.rhythm is Rhythm.CHECKIN_ONLY:
        return rhythm_chosen(w, preset.rhythm)
    return sessions_line(
        w, preset.rhythm, preset.weekday, preset.local_time, Lead.EVENING_BEFORE, preset.timezone
    )


async def on_zone(update: Update, context: BetweenContext) -> None:
    """A tapped time zone: store it, then ask the next step or confirm the schedule."""
    press = Zone.pressed(update)
    progress = clients.choose_timezone(context.runtime, chat_id_of(update), press.name)
    await _chosen(update, context, progress, words.zone_chosen(context.words, press.name))


async def on_weekday(update: Update, context: BetweenContext) -> None:
    """A tapped weekday: store it, then ask the next step or confirm the schedule."""
    press = Weekday.pressed(update)
    progress = clients.choose_weekday(context.runtime, chat_id_of(update), press.day)
    await _chosen(update, context, progress, words.weekday_chosen(context.words, press.day))


async def on_rhythm(update: Update, context: BetweenContext) -> None:
    """How sessions come: store it, then ask what that rhythm still needs. A client whose
    sessions have stopped is asked, too, whether their therapy is ending."""
    w = context.words
    press = RhythmChoice.pressed(update)
    runtime, chat_id = context.runtime, chat_id_of(update)
    before = await clients.standing(runtime, chat_id)
    progress = await clients.choose_rhythm(runtime, chat_id, press.rhythm)
    said = rhythm_chosen(w, press.rhythm)
    stopped = before.set_up and before.rhythm not in (None, Rhythm.CHECKIN_ONLY)
    if progress is None or not stopped or press.rhythm is not Rhythm.CHECKIN_ONLY:
        await _pressed(update, context, progress, said)
        return
    query = query_of(update)
    await acknowledge(query)
    await settle(context, query, said)
    await reply(update, context, *context.doors.ending_offer(w))
    await _go_on(update, context, progress)


async def on_lead(update: Update, context: BetweenContext) -> None:
    """When the check-in comes before each session: store it, then go on."""
    press = LeadChoice.pressed(update)
    progress = clients.choose_lead(context.runtime, chat_id_of(update), press.lead)
    await _chosen(update, context, progress, words.lead_chosen(context.words, press.lead))


async def on_time(update: Update, context: BetweenContext) -> None:
    """A tapped time of day: of the sessions, of a moved session, or of the check-in."""
    w = context.words
    press = TimeOfDay.pressed(update)
    chat_id = chat_id_of(update)
    if (await clients.standing(context.runtime, chat_id)).step is SetupStep.SESSION_TIME:
        query = query_of(update)
        await acknowledge(query)
        await settle(context, query, words.time_chosen(w, press.at))
        await _session_time(update, context, press.at)
        return
    progress = clients.choose_time(context.runtime, chat_id, press.at)
    await _chosen(update, context, progress, words.time_chosen(w, press.at))


async def on_session_day(update: Update, context: BetweenContext) -> None:
    """A session's date: which is the next (set-up), or the day of a moved session."""
    w = context.words
    press = SessionDay.pressed(update)
    runtime, chat_id, query = context.runtime, chat_id_of(update), query_of(update)
    if press.day is None:
        done = await sessions.forget_session_day(runtime, chat_id)
        await acknowledge(query, None if done else w._(words.STEP_DONE))
        if done:
            await settle(context, query, w._(words.NOT_KNOWN_YET))
            await reply(update, context, w._(NO_SESSION_KNOWN) + " /session when you know.")
        return
    chosen = words.session_day(w, press.day)
    progress = await clients.choose_first_session(runtime, chat_id, press.day)
    if progress is not None:
        await _pressed(update, context, progress, chosen)
        return
    if not await sessions.choose_session_day(runtime, chat_id, press.day):
        await acknowledge(query, w._(words.STEP_DONE))
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
        await reply(update, context, w._(words.SESSION_IN_THE_PAST))
        return
    moved = words.session_moved_to(w, upcoming.session_at, upcoming.timezone)
    await reply(update, context, moved)


async def typed_zone(update: Update, context: BetweenContext, text: str) -> None:
    """A time zone typed by name; a name we can't find gets a friendly retry."""
    w = context.words
    zone = find_zone(text)
    chat_id = chat_id_of(update)
    progress = await clients.choose_timezone(context.runtime, chat_id, zone) if zone else None
    if progress is None or zone is None:
        await reply(update, context, w._(words.ZONE_NOT_FOUND), keyboards.zones(w))
        return
    await _go_on(update, context, progress, words.zone_chosen(w, zone))


async def typed_weekday(update: Update, context: BetweenContext, text: str) -> None:
    w = context.words
    day = _weekday_named(w, text)
    chat_id = chat_id_of(update)
    progress = (
        await clients.choose_weekday(context.runtime, chat_id, day) if day is not None else None
    )
    if progress is None or day is None:
        await prompt_for(update, context, SetupStep.WEEKDAY)
        return
    await _go_on(update, context, progress, words.weekday_chosen(w, day))


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
        await reply(update, context, w._(words.TIME_NOT_UNDERSTOOD), keyboards.times(w))
        return
    await _go_on(update, context, progress, words.time_chosen(w, at))


async def _chosen(
    update: Update, context: BetweenContext, choice: Awaitable[Progress], said: str
) -> None:
    """A set-up button: store the choice, keep it on the message, then go on."""
    await _pressed(update, context, await choice, said)


async def _pressed(
    update: Update, context: BetweenContext, progress: Progress, choice: str
) -> None:
    """After a set-up button: keep the choice on the message, then go on."""
    w = context.words
    query = query_of(update)
    if progress is None:
        await acknowledge(query, w._(words.STEP_DONE))
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
    text, markup = _after(lead, _confirmation(w, progress)), None
    if progress.just_set_up and await _without_goals(update, context):
        offer, markup = context.doors.goals_offer(w)
        text = f"{text}\n\n{offer}"
    await reply(update, context, text, markup)
    unknown = progress.rhythm is Rhythm.IRREGULAR and progress.next_session_at is None
    if unknown and await sessions.begin_session_change(context.runtime, chat_id_of(update)):
        await prompt_for(update, context, SetupStep.SESSION_DAY, w._(words.SESSION_QUESTION))


async def _without_goals(update: Update, context: BetweenContext) -> bool:
    """Whether to offer goals at the end of set-up: the client has none (kept after /stop)."""
    shown = await goals.goals_of(context.runtime, chat_id_of(update))
    return shown is not None and not shown.active


def _confirmation(w: Words, schedule: Schedule) -> str:
    if schedule.rhythm is Rhythm.CHECKIN_ONLY:
        assert schedule.next_checkin_at is not None
        return words.schedule_confirmed(w, schedule.next_checkin_at, schedule.timezone)
    assert schedule.lead is not None
    line = sessions_line(
        w, schedule.rhythm, schedule.weekday, schedule.local_time, schedule.lead, schedule.timezone
    )
    return words.sessions_all_set(
        w, line, schedule.next_checkin_at, schedule.next_session_at, schedule.timezone
    )


def _weekday_named(w: Words, text: str) -> int | None:
    word = text.strip().lower()
    if len(word) < 2:
        return None
    english = words_of(ENGLISH)
    names = [{w.weekday(day).lower(), english.weekday(day).lower()} for day in range(7)]
    matches = [day for day, each in enumerate(names) if any(n.startswith(word) for n in each)]
    return matches[0] if len(matches) == 1 else None
