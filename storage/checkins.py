"""A client's check-ins as a whole: the open or waiting one, the message it lives in, and
closing or cancelling them all when the client stops, pauses or cannot be reached.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinKind, CheckinStatus
from storage.models import CheckIn


async def open_for(session: AsyncSession, client_id: int) -> CheckIn | None:
    """The client's newest open check-in, if any."""
    return await session.scalar(
        select(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == CheckinStatus.OPEN)
        .order_by(CheckIn.sent_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


async def waiting_for(session: AsyncSession, client_id: int) -> CheckIn | None:
    """The client's check-in that is waiting to be sent (snoozed, or not yet out), if any: a
    check-in, never a rating (which waits for its session to end)."""
    return await session.scalar(
        select(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.kind == CheckinKind.CHECKIN,
        )
        .order_by(CheckIn.deliver_at)
        .limit(1)
    )


async def bring_forward(session: AsyncSession, checkin_id: int, now: datetime) -> None:
    """A check-in waiting to be sent goes out now; one already on its way is left alone."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.id == checkin_id,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.deliver_at > now,
        )
        .values(deliver_at=now)
    )


async def set_message(session: AsyncSession, checkin_id: int, message_id: int) -> None:
    """The open check-in now lives in a newer message; presses on the old one are stale."""
    await session.execute(
        update(CheckIn).where(CheckIn.id == checkin_id).values(message_id=message_id)
    )


async def expire_open(
    session: AsyncSession, client_ids: Sequence[int], now: datetime
) -> dict[int, tuple[int, int | None]]:
    """Close the open check-ins of these clients, keeping the answers given; by client,
    the check-in closed and the message it was on."""
    rows = await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id.in_(client_ids), CheckIn.status == CheckinStatus.OPEN)
        .values(status=CheckinStatus.EXPIRED, closed_at=now)
        .returning(CheckIn.client_id, CheckIn.id, CheckIn.message_id)
        .execution_options(synchronize_session=False)
    )
    return {client_id: (checkin_id, message_id) for client_id, checkin_id, message_id in rows}


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


async def slots_between(
    session: AsyncSession, client_id: int, start: datetime, end: datetime
) -> Sequence[Row[tuple[int, datetime, str, datetime | None]]]:
    """(id, slot, status, session it comes before) of every check-in whose slot falls in
    [start, end], whatever became of it, oldest first (ratings are not slots)."""
    result = await session.execute(
        select(CheckIn.id, CheckIn.due_at, CheckIn.status, CheckIn.session_at)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.kind == CheckinKind.CHECKIN,
            CheckIn.due_at >= start,
            CheckIn.due_at <= end,
        )
        .order_by(CheckIn.due_at)
    )
    return result.all()
