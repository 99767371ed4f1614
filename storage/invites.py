"""Queries about invite links: found by the hash of their code, used up one at a time, and
the wrong guesses of one chat."""

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite, InviteMiss


async def by_hash(session: AsyncSession, code_hash: str) -> Invite | None:
    return await session.scalar(select(Invite).where(Invite.code_hash == code_hash))


async def open_ones(session: AsyncSession, now: datetime) -> list[Invite]:
    query = (
        select(Invite)
        .where(Invite.revoked_at.is_(None), Invite.expires_at > now, Invite.uses_left > 0)
        .order_by(Invite.created_at)
    )
    return list(await session.scalars(query))


async def by_prefix(session: AsyncSession, prefix: str) -> list[Invite]:
    query = select(Invite).where(Invite.code_prefix.startswith(prefix, autoescape=True))
    return list(await session.scalars(query))


async def use(session: AsyncSession, invite_id: int, now: datetime) -> bool:
    """Take one use of an invite that is still valid; False if none was left."""
    result = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite_id,
            Invite.uses_left > 0,
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .values(uses_left=Invite.uses_left - 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_miss(
    session: AsyncSession, chat_hash: str, now: datetime, window: timedelta
) -> int:
    """Record one wrong code from a chat; returns its wrong codes in the current window."""
    miss = await session.get(InviteMiss, chat_hash)
    if miss is None or miss.window_start <= now - window:
        if miss is not None:
            await session.delete(miss)
            await session.flush()
        session.add(InviteMiss(chat_hash=chat_hash, window_start=now, count=1))
        return 1
    miss.count += 1
    return miss.count


async def misses(session: AsyncSession, chat_hash: str, now: datetime, window: timedelta) -> int:
    miss = await session.get(InviteMiss, chat_hash)
    return 0 if miss is None or miss.window_start <= now - window else miss.count
