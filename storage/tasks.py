"""Queries about tasks agreed between sessions. Words and obstacles arrive and leave sealed;
opening them is the caller's business. Transactions belong to the caller."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinStatus
from storage.models import Answer, CheckIn, Task

_NAMED = Task.words.is_not(None)
_OPEN = (_NAMED, Task.closed_at.is_(None))


async def of_client(session: AsyncSession, client_id: int) -> list[Task]:
    """The client's tasks that have words, open and closed, oldest first."""
    return list(
        await session.scalars(
            select(Task).where(Task.client_id == client_id, _NAMED).order_by(Task.id)
        )
    )


async def open_of_client(session: AsyncSession, client_id: int) -> list[Task]:
    """The client's open tasks, oldest first."""
    return list(
        await session.scalars(
            select(Task).where(Task.client_id == client_id, *_OPEN).order_by(Task.id)
        )
    )


async def one_of_client(session: AsyncSession, client_id: int, task_id: int) -> Task | None:
    """The task, if it is this client's and has words: another client's id finds nothing."""
    return await session.scalar(
        select(Task).where(Task.id == task_id, Task.client_id == client_id, _NAMED)
    )


async def count_open(session: AsyncSession, client_id: int) -> int:
    query = select(func.count()).select_from(Task).where(Task.client_id == client_id, *_OPEN)
    return int(await session.scalar(query) or 0)


async def open_ids_of(session: AsyncSession, client_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each client's open tasks, oldest first, for a whole batch in one query."""
    rows = await session.execute(
        select(Task.client_id, Task.id)
        .where(Task.client_id.in_(list(client_ids)), *_OPEN)
        .order_by(Task.id)
    )
    found: dict[int, list[int]] = {}
    for client_id, task_id in rows:
        found.setdefault(client_id, []).append(task_id)
    return found


async def open_words(session: AsyncSession, task_ids: Sequence[int]) -> dict[int, bytes]:
    """The sealed words of those of `task_ids` that are still open."""
    rows = await session.execute(select(Task.id, Task.words).where(Task.id.in_(task_ids), *_OPEN))
    return {task_id: words for task_id, words in rows if words is not None}


async def awaiting_words(session: AsyncSession, client_id: int, since: datetime) -> Task | None:
    """The task whose words Between asked for at or after `since`, if any."""
    return await session.scalar(
        select(Task)
        .where(Task.client_id == client_id, Task.asked_at >= since)
        .order_by(Task.asked_at.desc())
        .limit(1)
    )


async def stop_asking(session: AsyncSession, client_id: int) -> None:
    """No task's words are awaited any more: a new task never typed is dropped."""
    await session.execute(delete(Task).where(Task.client_id == client_id, Task.words.is_(None)))
    await session.execute(
        update(Task)
        .where(Task.client_id == client_id, Task.asked_at.is_not(None))
        .values(asked_at=None)
    )


async def close(session: AsyncSession, task_id: int, outcome: str, now: datetime) -> bool:
    """Close an open task with `outcome`; False when it was closed already (or is gone)."""
    result = await session.execute(
        update(Task)
        .where(Task.id == task_id, Task.closed_at.is_(None))
        .values(closed_at=now, closed_outcome=outcome, asked_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def last_session_at(session: AsyncSession, client_id: int, now: datetime) -> datetime | None:
    """The latest session, up to `now`, that one of the client's check-ins came before."""
    return await session.scalar(
        select(func.max(CheckIn.session_at)).where(
            CheckIn.client_id == client_id,
            CheckIn.session_at <= now,
            CheckIn.status != CheckinStatus.CANCELLED,
        )
    )


async def answers_of(
    session: AsyncSession, client_id: int, statuses: Sequence[CheckinStatus]
) -> list[tuple[int, datetime, str, int | None, bytes | None]]:
    """(task, slot, item, value, sealed note) of every answer about the client's tasks in
    check-ins with `statuses`, oldest first."""
    rows = await session.execute(
        select(Answer.task_id, CheckIn.due_at, Answer.item_key, Answer.value, Answer.note)
        .join(CheckIn, CheckIn.id == Answer.checkin_id)
        .where(
            CheckIn.client_id == client_id,
            CheckIn.status.in_(statuses),
            Answer.task_id.is_not(None),
        )
        .order_by(CheckIn.due_at, Answer.position)
    )
    return [(t, due_at, key, value, note) for t, due_at, key, value, note in rows if t is not None]
