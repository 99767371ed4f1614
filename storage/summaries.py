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
