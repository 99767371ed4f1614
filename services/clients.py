"""Use cases of a client's set-up: consent, time zone, the session rhythm and the check-in
before each session (or a plain weekly check-in time)."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain import consent
from domain.cadence import next_checkin_at
from domain.language import Language
from domain.sessions import Change, Lead, Pattern, Rhythm, Sessions, anchor_for, next_slot
from domain.states import SET_UP, ClientStatus, SetupStep
from domain.typed import find_zone
from services.plans import drop_unspoken_phq4
from services.runtime import Runtime
from storage import clients, courses, pauses, retention, session_checkins
from storage.models import Client, ConsentRecord

SCHEDULE_FIELDS = (
    "timezone",
    "rhythm",
    "weekday",
    "local_time",
    "lead",
    "session_anchor",
    "next_session_at",
    "next_checkin_at",
)


@dataclass(frozen=True)
class Standing:
    """Where a client is, as the Telegram layer needs to know it.

    `status` is None for a Telegram id Between has never stored. `step` is the set-up
    question they are on, if any. `reconsent` is True for a client who is set up but has not
    agreed to the consent text as it reads now.
    """

    status: ClientStatus | None
    step: SetupStep | None = None
    reconsent: bool = False
    rhythm: Rhythm | None = None

    @property
    def set_up(self) -> bool:
        """Set up and agreed to the current text: check-ins can go out."""
        return self.status in SET_UP and not self.reconsent

    @property
    def outside(self) -> bool:
        """Not taking part: never agreed, said no, or stopped."""
        return self.status in (None, ClientStatus.DECLINED, ClientStatus.STOPPED)


@dataclass(frozen=True)
class Schedule:
    """What the client chose, and what comes next."""

    timezone: str
    rhythm: Rhythm
    weekday: int | None  # of the sessions (or of the check-in, for CHECKIN_ONLY)
    local_time: time | None
    lead: Lead | None
    next_checkin_at: datetime | None
    next_session_at: datetime | None
    just_set_up: bool = False  # this answer finished the set-up (not a change to it)


def standing_of(client: Client | None) -> Standing:
    if client is None:
        return Standing(None)
    status = ClientStatus(client.status)
    step = SetupStep(client.onboarding_step) if client.onboarding_step else None
    reconsent = status in SET_UP and not has_current_consent(client)
    return Standing(status, step, reconsent, _rhythm_of(client))


def has_current_consent(client: Client) -> bool:
    """Whether the client agreed to the consent text as it reads now."""
    return client.consent_version == consent.CONSENT_VERSION


async def standing(runtime: Runtime, telegram_id: int) -> Standing:
    async with runtime.db.begin() as session:
        return standing_of(await clients.by_telegram_id(session, telegram_id))


async def agree(
    runtime: Runtime, telegram_id: int, version: int, language: Language
) -> Standing | None:
    """Record agreement to consent `version`; None when that version is not the current one.

    From now on the client reads Between in `language` (the one the consent was read in),
    unless they chose another before."""
    if version != consent.CONSENT_VERSION:
        return None
    async with runtime.db.begin() as session:
        client = await clients.lock_or_add(session, telegram_id, runtime.clock.now())
        current = standing_of(client)
        taking_part = client.status in (ClientStatus.ONBOARDING, *SET_UP)
        if taking_part and has_current_consent(client):
            return current  # agreed already (a second tap): nothing written, the step kept
        session.add(
            ConsentRecord(client_id=client.id, version=version, agreed_at=runtime.clock.now())
        )
        if await courses.current(session, client.id) is None:  # a first consent opens a course
            await courses.open_new(session, client.id, runtime.clock.now())
        client.consent_version = version
        client.language = client.language or language
        if not current.reconsent:  # a first set-up, or a new start after /stop: ask it all
            client.status = ClientStatus.ONBOARDING
            client.onboarding_step = SetupStep.TIMEZONE
            for field in SCHEDULE_FIELDS:
                setattr(client, field, None)
        return standing_of(client)  # after a changed text, set up already: everything carries on


async def language(runtime: Runtime, telegram_id: int) -> str | None:
    """The language stored for this client; None before they agreed to anything.

    Every update but a press on a check-in (which reads its own) asks this first, so this
    is also where the client's use of Between is recorded, for the retention limit."""
    async with runtime.db.begin() as session:
        found = await clients.seen(session, telegram_id)
        if found is None:
            return None
        await retention.record_use(
            session,
            found.client_id,
            found.last_active_at,
            found.retention_warned_at,
            runtime.clock.now(),
        )
        return found.language


