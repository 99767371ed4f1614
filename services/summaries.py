"""Use cases of the summary: what can be summarised, compiling it, and logging what was sent."""

import asyncio
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.checkin_gaps import CheckinRow, Gap, PauseSpan, gaps_of
from domain.ending import WholeTherapy
from domain.goals import GoalRatings
from domain.instruments import Instrument
from domain.language import Language, words
from domain.plan import TASKS, WEEKLY, decode_plan
from domain.sessions import Rhythm
from domain.states import CheckinStatus
from domain.summary import (
    CheckinRecord,
    Period,
    Section,
    SummaryData,
    available_sections,
    checkin_record,
    period_bounds,
    render_summary,
)
from domain.tasks import OUTCOME_KEY, AgreedTask, outcomes_in_order
from services.runtime import Runtime
from storage import (
    answers,
    checkins,
    clients,
    courses,
    goals,
    pauses,
    ratings,
    session_checkins,
    summaries,
    tasks,
)
from storage.models import SummaryLog

SUMMARISED = (CheckinStatus.DONE, CheckinStatus.EXPIRED, CheckinStatus.OPEN)


@dataclass(frozen=True)
class Compiled:
    period: Period
    start: datetime
    end: datetime
    offered: list[Section]
    sections: frozenset[Section]
    text: str
    data: SummaryData
    language: Language

    @property
    def logged_sections(self) -> str:
        """The sections as the log of summaries keeps them."""
        return ",".join(sorted(s.value for s in self.sections))


async def periods_offered(runtime: Runtime, telegram_id: int) -> list[Period] | None:
    """The periods the client can choose; None when they have no answers yet in this course
    of therapy. "Since my last summary" is offered for a summary sent in this course."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None:
            return None
        since = await courses.started_at(session, client.id)
        if not await answers.any_given(session, client.id, since):
            return None
        last = await summaries.last_sent_at(session, client.id)
    periods = [Period.FOUR_WEEKS, Period.TWELVE_WEEKS]
    return [Period.SINCE_LAST, *periods] if last and (since is None or last >= since) else periods


async def compile_summary(
    runtime: Runtime,
    telegram_id: int,
    period: Period,
    sections: frozenset[Section] | None,
    as_of: datetime,
    language: Language,
) -> Compiled | None:
    """The summary of `period` up to `as_of` with `sections` (None: all that have data),
    written in `language`.

    Compiled from the presser's own data only, so no button can reach another client's;
    and from their current course of therapy only, so no summary mixes two.
    """
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or not client.timezone:
            return None
        zone = ZoneInfo(client.timezone)
        last = await summaries.last_sent_at(session, client.id)
        if period is Period.SINCE_LAST and last is None:
            return None
        start, end = period_bounds(period, as_of, zone, last)
        reading_from, shown_from = await _within_course(session, client.id, start, end)
        records, gaps, rated = await _course_part(
            runtime, session, client.id, (reading_from, end), zone, language
        )
        agreed = await _tasks(runtime, session, client.id, reading_from, end, zone)
        discuss, discuss_at = client.discuss_alliance, client.discuss_alliance_at
        next_session_at = client.next_session_at
    data = SummaryData(
        start=shown_from.astimezone(zone).date(),
        end=end.astimezone(zone).date(),
        records=records,
        discuss_alliance=discuss,
        discuss_added=discuss_at.astimezone(zone).date() if discuss_at else None,
        goals=rated,
        gaps=gaps,
        rhythm=Rhythm(client.rhythm) if client.rhythm else None,
        next_session=_next_session(next_session_at, as_of, zone),
        tasks=agreed,
    )
    offered = available_sections(data)
    chosen = frozenset(offered) if sections is None else sections & frozenset(offered)
    text = render_summary(words(language), data, set(chosen))
    return Compiled(period, start, end, offered, chosen, text, data, language)


async def _within_course(
    session: AsyncSession, client_id: int, start: datetime, end: datetime
) -> tuple[datetime, datetime]:
    """Where a period's summary reads from (never before the current course of therapy
    began), and the start it shows: the period's own, but for a later course that began
    inside it, that course's start (a first course has nothing before it to leave out)."""
    their = await courses.of_client(session, client_id)
    if not their or their[-1].started_at <= start:
        return start, start
    began = min(their[-1].started_at, end)
    return began, began if len(their) > 1 else start


async def _course_part(
    runtime: Runtime,
    session: AsyncSession,
    client_id: int,
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    language: Language,
) -> tuple[list[CheckinRecord], list[Gap], list[GoalRatings]]:
    """The check-ins answered in `span`, the gaps between them and the goals rated."""
    instruments = {key: each.in_language(language) for key, each in runtime.instruments.items()}
    records, answered = await _records(runtime, session, client_id, span, zone, instruments)
    gaps = await _gaps(session, client_id, span, zone, answered)
    rated = await _goals(runtime, session, client_id, *span, zone)
    return records, gaps, rated


