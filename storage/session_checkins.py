"""Check-ins by the therapy session they come before: which sessions have one, and the
check-in following its session when the session moves or is cancelled.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinKind, CheckinStatus, ClientStatus
from storage.locks import skip_locked
from storage.models import CheckIn, Client


async def sessions_before(session: AsyncSession, client_id: int) -> list[datetime]:
    """Every session any of the client's check-ins came before, oldest first."""
    rows = await session.scalars(
        select(CheckIn.session_at)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at.is_not(None),
            CheckIn.status != CheckinStatus.SKIPPED,
        )
        .order_by(CheckIn.session_at)
    )
    return [at for at in rows if at is not None]


async def latest_session_at(session: AsyncSession, client_id: int) -> datetime | None:
    """The latest session any of the client's check-ins came before: it has its check-in."""
    return await session.scalar(
        select(func.max(CheckIn.session_at)).where(
            CheckIn.client_id == client_id, CheckIn.status != CheckinStatus.CANCELLED
        )
    )


_FOR_A_SESSION = (CheckinStatus.DUE, CheckinStatus.OPEN, CheckinStatus.DONE, CheckinStatus.EXPIRED)


async def next_session_with_checkin(
    session: AsyncSession, client_id: int, now: datetime
) -> datetime | None:
    """The earliest session still to come that already has its check-in."""
    return await session.scalar(
        select(func.min(CheckIn.session_at)).where(
            CheckIn.client_id == client_id,
            CheckIn.session_at > now,
            CheckIn.status.in_(_FOR_A_SESSION),
        )
    )


async def follow_session(
    session: AsyncSession, client_id: int, was: datetime, to: datetime, deliver_at: datetime
) -> None:
    """A session moved: its check-in and rating follow, and a check-in not yet sent comes at
    its new time (its rating: `storage.ratings.follow`)."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.client_id == client_id, CheckIn.session_at == was)
        .values(session_at=to)
    )
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at == to,
            CheckIn.status == CheckinStatus.DUE,
            CheckIn.kind == CheckinKind.CHECKIN,
        )
        .values(deliver_at=deliver_at)
    )


async def skip_for_session(
    session: AsyncSession, client_id: int, at: datetime, now: datetime
) -> None:
    """A cancelled session: its check-in, waiting or open, is skipped, and so is its rating."""
    await session.execute(
        update(CheckIn)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.session_at == at,
            CheckIn.status.in_((CheckinStatus.DUE, CheckinStatus.OPEN)),
        )
        .values(status=CheckinStatus.SKIPPED, closed_at=now, claimed_by=None, claimed_until=None)
    )


async def sessions_soon(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    consent_version: int,
    limit: int,
    after_id: int = 0,
) -> list[tuple[CheckIn, Client]]:
    """Check-ins of sessions starting in (start, end] not yet offered a summary, for active
    clients who want the offer, by id after `after_id`."""
    query: Any = (
        select(CheckIn, Client)
        .join(Client, Client.id == CheckIn.client_id)
        .where(
            CheckIn.session_at > start,
            CheckIn.session_at <= end,
            CheckIn.summary_offered_at.is_(None),
            CheckIn.kind == CheckinKind.CHECKIN,
            CheckIn.status.in_((CheckinStatus.OPEN, CheckinStatus.DONE, CheckinStatus.EXPIRED)),
            Client.status == ClientStatus.ACTIVE,
            Client.summary_offers.is_(True),
            Client.consent_version == consent_version,
            CheckIn.id > after_id,
        )
        .order_by(CheckIn.id)
        .limit(limit)
    )
    return [(c, k) for c, k in await session.execute(skip_locked(session, query, CheckIn))]
