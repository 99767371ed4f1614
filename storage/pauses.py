"""Each client's pauses: when they started and ended."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Pause


async def start(session: AsyncSession, client_id: int, at: datetime) -> None:
    """A pause begins at `at`, unless one is under way already (a new length for it)."""
    open_pause = select(Pause.id).where(Pause.client_id == client_id, Pause.ended_at.is_(None))
    if await session.scalar(open_pause) is None:
        session.add(Pause(client_id=client_id, started_at=at))


async def end(session: AsyncSession, client_id: int, at: datetime) -> None:
    """The pause under way, if any, ended at `at`."""
    await session.execute(
        update(Pause)
        .where(Pause.client_id == client_id, Pause.ended_at.is_(None))
        .values(ended_at=at)
    )


async def overlapping(
    session: AsyncSession, client_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime | None]]:
    """The client's pauses that lasted into [start, end], oldest first."""
    query = (
        select(Pause.started_at, Pause.ended_at)
        .where(
            Pause.client_id == client_id,
            Pause.started_at <= end,
            (Pause.ended_at.is_(None)) | (Pause.ended_at > start),
        )
        .order_by(Pause.started_at)
    )
    return [(started, ended) for started, ended in await session.execute(query)]


async def of_client(session: AsyncSession, client_id: int) -> list[Pause]:
    query = select(Pause).where(Pause.client_id == client_id).order_by(Pause.started_at)
    return list(await session.scalars(query))