async def whole_course(
    runtime: Runtime, telegram_id: int, course_id: int, language: Language
) -> WholeTherapy | None:
    """The summary of one of the client's courses of therapy, from its start to its end (or
    to now), with the note they kept; None when it is not a course of theirs."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or not client.timezone:
            return None
        course = await courses.one_of_client(session, client.id, course_id)
        if course is None:
            return None
        zone = ZoneInfo(client.timezone)
        span = (course.started_at, course.ended_at or runtime.clock.now())
        records, gaps, rated = await _course_part(runtime, session, client.id, span, zone, language)
        agreed = await _tasks(runtime, session, client.id, *span, zone)
        note = runtime.cipher.open(course.note) if course.note else None
    data = SummaryData(
        start=span[0].astimezone(zone).date(),
        end=span[1].astimezone(zone).date(),
        records=records,
        goals=rated,
        gaps=gaps,
        rhythm=Rhythm(client.rhythm) if client.rhythm else None,
    )
    return WholeTherapy(data, agreed, note)


WHOLE_COURSE = "course"  # the period a whole-therapy summary is logged under


async def log_whole_course(runtime: Runtime, telegram_id: int, course_id: int) -> bool:
    """Log a whole-therapy summary about to be sent (like every summary: when, which
    period, never its content); False when this very one was logged already."""
    try:
        async with runtime.db.begin() as session:
            client = await clients.by_telegram_id(session, telegram_id)
            course = await courses.one_of_client(session, client.id, course_id) if client else None
            if client is None or course is None:
                return False
            now = runtime.clock.now()
            row = SummaryLog(
                client_id=client.id,
                sent_at=now,
                period=WHOLE_COURSE,
                period_start=course.started_at,
                period_end=now,
                sections="whole",
            )
            await summaries.claim(session, row)
            return True
    except IntegrityError:  # the same moment, claimed by another tap or process
        return False


async def chart_for(compiled: Compiled) -> bytes | None:
    """The PNG for a compiled summary, drawn off the event loop; None with nothing to draw."""
    # Imported here, not at the top: matplotlib adds ~50 MB that an idle bot never needs.
    from domain.chart import ChartData, summary_chart

    chart = ChartData.of(words(compiled.language), compiled.data, compiled.sections)
    return None if chart is None else await asyncio.to_thread(summary_chart, chart)


async def pdf_for(compiled: Compiled) -> bytes:
    """The summary on A4 (a first page with the chart, week by week as a table), drawn
    off the event loop."""
    from domain.chart import ChartData
    from domain.pdf import summary_pdf

    w, data, sections = words(compiled.language), compiled.data, set(compiled.sections)
    chart = ChartData.of(w, data, sections)
    return await asyncio.to_thread(summary_pdf, w, data, sections, chart)


async def claim_sending(runtime: Runtime, telegram_id: int, compiled: Compiled) -> int | None:
    """Log the summary (never its content) before it is sent; the log row's id, or None when
    its preview (same period, same moment asked) was sent already, whatever the sections.

    Its `end` is the moment /summary was asked (the preview's `as_of`), so a second tap on
    Send, in this process or another, finds the first tap's row taken and sends nothing,
    even when the first send used up the line about how therapy feels.
    """
    try:
        async with runtime.db.begin() as session:
            client = await clients.by_telegram_id(session, telegram_id)
            if client is None:
                return None
            return await summaries.claim(
                session,
                SummaryLog(
                    client_id=client.id,
                    sent_at=runtime.clock.now(),
                    period=compiled.period.value,
                    period_start=compiled.start,
                    period_end=compiled.end,
                    sections=compiled.logged_sections,
                ),
            )
    except IntegrityError:  # another process claimed it first
        return None


async def finish_sending(runtime: Runtime, telegram_id: int, compiled: Compiled) -> None:
    """The summary went out: a shared line about how therapy feels is not offered again."""
    if Section.LINE not in compiled.sections:
        return
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is not None:
            client.discuss_alliance = False
            client.discuss_alliance_at = None


async def unclaim(runtime: Runtime, log_id: int) -> None:
    """Sending failed: the summary is not logged, so Send can be tapped again."""
    async with runtime.db.begin() as session:
        await summaries.forget(session, log_id)


async def _records(
    runtime: Runtime,
    session: AsyncSession,
    client_id: int,
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    instruments: dict[str, Instrument],
) -> tuple[list[CheckinRecord], set[int]]:
    """Check-ins with at least one answer whose slot falls in `span`, oldest first, read
    with `instruments` in the summary's language; and their ids."""
    rows = await answers.given_between(session, client_id, *span, SUMMARISED)
    given: dict[int, dict[str, dict[str, int | None]]] = defaultdict(lambda: defaultdict(dict))
    notes: dict[int, str] = {}
    slots: dict[int, datetime] = {}
    for checkin_id, due_at, instrument_id, item_key, value, note in rows:
        if note is not None and instrument_id == TASKS:
            continue  # what got in the way of a task: with the task, not the check-in's note
        if note is not None:
            notes[checkin_id] = runtime.cipher.open(note)
        else:
            given[checkin_id][instrument_id][item_key] = value  # None: skipped
        if value is not None or note is not None:
            slots[checkin_id] = due_at
    sessions = await session_checkins.sessions_before(session, client_id)
    plans = await checkins.plans_of(session, list(slots))
    rated = await ratings.among(session, list(slots))
    records = [
        replace(
            checkin_record(
                due_at.astimezone(zone).date(),
                given[cid],
                notes.get(cid),
                instruments,
                planned={s.item_key for s in decode_plan(plans[cid]) if s.instrument_id == WEEKLY},
            ),
            session=_session_before(sessions, due_at, zone),
            rating=cid in rated,
        )
        for cid, due_at in sorted(slots.items(), key=lambda slot: slot[1])
    ]
    return records, set(slots)


async def _gaps(
    session: AsyncSession,
    client_id: int,
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    answered: set[int],
) -> list[Gap]:
    """The check-ins of `span` that were due and have no answers, named for what happened."""
    rows = [
        CheckinRow(
            day=due_at.astimezone(zone).date(),
            status=CheckinStatus(status),
            answered=checkin_id in answered,
            session=session_at.astimezone(zone).date() if session_at else None,
        )
        for checkin_id, due_at, status, session_at in await checkins.slots_between(
            session, client_id, *span
        )
    ]
    cancelled = await clients.cancelled_sessions_between(session, client_id, *span)
    paused = [
        PauseSpan(started.astimezone(zone).date(), ended.astimezone(zone).date() if ended else None)
        for started, ended in await pauses.overlapping(session, client_id, *span)
    ]
    return gaps_of(
        rows,
        [at.astimezone(zone).date() for at in cancelled],
        span[1].astimezone(zone).date(),
        paused,
    )


async def _goals(
    runtime: Runtime,
    session: AsyncSession,
    client_id: int,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
) -> list[GoalRatings]:
    """The client's goals rated or skipped in [start, end], in the order they were set."""
    rows = await goals.ratings_between(session, client_id, start, end, SUMMARISED)
    ratings: dict[int, list[tuple[date, int | None]]] = defaultdict(list)
    for goal_id, due_at, value in rows:
        ratings[goal_id].append((due_at.astimezone(zone).date(), value))
    return [
        GoalRatings(
            runtime.cipher.open(goal.words or b""), ratings[goal.id], goal.archived_at is not None
        )
        for goal in await goals.of_client(session, client_id)
        if goal.id in ratings
    ]


async def _tasks(
    runtime: Runtime,
    session: AsyncSession,
    client_id: int,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
) -> list[AgreedTask]:
    """The tasks agreed or answered about in [start, end], in the order they were agreed,
    each with its answers up to `end`, oldest first."""
    outcomes: dict[int, list[int | None]] = defaultdict(list)
    answered: set[int] = set()
    for task_id, due_at, item_key, value, _ in await tasks.answers_of(
        session, client_id, SUMMARISED
    ):
        if item_key == OUTCOME_KEY and due_at <= end:
            outcomes[task_id].append(value)
            if due_at >= start and value is not None:
                answered.add(task_id)
    return [
        AgreedTask(
            runtime.cipher.open(task.words or b""),
            task.created_at.astimezone(zone).date(),
            outcomes_in_order(outcomes[task.id]),
        )
        for task in await tasks.of_client(session, client_id)
        if task.id in answered or start <= task.created_at <= end
    ]


def _next_session(at: datetime | None, as_of: datetime, zone: ZoneInfo) -> date | None:
    return at.astimezone(zone).date() if at and at > as_of else None


def _session_before(sessions: list[datetime], due_at: datetime, zone: ZoneInfo) -> date | None:
    """The day of the last session before a check-in: what its answers about therapy are
    about (known only for clients with sessions)."""
    before = [at for at in sessions if at <= due_at]
    return before[-1].astimezone(zone).date() if before else None


async def add_alliance_line(runtime: Runtime, telegram_id: int) -> bool:
    """The client chose to have the alliance line in their next summary."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None:
            return False
        if not client.discuss_alliance:
            client.discuss_alliance = True
            client.discuss_alliance_at = runtime.clock.now()
        return True
