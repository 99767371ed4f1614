"""The client's controls: pause, resume, stop, erase, and which questionnaires to answer."""

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import SET_UP, ClientStatus
from services.clients import Schedule, reschedule, schedule_of
from services.plans import phq4_speaks
from services.runtime import Runtime
from storage import checkins, clients, courses, pauses, ratings
from storage.db import scrub_deleted
from storage.models import Client


@dataclass(frozen=True)
class SettingsView:
    schedule: Schedule
    paused: bool
    paused_until: datetime | None
    phq4: bool
    phq4_offered: bool  # PHQ-4 has its published words in the client's language
    summary_offers: bool
    rating: bool = True  # the rating right after each session
    therapy_ended: bool = False  # their latest course of therapy has ended


class ErasePurpose(StrEnum):
    """Why Keep or Erase was asked."""

    AFTER_STOP = "after_stop"  # after /stop, or a no to a changed consent text
    DELETE = "delete"  # /delete


@dataclass(frozen=True)
class EraseOffer:
    """A Keep-or-Erase question as it was asked: why, and when."""

    purpose: ErasePurpose
    offered_at: datetime


OFFER_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class Paused:
    paused_until: datetime | None
    timezone: str


class PauseLength(StrEnum):
    ONE_WEEK = "1w"
    TWO_WEEKS = "2w"
    ONE_MONTH = "1m"
    UNTIL_RESUMED = "open"


def pause_end(now: datetime, length: PauseLength, zone: str) -> datetime | None:
    """When a pause of `length` started at `now` ends; a month is a calendar month locally."""
    if length is PauseLength.UNTIL_RESUMED:
        return None
    if length is PauseLength.ONE_MONTH:
        return _same_day_next_month(now.astimezone(ZoneInfo(zone))).astimezone(UTC)
    return now + timedelta(weeks=1 if length is PauseLength.ONE_WEEK else 2)


def _same_day_next_month(local: datetime) -> datetime:
    """31 January becomes 28 (or 29) February: the day is clamped to the month's last."""
    carry, month_index = divmod(local.month, 12)
    year, month = local.year + carry, month_index + 1
    return local.replace(year=year, month=month, day=min(local.day, monthrange(year, month)[1]))


async def settings_of(runtime: Runtime, telegram_id: int) -> SettingsView | None:
    """Everything the client has chosen, or None before their set-up is complete."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        schedule = schedule_of(client) if client else None
        if client is None or schedule is None or client.status not in SET_UP:
            return None
        paused = client.status == ClientStatus.PAUSED
        course = await courses.current(session, client.id)
        return SettingsView(
            schedule,
            paused,
            client.paused_until,
            client.phq4_enabled,
            phq4_speaks(runtime, client.language),
            client.summary_offers,
            client.rating_enabled,
            therapy_ended=course is not None and course.ended_at is not None,
        )


async def pause(runtime: Runtime, telegram_id: int, length: PauseLength) -> Paused | None:
    """Pause everything; nothing at all is sent until the pause ends or the client resumes."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status not in SET_UP or not client.timezone:
            return None
        await pauses.start(session, client.id, runtime.clock.now())
        client.status = ClientStatus.PAUSED
        client.paused_until = pause_end(runtime.clock.now(), length, client.timezone)
        await checkins.cancel_unsent(session, client.id)
        await checkins.expire_open(session, [client.id], runtime.clock.now())
        return Paused(client.paused_until, client.timezone)


async def resume(runtime: Runtime, telegram_id: int) -> Schedule | None:
    """End a pause now; the schedule carries on from the next slot."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status != ClientStatus.PAUSED:
            return None
        return await reactivate(runtime, session, client)


async def reactivate(runtime: Runtime, session: AsyncSession, client: Client) -> Schedule | None:
    """Active again, from the next check-in on: nothing missed is sent."""
    # A pause that ran out ended when it was due to, however late the tick noticed.
    now = runtime.clock.now()
    await pauses.end(session, client.id, min(client.paused_until or now, now))
    client.status = ClientStatus.ACTIVE
    client.paused_until = None
    if schedule_of(client) is not None:
        await reschedule(runtime, session, client)
    return schedule_of(client)


async def stop(runtime: Runtime, telegram_id: int) -> bool:
    """Stop every message at once. Answers are kept until the client erases them."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status in (ClientStatus.DECLINED, ClientStatus.STOPPED):
            return False
        client.status = ClientStatus.STOPPED
        client.onboarding_step = None
        client.paused_until = None
        await pauses.end(session, client.id, runtime.clock.now())
        await checkins.cancel_unsent(session, client.id)
        await checkins.expire_open(session, [client.id], runtime.clock.now())
        return True


async def erase(
    runtime: Runtime, telegram_id: int, only_if: Callable[[Client], bool] = lambda _: True
) -> bool:
    """Hard-delete every row about the client; afterwards they are a stranger to Between.

    `only_if` is asked of the client's locked row: the retention limit erases only a client
    who has not come back meanwhile."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or not only_if(client):
            return False
        await clients.erase(session, client.id)
    await scrub_deleted(runtime.engine)
    return True


async def answer_offer(runtime: Runtime, telegram_id: int, offer: EraseOffer, erase: bool) -> bool:
    """Keep or Erase, tapped on `offer`; False, with nothing changed, when it no longer stands.

    An offer stands for `OFFER_LIFETIME`, while the client has not agreed to the consent text
    since (set up again), and, after /stop, while they are still stopped. An erase then is
    what the client confirmed just now, never an old button found later.
    """
    now = runtime.clock.now()
    if not now - OFFER_LIFETIME <= offer.offered_at <= now:
        return False
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None:
            return False
        if offer.purpose is ErasePurpose.AFTER_STOP and client.status != ClientStatus.STOPPED:
            return False
        agreed_at = await clients.last_agreed_at(session, client.id)
        if agreed_at is not None and agreed_at > offer.offered_at:
            return False
        if not erase:
            return True
        await clients.erase(session, client.id)
    await scrub_deleted(runtime.engine)
    return True


class Choice(StrEnum):
    """A choice in /settings that is on or off, named by the column that keeps it."""

    PHQ4 = "phq4_enabled"  # PHQ-4 in each check-in
    SUMMARY_OFFERS = "summary_offers"  # the offer of a summary before each session
    RATING = "rating_enabled"  # the rating right after each session


async def choose(runtime: Runtime, telegram_id: int, choice: Choice, enabled: bool) -> bool:
    """Turn `choice` on or off from now on; False for a client not set up."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or client.status not in SET_UP:
            return False
        setattr(client, choice.value, enabled)
        if choice is Choice.RATING and not enabled:  # off at once: none waiting goes out
            await ratings.cancel_waiting(session, [client.id])
        return True
