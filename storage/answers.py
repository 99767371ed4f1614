"""Queries about answers: storing one, and reading them back for the nudge, the summary and
the export. Notes arrive and leave sealed; opening them is the caller's business."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinStatus
from storage.models import Answer, CheckIn
from storage.prepared import Prepared

_STORE = Prepared(insert(Answer.__table__))


async def store(session: AsyncSession, **row: object) -> None:
    """One answer; every caller gives every column but the id (a tap's statement)."""
    await _STORE.run(session, row)


async def values_of_items(
    session: AsyncSession,
    client_id: int,
    instrument_id: str,
    item_keys: Sequence[str],
    statuses: Sequence[CheckinStatus],
) -> list[tuple[int, str, int | None]]:
    """(check-in id, item, value) of every answered or skipped (None) item among
    `item_keys`, in check-ins with `statuses`, oldest check-in first."""
    rows = await session.execute(
        select(Answer.checkin_id, Answer.item_key, Answer.value)
        .join(CheckIn, CheckIn.id == Answer.checkin_id)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status.in_(statuses),
            Answer.instrument_id == instrument_id,
            Answer.item_key.in_(item_keys),
        )
        .order_by(CheckIn.due_at, CheckIn.id)
    )
    return [(checkin_id, key, value) for checkin_id, key, value in rows]


async def any_given(session: AsyncSession, client_id: int, since: datetime | None = None) -> bool:
    """Whether the client has answered anything at all (skips don't count), in check-ins
    due from `since` on, if given."""
    query = (
        select(Answer.id)
        .join(CheckIn, CheckIn.id == Answer.checkin_id)
        .where(CheckIn.client_id == client_id, Answer.skipped.is_(False))
        .limit(1)
    )
    if since is not None:
        query = query.where(CheckIn.due_at >= since)
    return await session.scalar(query) is not None


async def given_between(
    session: AsyncSession,
    client_id: int,
    start: datetime,
    end: datetime,
    statuses: Sequence[CheckinStatus],
) -> Sequence[Row[tuple[int, datetime, str, str, int | None, bytes | None]]]:
    """(check-in id, slot, instrument, item, value, sealed note) of every step answered or
    skipped (value and note None) in check-ins whose slot falls in [start, end], oldest
    first."""
    result = await session.execute(
        select(
            CheckIn.id,
            CheckIn.due_at,
            Answer.instrument_id,
            Answer.item_key,
            Answer.value,
            Answer.note,
        )
        .join(Answer, Answer.checkin_id == CheckIn.id)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status.in_(statuses),
            CheckIn.due_at >= start,
            CheckIn.due_at <= end,
        )
        .order_by(CheckIn.due_at, Answer.position)
    )
    return result.all()


async def of_client(session: AsyncSession, client_id: int) -> list[Answer]:
    return list(
        await session.scalars(
            select(Answer)
            .join(CheckIn, CheckIn.id == Answer.checkin_id)
            .where(CheckIn.client_id == client_id)
            .order_by(Answer.checkin_id, Answer.position)
        )
    )
