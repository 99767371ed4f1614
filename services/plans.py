"""A check-in's plan, as delivery and answering both read it: the row that carries a new
plan, the step a check-in is on, and the words of the goals and tasks it asks about."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.instruments import Instrument, Item
from domain.language import ENGLISH
from domain.plan import (
    PHQ4,
    build_plan,
    decode_plan,
    encode_plan,
    first_asked,
    rating_plan,
    resolve,
    without_instrument,
)
from domain.rating import about_yesterday, rating_at
from domain.states import CheckinKind, CheckinStatus
from services.runtime import Runtime
from storage import checkins, goals, tasks
from storage.models import CheckIn, Client
from storage.taps import PressedCheckin


@dataclass(frozen=True)
class Step:
    """The question the client is on."""

    checkin_id: int
    position: int
    total: int
    instrument: Instrument
    item: Item
    show_crisis: bool
    session_expected: bool = True  # for the session question: which answer comes first
    goal_id: int | None = None  # a question about one of the client's own goals: which
    goal_words: str | None = None  # and that goal in their words
    task_id: int | None = None  # a question about a task agreed between sessions: which
    task_words: str | None = None  # and that task in their words
    before_session: bool = False  # the check-in comes before a session of the client's
    rating: bool = False  # the rating right after a session, not a check-in
    about_yesterday: bool = False  # a rating sent the day after its session

    def in_language(self, language: str) -> "Step":
        """The same step, its question in `language` (or in English where it must be)."""
        instrument = self.instrument.in_language(language)
        return replace(self, instrument=instrument, item=instrument.item(self.item.key))


@dataclass(frozen=True)
class OwnWords:
    """The words of the client's goals and tasks still asked about, by id (see
    `own_words`)."""

    goals: Mapping[int, str] = field(default_factory=dict)
    tasks: Mapping[int, str] = field(default_factory=dict)

    def without_task(self, task_id: int) -> "OwnWords":
        """As they stand once that task is closed."""
        return replace(self, tasks={i: w for i, w in self.tasks.items() if i != task_id})


def current_step(
    runtime: Runtime,
    checkin: CheckIn | PressedCheckin,
    words: OwnWords | None = None,
    zone: str | None = None,
) -> Step | None:
    """The step the check-in is on, whatever its status; None past the last one. A goal
    archived or erased, or a task closed, since the check-in began is passed over. `zone`:
    the client's, when `checkin` is a row (a press's snapshot carries it)."""
    plan = decode_plan(checkin.plan)
    words = words or OwnWords()
    had_session = checkin.had_session is not False
    position = first_asked(
        runtime.instruments, plan, checkin.position, had_session, words.goals, words.tasks
    )
    if position >= len(plan):
        return None
    instrument, item = resolve(runtime.instruments, plan[position])
    expected = checkin.session_expected is not False
    goal_id, task_id = plan[position].goal_id, plan[position].task_id
    rating = checkin.kind == CheckinKind.RATING
    if isinstance(checkin, PressedCheckin):
        zone = checkin.timezone
    rated_at = checkin.session_at
    return Step(
        checkin.id,
        position,
        len(plan),
        instrument,
        item,
        checkin.crisis_shown,
        expected,
        goal_id,
        words.goals.get(goal_id) if goal_id is not None else None,
        task_id,
        words.tasks.get(task_id) if task_id is not None else None,
        checkin.session_at is not None and not rating,
        rating,
        rating and rated_at is not None and about_yesterday(rated_at, checkin.deliver_at, zone),
    )


async def own_words(
    runtime: Runtime, session: AsyncSession, planned: Sequence[CheckIn | PressedCheckin]
) -> OwnWords:
    """The words of the goals and tasks these check-ins ask about that are still asked (a
    goal not archived or erased since, a task still open); no query when none asks."""
    steps = [step for checkin in planned for step in decode_plan(checkin.plan)]
    goal_ids = [step.goal_id for step in steps if step.goal_id is not None]
    task_ids = [step.task_id for step in steps if step.task_id is not None]
    sealed_goals = await goals.active_words(session, goal_ids) if goal_ids else {}
    sealed_tasks = await tasks.open_words(session, task_ids) if task_ids else {}
    return OwnWords(
        {goal_id: runtime.cipher.open(words) for goal_id, words in sealed_goals.items()},
        {task_id: runtime.cipher.open(words) for task_id, words in sealed_tasks.items()},
    )


Plans = dict[tuple[bool, bool, bool], str]
"""Encoded plans by (PHQ-4 asked, agenda asked, the last session asked about), built once
for a whole batch of check-ins."""


def new_plans(runtime: Runtime) -> Plans:
    """The encoded plan without and with PHQ-4, the agenda, and the questions about the last
    session."""
    return {
        (phq4, agenda, sessions): encode_plan(
            build_plan(runtime.instruments, phq4=phq4, agenda=agenda, sessions=sessions)
        )
        for phq4 in (False, True)
        for agenda in (False, True)
        for sessions in (False, True)
    }


def new_checkin(
    runtime: Runtime,
    client: Client,
    due_at: datetime,
    plans: Plans | None = None,
    *,
    session_at: datetime | None = None,
    session_expected: bool | None = None,
    goal_ids: Sequence[int] = (),
    sessions: bool = True,
    task_ids: Sequence[int] = (),
    rated: bool = False,
) -> CheckIn:
    """A check-in row waiting to be delivered, planned from the client's current choices
    (`goal_ids`: their active goals; `task_ids`: their open tasks; `sessions` False: their
    therapy has ended, so nothing is asked about a session; `rated`: they rated their last
    session already, so it is not asked about again). One before a session asks what to
    talk about there."""
    plans = plans or new_plans(runtime)
    phq4, agenda = asks_phq4(runtime, client), session_at is not None
    sessions = sessions and not rated
    plan = plans[phq4, agenda, sessions]
    if goal_ids or task_ids:
        built = build_plan(
            runtime.instruments,
            phq4=phq4,
            goals=goal_ids,
            tasks=task_ids,
            agenda=agenda,
            sessions=sessions,
        )
        plan = encode_plan(built)
    return CheckIn(
        client_id=client.id,
        due_at=due_at,
        deliver_at=due_at,
        session_at=session_at,
        session_expected=session_expected,
        had_session=True if rated else None,
        status=CheckinStatus.DUE,
        plan=plan,
        position=0,
        crisis_shown=False,
        attempts=0,
    )


def rating_times(
    runtime: Runtime, session_at: datetime, zone: str | None
) -> tuple[datetime, datetime]:
    """When the rating of the session at `session_at` is due (the session's time is up) and
    when it is sent: then, or after the quiet hours."""
    minutes = runtime.settings.session_minutes, runtime.settings.rating_delay_minutes
    return session_at + timedelta(minutes=sum(minutes)), rating_at(session_at, zone, *minutes)


def new_rating(runtime: Runtime, client: Client, session_at: datetime) -> CheckIn:
    """The rating of the session at `session_at`, waiting to be sent after it."""
    due_at, deliver_at = rating_times(runtime, session_at, client.timezone)
    return CheckIn(
        client_id=client.id,
        kind=CheckinKind.RATING,
        due_at=due_at,
        deliver_at=deliver_at,
        session_at=session_at,
        had_session=True,
        status=CheckinStatus.DUE,
        plan=encode_plan(rating_plan(runtime.instruments)),
        position=0,
        crisis_shown=False,
        attempts=0,
    )


def phq4_speaks(runtime: Runtime, language: str | None) -> bool:
    """Whether PHQ-4 has its published words in `language`: a screener answered in a
    second language is not a valid reading, so it is not asked in English instead."""
    phq4 = runtime.instruments.get(PHQ4)
    return phq4 is not None and phq4.available_in(language or ENGLISH)


def asks_phq4(runtime: Runtime, client: Client) -> bool:
    """PHQ-4 in the client's next check-ins: they chose it, and it speaks their language."""
    return client.phq4_enabled and phq4_speaks(runtime, client.language)


async def drop_unspoken_phq4(runtime: Runtime, session: AsyncSession, client: Client) -> None:
    """After a change of language: the client's open and waiting check-ins no longer ask
    PHQ-4 when it has no published words in the new one (unless it is already begun)."""
    if phq4_speaks(runtime, client.language):
        return
    for checkin in (
        await checkins.open_for(session, client.id),
        await checkins.waiting_for(session, client.id),
    ):
        if checkin is not None:
            plan = decode_plan(checkin.plan)
            kept = without_instrument(plan, PHQ4, checkin.position)
            if kept is not plan:
                checkin.plan = encode_plan(kept)
