"""Reads shared by the services. Transactions belong to the caller."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CheckIn, Client


async def client_by_telegram_id(session: AsyncSession, telegram_id: int) -> Client | None:
    return await session.scalar(select(Client).where(Client.telegram_id == telegram_id))


async def open_checkin(session: AsyncSession, client_id: int) -> CheckIn | None:
    """The client's newest open check-in, if any."""
    return await session.scalar(
        select(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.status == "open")
        .order_by(CheckIn.sent_at.desc(), CheckIn.id.desc())
        .limit(1)
    )
