"""Queries about the log of summaries sent (when, which period, which sections; no content)."""

from datetime import datetime

from sqlalchemy import select
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


async def was_sent(
    session: AsyncSession, client_id: int, period: str, end: datetime, sections: str
) -> bool:
    """Whether this very summary (period, its end, sections) is in the log already."""
    query = select(SummaryLog.id).where(
        SummaryLog.client_id == client_id,
        SummaryLog.period == period,
        SummaryLog.period_end == end,
        SummaryLog.sections == sections,
    )
    return await session.scalar(query.limit(1)) is not None
