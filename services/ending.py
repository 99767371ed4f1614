"""Use cases of an end of therapy: ending the course, the note the client keeps from it,
and what comes after (checking in on their own; a pause or an erasure go through their
own use cases, `services.controls`).

Each step is checked against the course it was offered for, so a second tap, a late tap
or forged data changes nothing: the course must be the client's latest, and open (to end
it) or ended (for everything after).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain.sessions import Rhythm
from domain.states import SET_UP, ClientStatus, SetupStep
from services.clients import Schedule, missing_step, reschedule, schedule_of
from services.controls import reactivate
from services.runtime import Runtime
from storage import clients, courses, goals, ratings, tasks
from storage.models import Client, Course

# How long "Your therapy is ending" can be confirmed after it was offered.
CONFIRM_LIFETIME = timedelta(days=1)
# How long Between waits for the typed note after asking for it.
NOTE_LIFETIME = timedelta(minutes=30)
NOTE_LIMIT = 1000


class NoteProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class CourseView:
    id: int
    ended: bool


async def current_course(runtime: Runtime, telegram_id: int) -> CourseView | None:
    """The course a set-up client is in (or last ended); None before set-up."""
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id)
        course = await courses.current(session, client.id) if client else None
        return CourseView(course.id, course.ended_at is not None) if course else None


async def end_course(
    runtime: Runtime, telegram_id: int, course_id: int, offered_at: datetime
) -> bool:
    """The client confirmed their therapy is ending: the course ends now. False, with
    nothing changed, when it is not their open course or the question is old."""
    now = runtime.clock.now()
    if not now - CONFIRM_LIFETIME <= offered_at <= now:
        return False
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id, lock=True)
        course = await _latest(session, client, course_id)
        if course is None or course.ended_at is not None:
            return False
        course.ended_at = now
        assert client is not None
        await ratings.cancel_waiting(session, [client.id])  # no session left to rate
        return True


async def ended_course(runtime: Runtime, telegram_id: int, course_id: int) -> bool:
    """Whether `course_id` is the client's latest course, and ended: the steps after an
    ending stand."""
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id)
        course = await _latest(session, client, course_id)
        return course is not None and course.ended_at is not None


async def ask_for_note(runtime: Runtime, telegram_id: int, course_id: int) -> bool:
    """Wait for the note typed next; False when the course's ending no longer stands."""
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id, lock=True)
        course = await _latest(session, client, course_id)
        if client is None or course is None or course.ended_at is None:
            return False
        await goals.stop_asking(session, client.id)  # what is typed next is the note
        await tasks.stop_asking(session, client.id)
        course.note_asked_at = runtime.clock.now()
        return True


async def skip_note(runtime: Runtime, telegram_id: int, course_id: int) -> bool:
    """No note (for now); False when there was no note asked for this course."""
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id, lock=True)
        course = await _latest(session, client, course_id)
        if course is None or course.ended_at is None or course.note_asked_at is None:
            return False
        course.note_asked_at = None
        return True


async def typed_note(runtime: Runtime, telegram_id: int, text: str) -> int | NoteProblem | None:
    """Keep typed text, sealed, as the note of the course that asked for it: the course's
    id; a problem (nothing, or too long: the ask stands afresh); None when none was asked."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id, lock=True)
        course = await courses.current(session, client.id) if client else None
        asked = course.note_asked_at if course else None
        if course is None or asked is None or asked < now - NOTE_LIFETIME:
            return None
        note = text.strip()
        if not note or len(note) > NOTE_LIMIT:
            course.note_asked_at = now
            return NoteProblem.EMPTY if not note else NoteProblem.TOO_LONG
        course.note = runtime.cipher.seal(note)
        course.note_asked_at = None
        return course.id


async def keep_checking_in(
    runtime: Runtime, telegram_id: int, course_id: int
) -> Schedule | SetupStep | None:
    """After an ending, a weekly check-in of the client's own, with no session questions:
    on the weekday and at the time their check-ins come now, or, with none to go by, the
    set-up step that asks for it. None when the ending no longer stands."""
    async with runtime.db.begin() as session:
        client = await _set_up(session, telegram_id, lock=True)
        course = await _latest(session, client, course_id)
        if client is None or course is None or course.ended_at is None:
            return None
        if client.rhythm != Rhythm.CHECKIN_ONLY or client.weekday is None:
            _weekly_from_next_checkin(client)
        step = missing_step(client)
        if step is not None:
            client.onboarding_step = step
            return step
        client.onboarding_step = None
        if client.status == ClientStatus.PAUSED:
            return await reactivate(runtime, session, client)
        await reschedule(runtime, session, client)
        return schedule_of(client)


def _weekly_from_next_checkin(client: Client) -> None:
    """A check-in-only rhythm, on the local weekday and time of the next check-in, if any."""
    slot, zone = client.next_checkin_at, ZoneInfo(client.timezone or "UTC")
    local = slot.astimezone(zone) if slot else None
    client.rhythm = Rhythm.CHECKIN_ONLY
    client.weekday = local.weekday() if local else None
    client.local_time = local.strftime("%H:%M") if local else None
    client.session_anchor = None
    client.next_session_at = None
    client.pending_session_day = None


async def _set_up(session: AsyncSession, telegram_id: int, *, lock: bool = False) -> Client | None:
    client = await clients.by_telegram_id(session, telegram_id, lock=lock)
    return client if client is not None and client.status in SET_UP else None


async def _latest(session: AsyncSession, client: Client | None, course_id: int) -> Course | None:
    """`course_id`, if it is the client's latest course."""
    if client is None:
        return None
    course = await courses.current(session, client.id)
    return course if course is not None and course.id == course_id else None
