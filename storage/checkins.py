"""Queries about check-ins: the one a button was pressed on, the guarded steps of answering,
and the leased claims that let any number of processes deliver them.

Every change that can race with another process (a second tap, the tick, a stop) is an
UPDATE guarded by the state it expects; its row count says whether it won. Transactions
belong to the caller.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinStatus, ClientStatus
from storage.locks import skip_locked
from storage.models import CheckIn, Client


@dataclass(frozen=True)
class PressedCheckin:
    """A check-in as a button press finds it, with what its client's screen needs."""

    id: int
    client_id: int
    status: CheckinStatus
    plan: str
    position: int
    message_id: int | None
    crisis_shown: bool
    session_expected: bool | None
    had_session: bool | None
    session_at: datetime | None
    timezone: str | None
    next_checkin_at: datetime | None
    client_status: ClientStatus
    consent_version: int | None


# The statements of every tap (read, guarded advance), built once: a tap is the hottest
# path in Between.
_checkins = CheckIn.__table__
_clients = Client.__table__
_PRESSED = (
    select(
        _checkins.c.id,
        _checkins.c.client_id,
        _checkins.c.status,
        _checkins.c.plan,
        _checkins.c.position,
        _checkins.c.message_id,
        _checkins.c.crisis_shown,
        _checkins.c.session_expected,
        _checkins.c.had_session,
        _checkins.c.session_at,
        _clients.c.timezone,
        _clients.c.next_checkin_at,
        _clients.c.status.label("client_status"),
        _clients.c.consent_version,
    )
    .join_from(_checkins, _clients, _clients.c.id == _checkins.c.client_id)
    .where(
        _checkins.c.id == bindparam("b_id"), _clients.c.telegram_id == bindparam("b_telegram_id")
    )
)
_ADVANCE = (
    update(_checkins)
    .where(
        _checkins.c.id == bindparam("b_id"),
        _checkins.c.status == CheckinStatus.OPEN,
        _checkins.c.position == bindparam("b_position"),
    )
    .values(
        position=bindparam("position"),
        crisis_shown=bindparam("crisis_shown"),
        had_session=bindparam("had_session"),
        status=bindparam("status"),
        closed_at=bindparam("closed_at"),
    )
)


async def pressed(
    session: AsyncSession, checkin_id: int, telegram_id: int
) -> PressedCheckin | None:
    """The check-in, looked up together with this chat's client, so another client's
    check-in id simply finds nothing."""
    row = (
        await session.execute(_PRESSED, {"b_id": checkin_id, "b_telegram_id": telegram_id})
    ).first()
    if row is None:
        return None
    values = row._asdict()
    return PressedCheckin(
        **{
            **values,
            "status": CheckinStatus(values["status"]),
            "client_status": ClientStatus(values["client_status"]),
        }
    )


