"""Each client's courses of therapy: the current one (the latest), opening and ending them."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Course


async def current(session: AsyncSession, client_id: int) -> Course | None:
    """The client's latest course, ended or not; None before their first consent."""
    query = (
        select(Course)
        .where(Course.client_id == client_id)
        .order_by(Course.started_at.desc(), Course.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def started_at(session: AsyncSession, client_id: int) -> datetime | None:
    """When the client's current course began: what a summary reads from."""
    course = await current(session, client_id)
    return course.started_at if course else None


async def open_new(session: AsyncSession, client_id: int, at: datetime) -> Course:
    course = Course(client_id=client_id, started_at=at)
    session.add(course)
    await session.flush()
    return course


async def stop_asking(session: AsyncSession, client_id: int) -> None:
    """No course note is awaited any more."""
    await session.execute(
        update(Course)
        .where(Course.client_id == client_id, Course.note_asked_at.is_not(None))
        .values(note_asked_at=None)
    )


async def of_client(session: AsyncSession, client_id: int) -> list[Course]:
    query = select(Course).where(Course.client_id == client_id).order_by(Course.started_at)
    return list(await session.scalars(query))


async def ended_among(session: AsyncSession, client_ids: Sequence[int]) -> set[int]:
    """Those of `client_ids` whose latest course has ended: their check-ins ask nothing
    about sessions. One query for a whole batch."""
    if not client_ids:
        return set()
    latest = (
        select(Course.client_id, func.max(Course.started_at).label("started_at"))
        .where(Course.client_id.in_(list(client_ids)))
        .group_by(Course.client_id)
        .subquery()
    )
    query = (
        select(Course.client_id)
        .join(
            latest,
            (Course.client_id == latest.c.client_id) & (Course.started_at == latest.c.started_at),
        )
        .where(Course.ended_at.is_not(None))
    )
    return set(await session.scalars(query))


async def one_of_client(session: AsyncSession, client_id: int, course_id: int) -> Course | None:
    """The course `course_id`, if it is one of this client's. Matched among their few
    courses, not in SQL: an id from button data may be outside PostgreSQL's integer."""
    return next((c for c in await of_client(session, client_id) if c.id == course_id), None)
