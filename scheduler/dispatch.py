"""Claiming due work from storage so that each client gets exactly one check-in per slot.

Two steps, each an atomic claim that any number of processes may run at once:
1. `schedule_due` turns every client whose slot has come into a check-in row and moves the
   client on to their next slot. The UPDATE is guarded by the slot it read, and
   (client_id, due_at) is unique, so a slot becomes at most one check-in.
2. `claim_deliveries` leases check-ins that are due to be sent. A lease that runs out
   (the process died, or the send failed) makes the check-in claimable again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.cadence import next_checkin_at
from services import clients as consent
from services.checkins import Step, current_step, new_checkin, new_plans
from services.clients import schedule_of
from services.controls import reactivate
from services.runtime import Runtime
from storage.models import CheckIn, Client

RETRY_AFTER = timedelta(minutes=2)
MAX_WAIT = timedelta(hours=1)
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Delivery:
    checkin_id: int
    client_id: int
    telegram_id: int
    step: Step


async def schedule_due(runtime: Runtime, now: datetime, limit: int = 500) -> int:
    """Create a check-in for each client whose slot is due; returns how many were created.

    Set-based: one guarded UPDATE for the batch, one read-back, one INSERT of the new rows.
    """
    async with runtime.db.begin() as session:
        query = due_clients(now, limit)
        due = list(await session.scalars(_skip_locked(session, query, Client)))
        slots = {
            c.id: (c, slot, _following(c, slot, now)) for c in due if (slot := c.next_checkin_at)
        }
        if not slots:
            return 0
        table = Client.__table__
        await session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.next_checkin_at == bindparam("b_slot"))
            .values(next_checkin_at=bindparam("b_next")),
            [{"b_id": i, "b_slot": slot, "b_next": nxt} for i, (_, slot, nxt) in slots.items()],
        )
        # The guard keeps a schedule changed meanwhile: only rows that now hold our value
        # were moved by us, and only those get a check-in.
        rows = await session.execute(
            select(Client.id, Client.next_checkin_at).where(Client.id.in_(slots))
        )
        moved = [slots[i] for i, value in rows if value == slots[i][2]]
        if not moved:
            return 0
        await session.execute(
            update(CheckIn)
            .where(CheckIn.client_id.in_([c.id for c, _, _ in moved]), CheckIn.status == "open")
            .values(status="expired", closed_at=now)
            .execution_options(synchronize_session=False)
        )
        plans = new_plans(runtime)
        session.add_all(new_checkin(runtime, c, slot, plans) for c, slot, _ in moved)
        return len(moved)


def due_clients(now: datetime, limit: int) -> Select[tuple[Client]]:
    """Active clients, agreed to the current consent text, whose slot has come: oldest first."""
    return (
        select(Client)
        .where(
            Client.status == "active",
            Client.next_checkin_at <= now,
            Client.consent_version == consent.CONSENT_VERSION,
        )
        .order_by(Client.next_checkin_at)
        .limit(limit)
    )


def _following(client: Client, slot: datetime, now: datetime) -> datetime:
    """The slot after this one. A slot missed while the bot was down is sent once, late;
    the next one is in the future."""
    schedule = schedule_of(client)
    assert schedule is not None
    return next_checkin_at(
        max(slot, now), ZoneInfo(schedule.timezone), schedule.weekday, schedule.local_time
    )


async def claim_deliveries(
    runtime: Runtime, limit: int = 100, checkin_id: int | None = None
) -> list[Delivery]:
    """Lease up to `limit` check-ins that are due to be sent (or just `checkin_id`).

    The time is read afresh for every claim: a lease counted from the start of a long tick
    would already have run out, and another process would send the same check-ins.
    """
    now = runtime.clock.now()
    free = and_(
        CheckIn.status == "due",
        CheckIn.deliver_at <= now,
        or_(CheckIn.claimed_until.is_(None), CheckIn.claimed_until <= now),
    )
    # A paused client still gets the check-in they ask for with /checkin. Nobody gets one
    # before agreeing to the consent text as it reads now.
    reachable = and_(
        Client.status.in_(("active", "paused") if checkin_id else ("active",)),
        Client.consent_version == consent.CONSENT_VERSION,
    )
    if checkin_id is not None:
        free = and_(free, CheckIn.id == checkin_id)
    async with runtime.db.begin() as session:
        query = (
            select(CheckIn.id)
            .join(Client, Client.id == CheckIn.client_id)
            .where(free, reachable)
            .order_by(CheckIn.deliver_at)
            .limit(limit)
        )
        ids = list(await session.scalars(_skip_locked(session, query, CheckIn)))
        if not ids:
            return []
        await session.execute(
            update(CheckIn)
            .where(free, CheckIn.id.in_(ids))
            .values(
                claimed_by=runtime.worker_id,
                claimed_until=now + timedelta(seconds=runtime.settings.lease_seconds),
            )
            .execution_options(synchronize_session=False)
        )
        rows = await session.execute(
            select(CheckIn, Client)
            .join(Client, Client.id == CheckIn.client_id)
            .where(CheckIn.id.in_(ids), CheckIn.claimed_by == runtime.worker_id)
        )
        return [
            Delivery(checkin.id, client.id, client.telegram_id, step)
            for checkin, client in rows
            if (step := current_step(runtime, checkin)) is not None
        ]


async def delivered(runtime: Runtime, sent: list[tuple[int, int]]) -> None:
    """Mark check-ins as sent, with their message ids, in one transaction."""
    if not sent:
        return
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        await session.execute(
            update(CheckIn),
            [
                {
                    "id": checkin_id,
                    "status": "open",
                    "message_id": message_id,
                    "sent_at": now,
                    "claimed_by": None,
                    "claimed_until": None,
                }
                for checkin_id, message_id in sent
            ],
        )


async def delivery_failed(runtime: Runtime, checkin_id: int) -> None:
    """Keep the check-in due; it is claimable again after a wait that doubles each time."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        checkin = await session.get(CheckIn, checkin_id)
        if checkin is None:
            return
        checkin.attempts += 1
        if checkin.attempts >= MAX_ATTEMPTS:
            checkin.status = "undelivered"
            checkin.closed_at = now
        checkin.claimed_until = now + min(RETRY_AFTER * 2 ** (checkin.attempts - 1), MAX_WAIT)


