"""Queries about clients: finding one, whose slot has come, whose pause has ended.

Transactions belong to the caller (a use case in `services/`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, cast, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.round import Due
from domain.sessions import Change
from domain.states import ClientStatus
from storage.locks import skip_locked
from storage.models import CheckIn, Client, ConsentRecord, SessionChange


async def by_telegram_id(
    session: AsyncSession, telegram_id: int, *, lock: bool = False
) -> Client | None:
    """The client; with `lock`, their row stays locked until the transaction ends.

    A use case that changes the client locks first, so two taps handled at once by two bot
    instances take turns, and the second sees what the first did.
    """
    query = select(Client).where(Client.telegram_id == telegram_id)
    if not lock:
        return await session.scalar(query)
    if session.get_bind().dialect.name == "sqlite":
        # No row locks: a write as the transaction's first statement takes SQLite's one
        # write lock now (waiting its turn), where FOR UPDATE takes a row's on PostgreSQL.
        same = update(Client).where(Client.telegram_id == telegram_id)
        await session.execute(same.values(telegram_id=Client.telegram_id))
    # Read afresh, past anything this session holds already.
    locking = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(locking)


async def lock_or_add(session: AsyncSession, telegram_id: int, now: datetime) -> Client:
    """The client, locked as by `by_telegram_id`; a row of a Telegram id that said no (nothing
    else stored), last active `now`, is added first when there is none, by whichever
    instance comes first."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    add = (
        insert(Client)
        .values(telegram_id=telegram_id, status=ClientStatus.DECLINED, last_active_at=now)
        .on_conflict_do_nothing(index_elements=[Client.telegram_id])
    )
    while True:  # again if another instance erased the row between the two statements
        await session.execute(add)
        if (client := await by_telegram_id(session, telegram_id, lock=True)) is not None:
            return client


@dataclass(frozen=True)
class Seen:
    """What an update from a client reads first: their language, and when they last used
    Between (to record this use, `storage.retention.record_use`)."""

    client_id: int
    language: str | None
    last_active_at: datetime | None
    retention_warned_at: datetime | None


async def seen(session: AsyncSession, telegram_id: int) -> Seen | None:
    query = select(
        Client.id, Client.language, Client.last_active_at, Client.retention_warned_at
    ).where(Client.telegram_id == telegram_id)
    row = (await session.execute(query)).first()
    return Seen(*row) if row else None


def due(now: datetime, consent_version: int, limit: int) -> Select[tuple[Client]]:
    """Active clients, agreed to the current consent text, whose slot has come: oldest first."""
    return (
        select(Client)
        .where(
            Client.status == ClientStatus.ACTIVE,
            Client.next_checkin_at <= now,
            Client.consent_version == consent_version,
        )
        .order_by(Client.next_checkin_at)
        .limit(limit)
    )


async def claim_due(
    session: AsyncSession, now: datetime, consent_version: int, limit: int
) -> list[Client]:
    """Clients whose slot has come; on PostgreSQL, rows another process holds are skipped."""
    query = skip_locked(session, due(now, consent_version, limit), Client)
    return list(await session.scalars(query))


async def claim_ahead(
    session: AsyncSession, start: datetime, end: datetime, consent_version: int, limit: int
) -> list[Client]:
    """Clients whose slot falls in [start, end), oldest first: a run planned to start early
    (`domain.round`). On PostgreSQL, rows another process holds are skipped."""
    query = (
        select(Client)
        .where(
            Client.status == ClientStatus.ACTIVE,
            Client.next_checkin_at >= start,
            Client.next_checkin_at < end,
            Client.consent_version == consent_version,
        )
        .order_by(Client.next_checkin_at)
        .limit(limit)
    )
    return list(await session.scalars(skip_locked(session, query, Client)))


async def due_per_minute(
    session: AsyncSession, after: datetime, end: datetime, consent_version: int
) -> list[Due]:
    """How many active clients' slots fall in each minute after `after`, before `end`: one
    aggregate, one row per minute, however many clients."""
    minute = _epoch_minute(session, Client.next_checkin_at)
    rows = await session.execute(
        select(minute, func.count())
        .where(
            Client.status == ClientStatus.ACTIVE,
            Client.next_checkin_at > after,
            Client.next_checkin_at < end,
            Client.consent_version == consent_version,
        )
        .group_by(minute)
    )
    return [Due(datetime.fromtimestamp(int(m) * 60, UTC), count) for m, count in rows]


