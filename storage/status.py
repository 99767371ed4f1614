"""The counts an operator sees (`python -m bot status`, /metrics): how many, never who."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinStatus
from storage.models import CheckIn, Client


async def clients_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Client.status, func.count()).group_by(Client.status))
    return {status: count for status, count in rows}


async def sent_since(session: AsyncSession, since: datetime) -> int:
    """Check-ins and ratings delivered to Telegram since `since`."""
    query = select(func.count()).where(CheckIn.sent_at >= since)
    return int(await session.scalar(query.select_from(CheckIn)) or 0)


async def answered_since(session: AsyncSession, since: datetime) -> int:
    """Check-ins and ratings the client finished since `since`."""
    query = select(func.count()).where(
        CheckIn.status == CheckinStatus.DONE, CheckIn.closed_at >= since
    )
    return int(await session.scalar(query.select_from(CheckIn)) or 0)


async def last_sent_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(select(func.max(CheckIn.sent_at)))