async def client_unreachable(runtime: Runtime, client_id: int) -> None:
    """The client blocked the bot: treat them as stopped and send nothing more."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        await session.execute(update(Client).where(Client.id == client_id).values(status="stopped"))
        await session.execute(
            update(CheckIn)
            .where(CheckIn.client_id == client_id, CheckIn.status.in_(("due", "open")))
            .values(status="undelivered", closed_at=now, claimed_by=None, claimed_until=None)
        )


def _skip_locked(session: AsyncSession, query: Select[Any], of: Any) -> Select[Any]:
    """On PostgreSQL, rows another process is claiming are skipped rather than waited for.

    SQLite has no row locks; its single writer and the guarded UPDATEs keep claims unique.
    """
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True, of=of)
    return query


@dataclass(frozen=True)
class Reminder:
    checkin_id: int
    client_id: int
    telegram_id: int
    step: Step


@dataclass(frozen=True)
class Closed:
    checkin_id: int
    telegram_id: int
    message_id: int | None
    notify: bool


@dataclass(frozen=True)
class Resumed:
    client_id: int
    telegram_id: int
    next_checkin_at: datetime | None
    timezone: str | None


async def resume_ended_pauses(runtime: Runtime, now: datetime, limit: int = 500) -> list[Resumed]:
    """Clients whose pause has run out become active again, from their next slot on."""
    async with runtime.db.begin() as session:
        query = (
            select(Client)
            .where(Client.status == "paused", Client.paused_until <= now)
            .order_by(Client.paused_until)
            .limit(limit)
        )
        resumed = []
        for client in await session.scalars(_skip_locked(session, query, Client)):
            reactivate(client, now)
            resumed.append(
                Resumed(client.id, client.telegram_id, client.next_checkin_at, client.timezone)
            )
        return resumed


async def expire_unfinished(runtime: Runtime, now: datetime, limit: int = 500) -> list[Closed]:
    """Close check-ins left open too long. Answers given are kept; the rest stay unanswered."""
    cutoff = now - timedelta(hours=runtime.settings.expire_hours)
    async with runtime.db.begin() as session:
        query = (
            select(CheckIn, Client)
            .join(Client, Client.id == CheckIn.client_id)
            .where(CheckIn.status == "open", CheckIn.sent_at <= cutoff)
            .limit(limit)
        )
        closed = []
        for checkin, client in await session.execute(_skip_locked(session, query, CheckIn)):
            checkin.status = "expired"
            checkin.closed_at = now
            notify = client.status == "active"
            closed.append(Closed(checkin.id, client.telegram_id, checkin.message_id, notify))
        return closed


async def claim_reminders(runtime: Runtime, now: datetime, limit: int = 500) -> list[Reminder]:
    """Open check-ins due their one reminder. Marked before sending: never a second one."""
    cutoff = now - timedelta(hours=runtime.settings.reminder_hours)
    async with runtime.db.begin() as session:
        query = (
            select(CheckIn, Client)
            .join(Client, Client.id == CheckIn.client_id)
            .where(
                CheckIn.status == "open",
                CheckIn.sent_at <= cutoff,
                CheckIn.reminded_at.is_(None),
                Client.status == "active",
                Client.consent_version == consent.CONSENT_VERSION,
            )
            .limit(limit)
        )
        reminders = []
        for checkin, client in await session.execute(_skip_locked(session, query, CheckIn)):
            checkin.reminded_at = now
            step = current_step(runtime, checkin)
            if step is not None:
                reminders.append(Reminder(checkin.id, client.id, client.telegram_id, step))
        return reminders


async def renew(runtime: Runtime, checkin_ids: list[int]) -> set[int]:
    """Extend this process's lease on check-ins it has not sent yet; returns those it holds.

    A lease that ran out may have been taken over: such a check-in is not sent here.
    """
    now = runtime.clock.now()
    held = and_(
        CheckIn.id.in_(checkin_ids),
        CheckIn.status == "due",
        CheckIn.claimed_by == runtime.worker_id,
    )
    async with runtime.db.begin() as session:
        await session.execute(
            update(CheckIn)
            .where(held, CheckIn.claimed_until > now)
            .values(claimed_until=now + timedelta(seconds=runtime.settings.lease_seconds))
        )
        return set(
            await session.scalars(select(CheckIn.id).where(held, CheckIn.claimed_until > now))
        )


async def release(runtime: Runtime, checkin_ids: list[int]) -> None:
    """Hand back claimed check-ins this process will not send (it is stopping)."""
    if not checkin_ids:
        return
    async with runtime.db.begin() as session:
        await session.execute(
            update(CheckIn)
            .where(
                CheckIn.id.in_(checkin_ids),
                CheckIn.status == "due",
                CheckIn.claimed_by == runtime.worker_id,
            )
            .values(claimed_by=None, claimed_until=None)
        )


async def oldest_due(runtime: Runtime, now: datetime) -> datetime | None:
    """When the oldest check-in that should have gone out by now was due."""
    async with runtime.db.begin() as session:
        slot = await session.scalar(
            select(func.min(Client.next_checkin_at)).where(
                Client.status == "active", Client.next_checkin_at <= now
            )
        )
        unsent = await session.scalar(
            select(func.min(CheckIn.deliver_at)).where(
                CheckIn.status == "due", CheckIn.deliver_at <= now
            )
        )
    due = [moment for moment in (slot, unsent) if moment is not None]
    return min(due) if due else None