async def set_language(runtime: Runtime, telegram_id: int, chosen: Language) -> bool:
    """Change the client's language; False for a client who has not agreed (nothing stored)."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.consent_version is None:
            return False
        client.language = chosen
        await drop_unspoken_phq4(runtime, session, client)
        return True


async def decline(runtime: Runtime, telegram_id: int) -> Standing:
    """Remember only that this Telegram id said no, so nothing is ever sent unasked."""
    async with runtime.db.begin() as session:
        client = await clients.lock_or_add(session, telegram_id, runtime.clock.now())
        if standing_of(client).reconsent:  # no to the new text: stop, keep their data
            client.status = ClientStatus.STOPPED
            await pauses.end(session, client.id, runtime.clock.now())
        return standing_of(client)


Progress = SetupStep | Schedule | None
"""What a set-up answer leads to: the next step, the finished schedule, or None if unexpected."""


async def choose_timezone(runtime: Runtime, telegram_id: int, zone: str) -> Progress:
    if find_zone(zone) != zone:
        return None
    return await _answer(runtime, telegram_id, SetupStep.TIMEZONE, timezone=zone)


async def choose_rhythm(runtime: Runtime, telegram_id: int, rhythm: Rhythm) -> Progress:
    """Sessions weekly to every four weeks, irregular, or no sessions: a check-in time.

    Between a check-in time and a session rhythm, the weekday and time mean different
    things, so they are asked again; between session rhythms they carry over.
    """
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or standing_of(client).step is not SetupStep.RHYTHM:
            return None
        before = _rhythm_of(client)
        if before is None or (before is Rhythm.CHECKIN_ONLY) != (rhythm is Rhythm.CHECKIN_ONLY):
            client.weekday = None
            client.local_time = None
        client.rhythm = rhythm
        client.session_anchor = None
        return await _advance(runtime, session, client)


async def choose_weekday(runtime: Runtime, telegram_id: int, weekday: int) -> Progress:
    if not 0 <= weekday <= 6:
        return None
    return await _answer(
        runtime, telegram_id, SetupStep.WEEKDAY, weekday=weekday, session_anchor=None
    )


async def choose_time(runtime: Runtime, telegram_id: int, at: time) -> Progress:
    return await _answer(runtime, telegram_id, SetupStep.TIME, local_time=at.strftime("%H:%M"))


async def choose_lead(runtime: Runtime, telegram_id: int, lead: Lead) -> Progress:
    return await _answer(runtime, telegram_id, SetupStep.LEAD, lead=lead)


async def choose_first_session(runtime: Runtime, telegram_id: int, day: date) -> Progress:
    """For sessions every two to four weeks: which coming date is the next session."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.onboarding_step != SetupStep.SESSION_DAY:
            return None
        if missing_step(client) is not SetupStep.SESSION_DAY:
            return None  # a moved session's day: services.sessions
        client.session_anchor = day
        return await _advance(runtime, session, client)


async def _answer(
    runtime: Runtime, telegram_id: int, step: SetupStep, **values: object
) -> Progress:
    """Store the answer to `step` if that is the step the client is on, then go on."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or standing_of(client).step is not step:
            return None
        for name, value in values.items():
            setattr(client, name, value)
        return await _advance(runtime, session, client)


async def confirm_setup(runtime: Runtime, telegram_id: int, confirm: bool) -> Progress:
    """The set-up an invite filled in: confirmed as it is, or changed from the rhythm on
    (the time zone stays; /schedule changes it)."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or standing_of(client).step is not SetupStep.CONFIRM:
            return None
        if not confirm:
            client.rhythm = None
            client.weekday = None
            client.local_time = None
        client.onboarding_step = None
        return await _advance(runtime, session, client)


async def begin_change(runtime: Runtime, telegram_id: int, part: SetupStep) -> bool:
    """Start changing one part of the schedule; an open check-in stays answerable."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status not in SET_UP:
            return False
        client.onboarding_step = part
        return True


SESSION_DAYS_AHEAD = 14


async def session_days(runtime: Runtime, telegram_id: int) -> list[date]:
    """The days to offer for a session's date: for a rhythm every few weeks, its next
    occurrences (which is the next session?); otherwise the next two weeks."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or not client.timezone:
            return []
        today = runtime.clock.now().astimezone(ZoneInfo(client.timezone)).date()
        rhythm = _rhythm_of(client)
        if missing_step(client) is SetupStep.SESSION_DAY and rhythm and rhythm.every_weeks:
            assert client.weekday is not None
            first = anchor_for(client.weekday, today)
            return [first + timedelta(weeks=n) for n in range(rhythm.every_weeks)]
        return [today + timedelta(days=n) for n in range(SESSION_DAYS_AHEAD)]


