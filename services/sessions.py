"""Use cases of the client's sessions: moving one, cancelling one, giving the next one for an
irregular rhythm, and offering the summary before a session."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain import consent
from domain.cadence import local_slot
from domain.quiet_hours import quiet
from domain.sessions import Lead, Rhythm, checkin_before
from domain.states import SET_UP, SetupStep
from services.clients import missing_step, reschedule
from services.plans import rating_times
from services.runtime import Runtime
from storage import clients, ratings, session_checkins, summaries
from storage.models import Client

OFFER_BEFORE = timedelta(hours=3)


@dataclass(frozen=True)
class Upcoming:
    """The client's next session, as /session shows it."""

    rhythm: Rhythm
    timezone: str
    session_at: datetime | None


@dataclass(frozen=True)
class SummaryOffer:
    """One gentle offer of a summary before a session."""

    checkin_id: int
    client_id: int
    telegram_id: int
    session_at: datetime
    timezone: str
    language: str | None


async def upcoming(runtime: Runtime, telegram_id: int) -> Upcoming | None:
    """The next session, or None when the client is not set up with a rhythm."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or client.status not in SET_UP or not client.timezone:
            return None
        rhythm = Rhythm(client.rhythm) if client.rhythm else Rhythm.CHECKIN_ONLY
        at = await _upcoming_at(session, client, runtime.clock.now())
        return Upcoming(rhythm, client.timezone, at)


async def begin_session_change(runtime: Runtime, telegram_id: int) -> bool:
    """Ask for the day of a moved (or the next irregular) session."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status not in SET_UP or not client.rhythm:
            return False
        if client.rhythm == Rhythm.CHECKIN_ONLY:
            return False
        client.onboarding_step = SetupStep.SESSION_DAY
        client.pending_session_day = None
        return True


async def forget_session_day(runtime: Runtime, telegram_id: int) -> bool:
    """ "Not known yet": no next session for now; /session later."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.onboarding_step != SetupStep.SESSION_DAY:
            return False
        if missing_step(client) is not None:
            return False
        client.onboarding_step = None
        client.pending_session_day = None
        return True


async def choose_session_day(runtime: Runtime, telegram_id: int, day: date) -> bool:
    """The day of the moved or next session; its time is asked next."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.onboarding_step != SetupStep.SESSION_DAY:
            return False
        if missing_step(client) is not None:
            return False  # a set-up question: services.clients answers it
        client.pending_session_day = day
        client.onboarding_step = SetupStep.SESSION_TIME
        return True


async def choose_session_time(runtime: Runtime, telegram_id: int, at: time) -> Upcoming | None:
    """The time of the moved or next session: the session moves, and its check-in with it.

    A session moved to within the lead time gets its check-in at once.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.onboarding_step != SetupStep.SESSION_TIME:
            return None
        assert client.timezone and client.pending_session_day
        zone = ZoneInfo(client.timezone)
        to = local_slot(client.pending_session_day, at, zone)
        client.onboarding_step = None
        client.pending_session_day = None
        rhythm = Rhythm(client.rhythm or Rhythm.IRREGULAR)
        if to <= now:
            return Upcoming(rhythm, client.timezone, None)
        target = await _upcoming_at(session, client, now)
        if rhythm is Rhythm.IRREGULAR or target is None:
            client.next_session_at = to
        else:
            await clients.record_session_change(session, client.id, target, to)
        if target is not None:
            lead = Lead(client.lead or Lead.EVENING_BEFORE)
            deliver_at = max(now, checkin_before(to, zone, lead))
            await session_checkins.follow_session(session, client.id, target, to, deliver_at)
            due_at, rated_at = rating_times(runtime, to, client.timezone)
            await ratings.follow(session, client.id, to, due_at, rated_at)
        await reschedule(runtime, session, client)
        return Upcoming(rhythm, client.timezone, to)


async def cancel_next(
    runtime: Runtime, telegram_id: int, shown: datetime | None = None
) -> Upcoming | None:
    """No session this time: its check-in is skipped, the rhythm carries on. With `shown`
    (the session the button was shown for), only while that is still the next session: a
    second tap finds the one after it and cancels nothing."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status not in SET_UP or not client.timezone:
            return None
        target = await _upcoming_at(session, client, now)
        if target is None or (shown is not None and target != shown):
            return None
        if client.rhythm == Rhythm.IRREGULAR:
            client.next_session_at = None
        else:
            await clients.record_session_change(session, client.id, target, None)
        await session_checkins.skip_for_session(session, client.id, target, now)
        await reschedule(runtime, session, client)
        return Upcoming(Rhythm(client.rhythm or Rhythm.IRREGULAR), client.timezone, target)


async def _upcoming_at(session: AsyncSession, client: Client, now: datetime) -> datetime | None:
    """The next session: one whose check-in is already out or waiting, or the next planned."""
    ahead = await session_checkins.next_session_with_checkin(session, client.id, now)
    candidates = [at for at in (ahead, client.next_session_at) if at is not None and at > now]
    return min(candidates) if candidates else None


@dataclass(frozen=True)
class Offers:
    claimed: list[SummaryOffer]
    after_id: int | None  # where the next page starts; None when it was the last


async def summary_offers_due(
    runtime: Runtime, now: datetime, after_id: int = 0, limit: int = 500
) -> Offers:
    """Sessions within three hours whose client made no summary since their check-in: one
    gentle offer each, never twice for a session, never while paused or stopped, never for
    a cancelled session (its check-in was skipped). A page of them, by check-in id after
    `after_id`; for a client for whom it is night, the offer waits for 08:00 local (if the
    session has not begun by then)."""
    async with runtime.db.begin() as session:
        rows = await session_checkins.sessions_soon(
            session, now, now + OFFER_BEFORE, consent.CONSENT_VERSION, limit, after_id
        )
        offers = []
        for checkin, client in rows:
            if quiet(now, client.timezone):
                continue
            checkin.summary_offered_at = now
            last = await summaries.last_sent_at(session, client.id)
            if last is not None and checkin.sent_at is not None and last >= checkin.sent_at:
                continue
            assert checkin.session_at is not None and client.timezone
            offers.append(
                SummaryOffer(
                    checkin.id,
                    client.id,
                    client.telegram_id,
                    checkin.session_at,
                    client.timezone,
                    client.language,
                )
            )
        return Offers(offers, rows[-1][0].id if len(rows) == limit else None)
