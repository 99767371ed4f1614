"""Queries about the log of summaries sent (when, which period, which sections; no content)."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SummaryLog


async def last_sent_at(session: AsyncSession, client_id: int) -> datetime | None:
    query = (
        select(SummaryLog.sent_at)
        .where(SummaryLog.client_id == client_id)
        .order_by(SummaryLog.sent_at.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def of_client(session: AsyncSession, client_id: int) -> list[SummaryLog]:
    query = select(SummaryLog).where(SummaryLog.client_id == client_id)
    return list(await session.scalars(query))


async def claim(session: AsyncSession, row: SummaryLog) -> int:
    """Insert the log row of a summary about to be sent; its id. A row for the same preview
    (client, period, end) raises IntegrityError, in whichever process comes second: the
    unique index uq_summaries_once."""
    session.add(row)
    await session.flush()
    return row.id


async def forget(session: AsyncSession, log_id: int) -> None:
    await session.execute(delete(SummaryLog).where(SummaryLog.id == log_id))