def missing_step(client: Client) -> SetupStep | None:
    """The first thing the client's schedule still needs, in the order set-up asks it."""
    rhythm = _rhythm_of(client)
    if not client.timezone:
        return SetupStep.TIMEZONE
    if rhythm is None:
        return SetupStep.RHYTHM
    if rhythm is not Rhythm.IRREGULAR and client.weekday is None:
        return SetupStep.WEEKDAY
    if rhythm is not Rhythm.IRREGULAR and client.local_time is None:
        return SetupStep.TIME
    if rhythm is not Rhythm.CHECKIN_ONLY and client.lead is None:
        return SetupStep.LEAD
    if (rhythm.every_weeks or 1) > 1 and client.session_anchor is None:
        return SetupStep.SESSION_DAY
    return None


async def _advance(runtime: Runtime, session: AsyncSession, client: Client) -> Progress:
    """Ask for what is still missing, or finish: active, and the next check-in planned."""
    step = missing_step(client)
    if step is not None:
        client.onboarding_step = step
        return step
    client.onboarding_step = None
    first = client.status == ClientStatus.ONBOARDING
    if first:
        client.status = ClientStatus.ACTIVE
    await reschedule(runtime, session, client)
    schedule = schedule_of(client)
    return replace(schedule, just_set_up=True) if schedule and first else schedule


async def reschedule(runtime: Runtime, session: AsyncSession, client: Client) -> None:
    """Plan the client's next check-in from what they chose, from now on.

    A session that already has its check-in does not get a second one.
    """
    now = runtime.clock.now()
    rhythm = _rhythm_of(client)
    zone = ZoneInfo(client.timezone or "UTC")
    if rhythm is Rhythm.CHECKIN_ONLY:
        assert client.weekday is not None and client.local_time
        at = time.fromisoformat(client.local_time)
        client.next_checkin_at = next_checkin_at(now, zone, client.weekday, at)
        client.next_session_at = None
        return
    if client.weekday is not None and client.session_anchor is None:
        client.session_anchor = anchor_for(client.weekday, now.astimezone(zone).date())
    covered = await session_checkins.latest_session_at(session, client.id)
    changes = await clients.session_changes(session, client.id)
    after = max(now, covered) if covered else now
    slot = next_slot(sessions_of(client, changes), after, now, client.next_session_at)
    client.next_checkin_at = slot.checkin_at if slot else None
    client.next_session_at = slot.session_at if slot else None


def sessions_of(client: Client, changes: list[Change]) -> Sessions:
    """The client's session rhythm as the domain reckons with it."""
    rhythm = _rhythm_of(client)
    assert rhythm is not None and rhythm is not Rhythm.CHECKIN_ONLY and client.timezone
    pattern = None
    if rhythm.every_weeks and client.weekday is not None and client.local_time:
        anchor = client.session_anchor or date(2000, 1, 3 + client.weekday)
        pattern = Pattern(
            rhythm.every_weeks, client.weekday, time.fromisoformat(client.local_time), anchor
        )
    return Sessions(
        rhythm,
        ZoneInfo(client.timezone),
        Lead(client.lead or Lead.EVENING_BEFORE),
        pattern,
        tuple(changes),
    )


def _rhythm_of(client: Client) -> Rhythm | None:
    """Clients set up before sessions existed have a weekly check-in time."""
    if client.rhythm is None:
        return Rhythm.CHECKIN_ONLY if client.weekday is not None else None
    return Rhythm(client.rhythm)


async def current_schedule(runtime: Runtime, telegram_id: int) -> Schedule | None:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        return schedule_of(client) if client else None


def schedule_of(client: Client) -> Schedule | None:
    """The client's schedule, or None before their set-up is complete."""
    rhythm = _rhythm_of(client)
    if client.timezone is None or rhythm is None or missing_step(client) is not None:
        return None
    return Schedule(
        client.timezone,
        rhythm,
        client.weekday,
        time.fromisoformat(client.local_time) if client.local_time else None,
        Lead(client.lead) if client.lead else None,
        client.next_checkin_at,
        client.next_session_at,
    )
