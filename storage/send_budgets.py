"""The bot's shared send budget: slots claimed, a batch at a time, with one atomic UPDATE,
and the hold a 429 puts on every instance.

PostgreSQL only (GREATEST): on SQLite one process keeps the same rules in memory.
"""

from datetime import datetime, timedelta

from sqlalchemy import Interval, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SendBudget, UTCDateTime


async def claim(
    session: AsyncSession, bot: str, now: datetime, slots: int, spacing: timedelta
) -> tuple[datetime, datetime] | None:
    """Reserve `slots` send slots `spacing` apart, the first at the next free slot, `now`
    or the end of a hold, whichever is latest. Returns (the end of the reserved span,
    held_until), or None when the bot has no row yet.

    One statement, so instances claiming at once queue on the row's lock and each gets
    its own span: no two slots of the bot, whoever holds them, are closer than `spacing`.
    """
    first = func.greatest(
        SendBudget.next_slot_at,
        SendBudget.held_until,
        literal(now, UTCDateTime()),
        type_=UTCDateTime(),
    )
    row = (
        await session.execute(
            update(SendBudget)
            .where(SendBudget.bot == bot)
            .values(next_slot_at=first + literal(spacing * slots, Interval()))
            .returning(SendBudget.next_slot_at, SendBudget.held_until)
        )
    ).one_or_none()
    return None if row is None else (row.next_slot_at, row.held_until)


async def add(session: AsyncSession, bot: str, now: datetime) -> None:
    """The bot's row, free from `now`, unless another instance has just added it."""
    if await session.scalar(select(SendBudget.bot).where(SendBudget.bot == bot)):
        return
    try:
        async with session.begin_nested():
            session.add(SendBudget(bot=bot, next_slot_at=now, held_until=now))
    except IntegrityError:
        pass  # another instance's first claim came first: its row serves


async def hold(session: AsyncSession, bot: str, until: datetime) -> None:
    """No slot before `until` for any instance (a later hold already there stays)."""
    await session.execute(
        update(SendBudget)
        .where(SendBudget.bot == bot)
        .values(held_until=func.greatest(SendBudget.held_until, until, type_=UTCDateTime()))
    )
