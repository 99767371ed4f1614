"""Queries of the ratings after each session (check-ins of kind "rating"): which session the
client rated, and closing, following or cancelling ratings not yet sent."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinKind, CheckinStatus
from storage.models import CheckIn

_RATING = CheckIn.kind == CheckinKind.RATING


async def rated_last_session(
    session: AsyncSession, client_ids: Sequence[int], now: datetime
) -> set[int]:
    """Of these clients, those who finished rating their last session (the latest one begun
    by `now` that a check-in came before): their next check-in need not ask about it."""
    before = CheckIn.__table__.alias("before")
    last_session = (
        select(func.max(before.c.session_at))
        .where(
            before.c.client_id == CheckIn.client_id,
            before.c.kind == CheckinKind.CHECKIN,
            before.c.session_at <= now,
        )
        .scalar_subquery()
    )
    rows = await session.scalars(
        select(CheckIn.client_id).where(
            CheckIn.client_id.in_(client_ids),
            _RATING,
            CheckIn.status == CheckinStatus.DONE,
            CheckIn.session_at == last_session,
        )
    )
    return set(rows)


async def cancel_waiting(session: AsyncSession, client_ids: Sequence[int]) -> None:
    """Ratings of these clients not sent yet are not sent at all (a next check-in is on its
    way and asks the same, or the client turned ratings off)."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id.in_(client_ids), _RATING, CheckIn.status == CheckinStatus.DUE)
        .values(status=CheckinStatus.CANCELLED, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


async def follow(
    session: AsyncSession,
    client_id: int,
    session_at: datetime,
    due_at: datetime,
    deliver_at: datetime,
) -> None:
    """The session moved to `session_at` (its rows already name it): its rating, not yet sent,
    comes after it."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            _RATING,
            CheckIn.session_at == session_at,
            CheckIn.status == CheckinStatus.DUE,
        )
        .values(due_at=due_at, deliver_at=deliver_at)
    )


async def among(session: AsyncSession, checkin_ids: Sequence[int]) -> set[int]:
    """Which of these check-ins are ratings."""
    rows = await session.scalars(select(CheckIn.id).where(CheckIn.id.in_(checkin_ids), _RATING))
    return set(rows)


async def next_waiting(session: AsyncSession, client_id: int) -> datetime | None:
    """When the client's next rating not yet sent goes out, if one is waiting."""
    return await session.scalar(
        select(func.min(CheckIn.deliver_at)).where(
            CheckIn.client_id == client_id, _RATING, CheckIn.status == CheckinStatus.DUE
        )
    )
