"""The tick's claims on check-ins: leasing those due to be sent (claim, renew, release,
mark_sent), and taking those due a reminder or closing; each guarded by the state it
expects, so any number of processes may run them at once.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinKind, CheckinStatus, ClientStatus
from storage.locks import skip_locked
from storage.models import CheckIn, Client

_checkins = CheckIn.__table__


# A rating that could not go out this long after its time (the bot was down, or Telegram
# did not take it) is left for the next check-in, which asks the same.
RATING_STALE = timedelta(hours=12)


def _free(now: datetime) -> ColumnElement[bool]:
    """Due to be sent, and not leased by a process whose lease still runs."""
    return and_(
        CheckIn.status == CheckinStatus.DUE,
        CheckIn.deliver_at <= now,
        or_(CheckIn.claimed_until.is_(None), CheckIn.claimed_until <= now),
        _sendable_kind(now),
    )


def _sendable_kind(now: datetime) -> ColumnElement[bool]:
    return or_(CheckIn.kind == CheckinKind.CHECKIN, CheckIn.deliver_at > now - RATING_STALE)


def _owed() -> ColumnElement[datetime]:
    """When a waiting check-in is owed to its client: its slot, or later when it was put off
    (snoozed). One planned to start early (`domain.round`) is still owed at its slot."""
    return case((CheckIn.deliver_at > CheckIn.due_at, CheckIn.deliver_at), else_=CheckIn.due_at)


def _before_its_session(now: datetime) -> ColumnElement[bool]:
    """Not a first send after the session it comes before has started (a rating comes
    after its session)."""
    return or_(
        CheckIn.kind == CheckinKind.RATING,
        CheckIn.session_at.is_(None),
        CheckIn.session_at > now,
        CheckIn.sent_at.is_not(None),
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
    else:
        free = and_(free, _before_its_session(now))
    # In the order they are owed, so that a round planned to start early arrives in the
    # order it is due (`domain.round`).
    query: Any = (
        select(CheckIn.id)
        .join(Client, Client.id == CheckIn.client_id)
        .where(free, reachable)
        .order_by(_owed(), CheckIn.id)
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
    session: AsyncSession, cutoff: datetime, consent_version: int, limit: int, after_id: int = 0
) -> list[tuple[CheckIn, Client]]:
    """Open check-ins sent at or before `cutoff` that have had no reminder yet, by id after
    `after_id`."""
    query: Any = (
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.status == CheckinStatus.OPEN,
            CheckIn.sent_at <= cutoff,
            CheckIn.reminded_at.is_(None),
            CheckIn.kind == CheckinKind.CHECKIN,  # a rating is one tap to skip: no reminder
            CheckIn.id > after_id,
            Client.status == ClientStatus.ACTIVE,
            Client.consent_version == consent_version,
        )
        .order_by(CheckIn.id)
        .limit(limit)
    )
    return [(c, k) for c, k in await session.execute(skip_locked(session, query, CheckIn))]


async def oldest_unsent(session: AsyncSession, now: datetime) -> datetime | None:
    """When the oldest check-in owed by now and not sent was owed: one of a round started
    early is not late before its slot."""
    return await session.scalar(
        select(func.min(_owed())).where(
            CheckIn.status == CheckinStatus.DUE, _owed() <= now, _sendable_kind(now)
        )
    )


async def miss_after_session(session: AsyncSession, now: datetime) -> int:
    """Check-ins never sent whose session has started (a round bigger than the budget, or
    sends that kept failing) are closed undelivered: none goes out after its session."""
    result = await session.execute(
        update(CheckIn)
        .where(
            CheckIn.kind == CheckinKind.CHECKIN,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.sent_at.is_(None),
            CheckIn.session_at <= now,
            or_(CheckIn.claimed_until.is_(None), CheckIn.claimed_until <= now),
        )
        .values(status=CheckinStatus.UNDELIVERED, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def expire(session: AsyncSession, checkin_ids: Sequence[int], now: datetime) -> set[int]:
    """Close these check-ins as expired where they are still open; returns those closed here."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.id.in_(checkin_ids), CheckIn.status == CheckinStatus.OPEN)
        .values(status=CheckinStatus.EXPIRED, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    rows = await session.scalars(
        select(CheckIn.id).where(
            CheckIn.id.in_(checkin_ids),
            CheckIn.status == CheckinStatus.EXPIRED,
            CheckIn.closed_at == now,
        )
    )
    return set(rows)


async def mark_reminded(
    session: AsyncSession, checkin_ids: Sequence[int], now: datetime
) -> set[int]:
    """Mark these open check-ins reminded where no reminder went yet; returns those marked
    here, the ones whose reminder this process sends."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.id.in_(checkin_ids),
            CheckIn.status == CheckinStatus.OPEN,
            CheckIn.reminded_at.is_(None),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    rows = await session.scalars(
        select(CheckIn.id).where(CheckIn.id.in_(checkin_ids), CheckIn.reminded_at == now)
    )
    return set(rows)


async def failed_attempts(session: AsyncSession, checkin_id: int, worker: str) -> int | None:
    """How many sends of this check-in have failed, if `worker` still holds it."""
    return await session.scalar(
        select(CheckIn.attempts).where(
            CheckIn.id == checkin_id,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.claimed_by == worker,
        )
    )


async def back_off(
    session: AsyncSession,
    checkin_id: int,
    worker: str,
    attempts_was: int,
    *,
    until: datetime,
    given_up_at: datetime | None,
) -> bool:
    """Count one more failed send of a check-in `worker` still holds at `attempts_was`: it
    is claimable again at `until`, or undelivered from `given_up_at`. False if it changed."""
    values: dict[str, object] = {"attempts": attempts_was + 1, "claimed_until": until}
    if given_up_at is not None:
        values |= {"status": CheckinStatus.UNDELIVERED, "closed_at": given_up_at}
    result = await session.execute(
        update(CheckIn)
        .where(
            CheckIn.id == checkin_id,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.claimed_by == worker,
            CheckIn.attempts == attempts_was,
        )
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