async def advance(
    session: AsyncSession,
    checkin_id: int,
    from_position: int,
    *,
    position: int,
    crisis_shown: bool,
    had_session: bool | None,
    status: CheckinStatus,
    closed_at: datetime | None,
) -> bool:
    """Move an open check-in on from `from_position`; False if another answer got there first."""
    result = await session.execute(
        _ADVANCE,
        {
            "b_id": checkin_id,
            "b_position": from_position,
            "position": position,
            "crisis_shown": crisis_shown,
            "had_session": had_session,
            "status": status,
            "closed_at": closed_at,
        },
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def change_open(session: AsyncSession, checkin_id: int, **values: object) -> bool:
    """Change a check-in that is still open; False if something closed it meanwhile."""
    result = await session.execute(
        update(CheckIn)
        .where(CheckIn.id == checkin_id, CheckIn.status == CheckinStatus.OPEN)
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def open_for(session: AsyncSession, client_id: int) -> CheckIn | None:
    """The client's newest open check-in, if any."""
    return await session.scalar(
        select(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == CheckinStatus.OPEN)
        .order_by(CheckIn.sent_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


async def waiting_for(session: AsyncSession, client_id: int) -> CheckIn | None:
    """The client's check-in that is waiting to be sent (snoozed, or not yet out), if any."""
    return await session.scalar(
        select(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == CheckinStatus.DUE)
        .order_by(CheckIn.deliver_at)
        .limit(1)
    )


async def set_message(session: AsyncSession, checkin_id: int, message_id: int) -> None:
    """The open check-in now lives in a newer message; presses on the old one are stale."""
    await session.execute(
        update(CheckIn).where(CheckIn.id == checkin_id).values(message_id=message_id)
    )


async def expire_open(session: AsyncSession, client_ids: Sequence[int], now: datetime) -> None:
    """Close the open check-ins of these clients, keeping the answers given."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id.in_(client_ids), CheckIn.status == CheckinStatus.OPEN)
        .values(status=CheckinStatus.EXPIRED, closed_at=now)
        .execution_options(synchronize_session=False)
    )


async def cancel_unsent(session: AsyncSession, client_id: int) -> None:
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == CheckinStatus.DUE)
        .values(status=CheckinStatus.CANCELLED, claimed_by=None, claimed_until=None)
    )


async def close_undelivered(session: AsyncSession, client_id: int, now: datetime) -> None:
    """The client can't be reached: nothing waiting or open for them stays so."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status.in_((CheckinStatus.DUE, CheckinStatus.OPEN)),
        )
        .values(
            status=CheckinStatus.UNDELIVERED, closed_at=now, claimed_by=None, claimed_until=None
        )
    )


def _free(now: datetime) -> ColumnElement[bool]:
    """Due to be sent, and not leased by a process whose lease still runs."""
    return and_(
        CheckIn.status == CheckinStatus.DUE,
        CheckIn.deliver_at <= now,
        or_(CheckIn.claimed_until.is_(None), CheckIn.claimed_until <= now),
    )


async def claim(
    session: AsyncSession,
    now: datetime,
    worker: str,
    until: datetime,
    consent_version: int,
    limit: int,
    checkin_id: int | None = None,
) -> list[tuple[CheckIn, Client]]:
    """Lease up to `limit` check-ins that are due to be sent (or just `checkin_id`)."""
    free = _free(now)
    # A paused client still gets the check-in they ask for with /checkin. Nobody gets one
    # before agreeing to the consent text as it reads now.
    statuses = (ClientStatus.ACTIVE, ClientStatus.PAUSED) if checkin_id else (ClientStatus.ACTIVE,)
    reachable = and_(Client.status.in_(statuses), Client.consent_version == consent_version)
    if checkin_id is not None:
        free = and_(free, CheckIn.id == checkin_id)
    query: Any = (
        select(CheckIn.id)
        .join(Client, Client.id == CheckIn.client_id)
        .where(free, reachable)
        .order_by(CheckIn.deliver_at)
        .limit(limit)
    )
    ids = list(await session.scalars(skip_locked(session, query, CheckIn)))
    if not ids:
        return []
    await session.execute(
        update(CheckIn)
        .where(free, CheckIn.id.in_(ids))
        .values(claimed_by=worker, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(CheckIn.id.in_(ids), CheckIn.claimed_by == worker)
    )
    return [(checkin, client) for checkin, client in rows]


_MARK_SENT = (
    update(_checkins)
    .where(
        _checkins.c.id == bindparam("b_id"),
        _checkins.c.status == CheckinStatus.DUE,
        _checkins.c.claimed_by == bindparam("b_worker"),
    )
    .values(
        status=CheckinStatus.OPEN,
        message_id=bindparam("b_message_id"),
        sent_at=bindparam("b_now"),
        claimed_by=None,
        claimed_until=None,
    )
)


async def mark_sent(
    session: AsyncSession, sent: Sequence[tuple[int, int]], worker: str, now: datetime
) -> set[int]:
    """Check-ins Telegram accepted, with their message ids: open now, lease given up.

    Guarded row by row: a check-in that is no longer due and claimed by `worker` (the client
    stopped, paused or erased meanwhile, or the lease was taken over) is left as it is, and
    the others are recorded all the same. Returns the ids recorded.
    """
    await session.execute(
        _MARK_SENT,
        [
            {"b_id": checkin_id, "b_worker": worker, "b_message_id": message_id, "b_now": now}
            for checkin_id, message_id in sent
        ],
    )
    rows = await session.execute(
        select(CheckIn.id, CheckIn.message_id).where(
            CheckIn.id.in_([checkin_id for checkin_id, _ in sent]),
            CheckIn.status == CheckinStatus.OPEN,
        )
    )
    recorded = set(sent)
    return {checkin_id for checkin_id, message_id in rows if (checkin_id, message_id) in recorded}


async def still_sendable(
    session: AsyncSession,
    checkin_ids: Sequence[int],
    worker: str,
    statuses: Sequence[ClientStatus],
    consent_version: int,
) -> set[int]:
    """Of these claimed check-ins, those still due, still claimed by `worker`, whose client
    is in one of `statuses` and agreed to the consent text as it reads now."""
    rows = await session.scalars(
        select(CheckIn.id)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.id.in_(checkin_ids),
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.claimed_by == worker,
            Client.status.in_(statuses),
            Client.consent_version == consent_version,
        )
    )
    return set(rows)


async def still_open(
    session: AsyncSession, checkin_ids: Sequence[int], consent_version: int
) -> set[int]:
    """Of these check-ins, those still open for an active client who agreed to the current
    consent text: the ones a reminder may go out for."""
    rows = await session.scalars(
        select(CheckIn.id)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.id.in_(checkin_ids),
            CheckIn.status == CheckinStatus.OPEN,
            Client.status == ClientStatus.ACTIVE,
            Client.consent_version == consent_version,
        )
    )
    return set(rows)


async def renew(
    session: AsyncSession, checkin_ids: Sequence[int], worker: str, now: datetime, until: datetime
) -> set[int]:
    """Extend `worker`'s lease on check-ins it has not sent yet; returns those it holds."""
    held = and_(
        CheckIn.id.in_(checkin_ids),
        CheckIn.status == CheckinStatus.DUE,
        CheckIn.claimed_by == worker,
    )
    await session.execute(
        update(CheckIn).where(held, CheckIn.claimed_until > now).values(claimed_until=until)
    )
    return set(await session.scalars(select(CheckIn.id).where(held, CheckIn.claimed_until > now)))


async def release(session: AsyncSession, checkin_ids: Sequence[int], worker: str) -> None:
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.id.in_(checkin_ids),
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.claimed_by == worker,
        )
        .values(claimed_by=None, claimed_until=None)
    )