def _epoch_minute(session: AsyncSession, column: Any) -> Any:
    """The minutes since 1970 of a stored time: SQLite keeps text, PostgreSQL a timestamp."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer) / 60
    return cast(func.floor(func.extract("epoch", column) / 60), Integer)


async def move_slots(
    session: AsyncSession,
    moves: Iterable[tuple[int, datetime, datetime | None, datetime | None]],
) -> set[int]:
    """Move each (client, slot it was read at, next slot, its session); returns the clients
    moved by this call.

    The UPDATE is guarded by the slot read: a schedule changed meanwhile is kept, and only
    rows that now hold our value were moved by this call.
    """
    moves = list(moves)
    wanted = {client_id: following for client_id, _, following, _ in moves}
    if not wanted:
        return set()
    table = Client.__table__
    await session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.next_checkin_at == bindparam("b_slot"))
        .values(next_checkin_at=bindparam("b_next"), next_session_at=bindparam("b_session")),
        [{"b_id": i, "b_slot": slot, "b_next": nxt, "b_session": at} for i, slot, nxt, at in moves],
    )
    rows = await session.execute(
        select(Client.id, Client.next_checkin_at).where(Client.id.in_(wanted))
    )
    return {client_id for client_id, value in rows if value == wanted[client_id]}


async def ended_pauses(session: AsyncSession, now: datetime, limit: int) -> list[Client]:
    query: Select[Any] = (
        select(Client)
        .where(Client.status == ClientStatus.PAUSED, Client.paused_until <= now)
        .order_by(Client.paused_until)
        .limit(limit)
    )
    return list(await session.scalars(skip_locked(session, query, Client)))


async def active_among(session: AsyncSession, client_ids: Iterable[int]) -> set[int]:
    query = select(Client.id).where(
        Client.id.in_(list(client_ids)), Client.status == ClientStatus.ACTIVE
    )
    return set(await session.scalars(query))


async def mark_nudged(
    session: AsyncSession, checkin_id: int, now: datetime, average: float | None
) -> None:
    """The client of this check-in was shown the nudge about how therapy feels, for
    alliance answers of this average."""
    of_checkin = select(CheckIn.client_id).where(CheckIn.id == checkin_id).scalar_subquery()
    shown = update(Client).where(Client.id == of_checkin)
    await session.execute(shown.values(nudged_at=now, nudged_average=average))


async def decline_nudge(session: AsyncSession, telegram_id: int, now: datetime) -> None:
    """The client said "No, thanks" to the last nudge shown."""
    mine = update(Client).where(Client.telegram_id == telegram_id, Client.nudged_at.is_not(None))
    await session.execute(mine.values(nudge_declined_at=now))


async def mark_stopped(session: AsyncSession, client_id: int) -> None:
    await session.execute(
        update(Client).where(Client.id == client_id).values(status=ClientStatus.STOPPED)
    )


async def erase(session: AsyncSession, client_id: int) -> None:
    """Hard-delete the client; every row about them goes with it (ON DELETE CASCADE)."""
    await session.execute(delete(Client).where(Client.id == client_id))


async def oldest_due_slot(session: AsyncSession, now: datetime) -> datetime | None:
    return await session.scalar(
        select(func.min(Client.next_checkin_at)).where(
            Client.status == ClientStatus.ACTIVE, Client.next_checkin_at <= now
        )
    )


async def consent_records(session: AsyncSession, client_id: int) -> list[ConsentRecord]:
    query = select(ConsentRecord).where(ConsentRecord.client_id == client_id)
    return list(await session.scalars(query))


async def session_changes(session: AsyncSession, client_id: int) -> list[Change]:
    return (await session_changes_of(session, [client_id])).get(client_id, [])


async def session_changes_of(
    session: AsyncSession, client_ids: Iterable[int]
) -> dict[int, list[Change]]:
    """Each client's moved and cancelled sessions, for a whole batch in one query."""
    rows = await session.execute(
        select(SessionChange.client_id, SessionChange.original_at, SessionChange.moved_to).where(
            SessionChange.client_id.in_(list(client_ids))
        )
    )
    changes: dict[int, list[Change]] = {}
    for client_id, original, moved_to in rows:
        changes.setdefault(client_id, []).append(Change(original, moved_to))
    return changes


async def cancelled_sessions_between(
    session: AsyncSession, client_id: int, start: datetime, end: datetime
) -> list[datetime]:
    """The sessions of the rhythm in [start, end] that were cancelled, not moved."""
    rows = await session.scalars(
        select(SessionChange.original_at).where(
            SessionChange.client_id == client_id,
            SessionChange.moved_to.is_(None),
            SessionChange.original_at >= start,
            SessionChange.original_at <= end,
        )
    )
    return list(rows)


async def record_session_change(
    session: AsyncSession, client_id: int, current_at: datetime, to: datetime | None
) -> None:
    """The session now at `current_at` moves to `to` (None: cancelled). A session moved
    before keeps its original slot in the rhythm, so the rhythm itself never shifts."""
    earlier = await session.scalar(
        select(SessionChange).where(
            SessionChange.client_id == client_id,
            (SessionChange.moved_to == current_at) | (SessionChange.original_at == current_at),
        )
    )
    if earlier is not None:
        earlier.moved_to = to
    else:
        session.add(SessionChange(client_id=client_id, original_at=current_at, moved_to=to))


async def last_agreed_at(session: AsyncSession, client_id: int) -> datetime | None:
    """When the client last agreed to the consent text; None if they never have."""
    query = select(func.max(ConsentRecord.agreed_at)).where(ConsentRecord.client_id == client_id)
    return await session.scalar(query)
