"""Queries about the client's own goals. Words arrive and leave sealed; opening them is the
caller's business. Transactions belong to the caller."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinStatus
from storage.models import Answer, CheckIn, Goal

_NAMED = Goal.words.is_not(None)
_ACTIVE = (_NAMED, Goal.archived_at.is_(None))


async def of_client(session: AsyncSession, client_id: int) -> list[Goal]:
    """The client's goals that have words, active and archived, oldest first."""
    return list(
        await session.scalars(
            select(Goal).where(Goal.client_id == client_id, _NAMED).order_by(Goal.id)
        )
    )


async def one_of_client(session: AsyncSession, client_id: int, goal_id: int) -> Goal | None:
    """The goal, if it is this client's and has words: another client's id finds nothing."""
    return await session.scalar(
        select(Goal).where(Goal.id == goal_id, Goal.client_id == client_id, _NAMED)
    )


async def count_active(session: AsyncSession, client_id: int) -> int:
    query = select(func.count()).select_from(Goal).where(Goal.client_id == client_id, *_ACTIVE)
    return int(await session.scalar(query) or 0)


async def active_ids_of(session: AsyncSession, client_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each client's active goals, oldest first, for a whole batch in one query."""
    rows = await session.execute(
        select(Goal.client_id, Goal.id)
        .where(Goal.client_id.in_(list(client_ids)), *_ACTIVE)
        .order_by(Goal.id)
    )
    active: dict[int, list[int]] = {}
    for client_id, goal_id in rows:
        active.setdefault(client_id, []).append(goal_id)
    return active


async def active_words(session: AsyncSession, goal_ids: Sequence[int]) -> dict[int, bytes]:
    """The sealed words of those of `goal_ids` that are still active."""
    rows = await session.execute(select(Goal.id, Goal.words).where(Goal.id.in_(goal_ids), *_ACTIVE))
    return {goal_id: words for goal_id, words in rows if words is not None}


async def awaiting_words(session: AsyncSession, client_id: int, since: datetime) -> Goal | None:
    """The goal whose words Between asked for at or after `since`, if any."""
    return await session.scalar(
        select(Goal)
        .where(Goal.client_id == client_id, Goal.asked_at >= since)
        .order_by(Goal.asked_at.desc())
        .limit(1)
    )


async def stop_asking(session: AsyncSession, client_id: int) -> None:
    """No goal's words are awaited any more: a new goal never named is dropped."""
    await session.execute(delete(Goal).where(Goal.client_id == client_id, Goal.words.is_(None)))
    await session.execute(
        update(Goal)
        .where(Goal.client_id == client_id, Goal.asked_at.is_not(None))
        .values(asked_at=None)
    )


async def erase(session: AsyncSession, goal_id: int) -> None:
    """Hard-delete the goal; its ratings go with it (ON DELETE CASCADE)."""
    await session.execute(delete(Goal).where(Goal.id == goal_id))


async def ratings_between(
    session: AsyncSession,
    client_id: int,
    start: datetime,
    end: datetime,
    statuses: Sequence[CheckinStatus],
) -> list[tuple[int, datetime, int | None]]:
    """(goal, slot, value) of every goal rated or skipped (None) in check-ins whose slot
    falls in [start, end], oldest first."""
    rows = await session.execute(
        select(Answer.goal_id, CheckIn.due_at, Answer.value)
        .join(CheckIn, CheckIn.id == Answer.checkin_id)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status.in_(statuses),
            CheckIn.due_at >= start,
            CheckIn.due_at <= end,
            Answer.goal_id.is_not(None),
        )
        .order_by(CheckIn.due_at, Answer.position)
    )
    return [(goal_id, due_at, value) for goal_id, due_at, value in rows if goal_id is not None]