async def open_since(
    session: AsyncSession, cutoff: datetime, limit: int
) -> list[tuple[CheckIn, Client]]:
    """Open check-ins sent at or before `cutoff`, claimed for closing."""
    query: Any = (
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(CheckIn.status == CheckinStatus.OPEN, CheckIn.sent_at <= cutoff)
        .limit(limit)
    )
    return [(c, k) for c, k in await session.execute(skip_locked(session, query, CheckIn))]


async def due_reminder(
    session: AsyncSession, cutoff: datetime, consent_version: int, limit: int
) -> list[tuple[CheckIn, Client]]:
    """Open check-ins sent at or before `cutoff` that have had no reminder yet."""
    query: Any = (
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.status == CheckinStatus.OPEN,
            CheckIn.sent_at <= cutoff,
            CheckIn.reminded_at.is_(None),
            Client.status == ClientStatus.ACTIVE,
            Client.consent_version == consent_version,
        )
        .limit(limit)
    )
    return [(c, k) for c, k in await session.execute(skip_locked(session, query, CheckIn))]


async def oldest_unsent(session: AsyncSession, now: datetime) -> datetime | None:
    return await session.scalar(
        select(func.min(CheckIn.deliver_at)).where(
            CheckIn.status == CheckinStatus.DUE, CheckIn.deliver_at <= now
        )
    )


async def of_client(session: AsyncSession, client_id: int) -> list[CheckIn]:
    return list(
        await session.scalars(
            select(CheckIn).where(CheckIn.client_id == client_id).order_by(CheckIn.due_at)
        )
    )


async def plans_of(session: AsyncSession, checkin_ids: Sequence[int]) -> dict[int, str]:
    """Each check-in's plan (its steps, encoded), by id."""
    rows = await session.execute(
        select(CheckIn.id, CheckIn.plan).where(CheckIn.id.in_(checkin_ids))
    )
    return {checkin_id: plan for checkin_id, plan in rows}


async def sessions_before(session: AsyncSession, client_id: int) -> list[datetime]:
    """Every session any of the client's check-ins came before, oldest first."""
    rows = await session.scalars(
        select(CheckIn.session_at)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at.is_not(None),
            CheckIn.status != CheckinStatus.SKIPPED,
        )
        .order_by(CheckIn.session_at)
    )
    return [at for at in rows if at is not None]


async def latest_session_at(session: AsyncSession, client_id: int) -> datetime | None:
    """The latest session any of the client's check-ins came before: it has its check-in."""
    return await session.scalar(
        select(func.max(CheckIn.session_at)).where(
            CheckIn.client_id == client_id, CheckIn.status != CheckinStatus.CANCELLED
        )
    )


_FOR_A_SESSION = (CheckinStatus.DUE, CheckinStatus.OPEN, CheckinStatus.DONE, CheckinStatus.EXPIRED)


async def next_session_with_checkin(
    session: AsyncSession, client_id: int, now: datetime
) -> datetime | None:
    """The earliest session still to come that already has its check-in."""
    return await session.scalar(
        select(func.min(CheckIn.session_at)).where(
            CheckIn.client_id == client_id,
            CheckIn.session_at > now,
            CheckIn.status.in_(_FOR_A_SESSION),
        )
    )


async def follow_session(
    session: AsyncSession, client_id: int, was: datetime, to: datetime, deliver_at: datetime
) -> None:
    """A session moved: its check-in follows, and one not yet sent comes at its new time."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.session_at == was)
        .values(session_at=to)
    )
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at == to,
            CheckIn.status == CheckinStatus.DUE,
        )
        .values(deliver_at=deliver_at)
    )


async def skip_for_session(
    session: AsyncSession, client_id: int, at: datetime, now: datetime
) -> None:
    """A cancelled session: its check-in, waiting or open, is skipped."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at == at,
            CheckIn.status.in_((CheckinStatus.DUE, CheckinStatus.OPEN)),
        )
        .values(status=CheckinStatus.SKIPPED, closed_at=now, claimed_by=None, claimed_until=None)
    )


async def sessions_soon(
    session: AsyncSession, start: datetime, end: datetime, consent_version: int, limit: int
) -> list[tuple[CheckIn, Client]]:
    """Check-ins of sessions starting in (start, end] not yet offered a summary, for active
    clients who want the offer."""
    query: Any = (
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.session_at > start,
            CheckIn.session_at <= end,
            CheckIn.summary_offered_at.is_(None),
            CheckIn.status.in_((CheckinStatus.OPEN, CheckinStatus.DONE, CheckinStatus.EXPIRED)),
            Client.status == ClientStatus.ACTIVE,
            Client.summary_offers.is_(True),
            Client.consent_version == consent_version,
        )
        .limit(limit)
    )
    return [(c, k) for c, k in await session.execute(skip_locked(session, query, CheckIn))]
