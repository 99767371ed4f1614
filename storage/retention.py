"""Queries of the retention limit: recording a client's use of Between, finding who is due
a warning or the erasure, and claiming a warning so it goes out once."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.retention import worth_recording
from storage.locks import skip_locked
from storage.models import Client
from storage.prepared import Prepared


@dataclass(frozen=True)
class Inactive:
    """A client due the retention warning, with what the message needs."""

    client_id: int
    telegram_id: int
    language: str | None
    timezone: str | None
    last_active_at: datetime


_RECORD_USE = Prepared(
    update(Client.__table__)
    .where(Client.__table__.c.id == bindparam("b_id"))
    .values(last_active_at=bindparam("now"), retention_warned_at=null())
)


async def record_use(
    session: AsyncSession,
    client_id: int,
    last_active_at: datetime | None,
    warned_at: datetime | None,
    now: datetime,
) -> None:
    """The client used Between at `now`: written once a day, and always after a warning,
    which it cancels. Callers pass the two times their own read already holds."""
    if worth_recording(last_active_at, warned_at, now):
        await _RECORD_USE.run(session, {"b_id": client_id, "now": now})


async def due_warning(
    session: AsyncSession, inactive_since: datetime, after_id: int, limit: int
) -> list[Inactive]:
    """Clients who agreed to something, inactive since `inactive_since` and not yet warned,
    by id after `after_id`."""
    query: Select[Any] = (
        select(Client)
        .where(
            Client.id > after_id,
            Client.consent_version.is_not(None),
            Client.retention_warned_at.is_(None),
            Client.last_active_at <= inactive_since,
        )
        .order_by(Client.id)
        .limit(limit)
    )
    found = await session.scalars(skip_locked(session, query, Client))
    return [
        Inactive(c.id, c.telegram_id, c.language, c.timezone, c.last_active_at or inactive_since)
        for c in found
    ]


async def claim_warning(
    session: AsyncSession, client_id: int, inactive_since: datetime, now: datetime
) -> bool:
    """Mark the warning sent at `now`; False if another process did, or the client is back."""
    result = await session.execute(
        update(Client)
        .where(
            Client.id == client_id,
            Client.retention_warned_at.is_(None),
            Client.last_active_at <= inactive_since,
        )
        .values(retention_warned_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release_warning(session: AsyncSession, client_id: int, warned_at: datetime) -> None:
    """A claimed warning that did not go out: the next tick sends it."""
    await session.execute(
        update(Client)
        .where(Client.id == client_id, Client.retention_warned_at == warned_at)
        .values(retention_warned_at=None)
    )


def expired(inactive_since: datetime, warned_by: datetime) -> Any:
    """`domain.retention.erasable` as SQL: inactive since `inactive_since`, and warned by
    `warned_by`, or never agreed to anything (nothing but their Telegram id is stored)."""
    return (Client.last_active_at <= inactive_since) & (
        (Client.retention_warned_at <= warned_by) | Client.consent_version.is_(None)
    )


async def due_erasure(
    session: AsyncSession, inactive_since: datetime, warned_by: datetime, limit: int
) -> list[int]:
    """Telegram ids of clients whose time is up."""
    query = (
        select(Client.telegram_id)
        .where(expired(inactive_since, warned_by))
        .order_by(Client.id)
        .limit(limit)
    )
    return list(await session.scalars(query))
