"""The client's controls: pause, resume, stop, erase, and which questionnaires to answer."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.cadence import next_checkin_at
from services.clients import Schedule, schedule_of
from services.runtime import Runtime
from storage import queries
from storage.models import CheckIn, Client


@dataclass(frozen=True)
class SettingsView:
    schedule: Schedule
    paused: bool
    paused_until: datetime | None
    phq4: bool


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
        client = await queries.client_by_telegram_id(session, telegram_id)
        schedule = schedule_of(client) if client else None
        if client is None or schedule is None or client.status not in ("active", "paused"):
            return None
        return SettingsView(
            schedule, client.status == "paused", client.paused_until, client.phq4_enabled
        )


async def pause(runtime: Runtime, telegram_id: int, length: PauseLength) -> Client | None:
    """Pause everything; nothing at all is sent until the pause ends or the client resumes."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or client.status not in ("active", "paused") or not client.timezone:
            return None
        client.status = "paused"
        client.paused_until = pause_end(runtime.clock.now(), length, client.timezone)
        await _cancel_unsent(session, client.id)
        return client


async def resume(runtime: Runtime, telegram_id: int) -> Schedule | None:
    """End a pause now; the schedule carries on from the next slot."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or client.status != "paused":
            return None
        return reactivate(client, runtime.clock.now())


def reactivate(client: Client, now: datetime) -> Schedule | None:
    client.status = "active"
    client.paused_until = None
    schedule = schedule_of(client)
    if schedule is not None:
        client.next_checkin_at = next_checkin_at(
            now, ZoneInfo(schedule.timezone), schedule.weekday, schedule.local_time
        )
    return schedule_of(client)


async def stop(runtime: Runtime, telegram_id: int) -> bool:
    """Stop every message at once. Answers are kept until the client erases them."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or client.status in ("declined", "stopped"):
            return False
        client.status = "stopped"
        client.onboarding_step = None
        client.paused_until = None
        await _cancel_unsent(session, client.id)
        await session.execute(
            update(CheckIn)
            .where(CheckIn.client_id == client.id, CheckIn.status == "open")
            .values(status="expired", closed_at=runtime.clock.now())
        )
        return True


async def erase(runtime: Runtime, telegram_id: int) -> bool:
    """Hard-delete every row about the client; afterwards they are a stranger to Between."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None:
            return False
        await session.execute(delete(Client).where(Client.id == client.id))
        return True


async def set_phq4(runtime: Runtime, telegram_id: int, enabled: bool) -> bool:
    """Turn PHQ-4 on or off for check-ins from now on."""
    async with runtime.db.begin() as session:
        client = await queries.client_by_telegram_id(session, telegram_id)
        if client is None or client.status not in ("active", "paused"):
            return False
        client.phq4_enabled = enabled
        return True


async def _cancel_unsent(session: AsyncSession, client_id: int) -> None:
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == "due")
        .values(status="cancelled", claimed_by=None, claimed_until=None)
    )
