"""Use cases of a client's set-up: consent, time zone, weekday and time of the check-in."""

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from scheduler.cadence import next_checkin_at
from services.runtime import Runtime
from storage import queries
from storage.models import Client, ConsentRecord

CONSENT_VERSION = 1


class Stage(StrEnum):
    """Where a client is, as the Telegram layer needs to know it."""

    NEW = "new"
    DECLINED = "declined"
    TIMEZONE = "timezone"
    WEEKDAY = "weekday"
    TIME = "time"
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"
    RECONSENT = "reconsent"  # set up, but the consent text has changed since they agreed


@dataclass(frozen=True)
class Schedule:
    timezone: str
    weekday: int
    local_time: time
    next_checkin_at: datetime | None


def stage_of(client: Client | None) -> Stage:
    if client is None:
        return Stage.NEW
    if client.onboarding_step:
        return Stage(client.onboarding_step)
    if client.status in ("active", "paused") and not has_current_consent(client):
        return Stage.RECONSENT
    return Stage(client.status)


def has_current_consent(client: Client) -> bool:
    """Whether the client agreed to the consent text as it reads now."""
    return client.consent_version == CONSENT_VERSION


async def stage(runtime: Runtime, telegram_id: int) -> Stage:
    async with runtime.db.begin() as session:
        return stage_of(await queries.client_by_telegram_id(session, telegram_id))


async def agree(runtime: Runtime, telegram_id: int, version: int) -> Stage | None:
    """Record agreement to consent `version`; None when that version is not the current one."""
    if version != CONSENT_VERSION:
        return None
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None:
            client = Client(telegram_id=telegram_id, status="declined", phq4_enabled=False)
            session.add(client)
            await session.flush()
        current = stage_of(client)
        if current in (Stage.ACTIVE, Stage.PAUSED):
            return current
        session.add(
            ConsentRecord(client_id=client.id, version=version, agreed_at=runtime.clock.now())
        )
        client.consent_version = version
        if current is Stage.RECONSENT:
            return stage_of(client)  # set up already: everything carries on
        client.status = "onboarding"
        client.onboarding_step = Stage.TIMEZONE
        return Stage.TIMEZONE


async def decline(runtime: Runtime, telegram_id: int) -> Stage:
    """Remember only that this Telegram id said no, so nothing is ever sent unasked."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None:
            session.add(Client(telegram_id=telegram_id, status="declined", phq4_enabled=False))
            return Stage.DECLINED
        if stage_of(client) is Stage.RECONSENT:  # no to the new text: stop, keep their data
            client.status = "stopped"
            return Stage.STOPPED
        return stage_of(client)


def find_zone(name: str) -> str | None:
    """The IANA zone the client meant (case and spaces forgiven), or None."""
    cleaned = name.strip().replace(" ", "_")
    if not cleaned or len(cleaned) > 64:
        return None
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        matches = [z for z in available_timezones() if z.lower() == cleaned.lower()]
        return matches[0] if len(matches) == 1 else None
    return cleaned if "/" in cleaned or cleaned == "UTC" else None


Progress = Stage | Schedule | None
"""What a set-up answer leads to: the next step, the finished schedule, or None if unexpected."""


async def choose_timezone(runtime: Runtime, telegram_id: int, zone: str) -> Progress:
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or stage_of(client) is not Stage.TIMEZONE or find_zone(zone) != zone:
            return None
        client.timezone = zone
        return _advance(runtime, client, Stage.WEEKDAY)


async def choose_weekday(runtime: Runtime, telegram_id: int, weekday: int) -> Progress:
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or stage_of(client) is not Stage.WEEKDAY or not 0 <= weekday <= 6:
            return None
        client.weekday = weekday
        return _advance(runtime, client, Stage.TIME)


async def choose_time(runtime: Runtime, telegram_id: int, at: time) -> Progress:
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or stage_of(client) is not Stage.TIME:
            return None
        client.local_time = at.strftime("%H:%M")
        return _advance(runtime, client, None)


async def begin_change(runtime: Runtime, telegram_id: int, part: Stage) -> bool:
    """Start changing one part of the schedule; an open check-in stays answerable."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or client.status not in ("active", "paused"):
            return False
        client.onboarding_step = part
        return True


def _advance(runtime: Runtime, client: Client, following: Stage | None) -> Progress:
    """During first set-up, go on to `following`; when changing one part, finish at once."""
    if client.status == "onboarding" and following is not None:
        client.onboarding_step = following
        return following
    client.onboarding_step = None
    if client.status == "onboarding":
        client.status = "active"
    schedule = schedule_of(client)
    assert schedule is not None
    client.next_checkin_at = next_checkin_at(
        runtime.clock.now(), ZoneInfo(schedule.timezone), schedule.weekday, schedule.local_time
    )
    return schedule_of(client)


async def current_schedule(runtime: Runtime, telegram_id: int) -> Schedule | None:
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        return schedule_of(client) if client else None


def schedule_of(client: Client) -> Schedule | None:
    if not (client.timezone and client.weekday is not None and client.local_time):
        return None
    return Schedule(
        client.timezone,
        client.weekday,
        time.fromisoformat(client.local_time),
        client.next_checkin_at,
    )


def parse_time(text: str) -> time | None:
    """A time of day typed as 9, 9:30, 09.30 or 21:00; None if it is not one."""
    cleaned = text.strip().replace(".", ":").replace("h", ":")
    hours, _, minutes = cleaned.partition(":")
    if not (hours.isdigit() and (minutes.isdigit() or minutes == "")):
        return None
    hour, minute = int(hours), int(minutes or 0)
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return time(hour, minute)
    return None
