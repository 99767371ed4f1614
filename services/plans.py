"""A check-in's plan, as delivery and answering both read it: the row that carries a new
plan, the step a check-in is on, and the words of the goals it asks about."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.instruments import Instrument, Item
from domain.plan import build_plan, decode_plan, encode_plan, first_asked, resolve
from domain.states import CheckinStatus
from services.runtime import Runtime
from storage import goals
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

    def in_language(self, language: str) -> "Step":
        """The same step, its question in `language` (or in English where it must be)."""
        instrument = self.instrument.in_language(language)
        return replace(self, instrument=instrument, item=instrument.item(self.item.key))


GoalWords = Mapping[int, str]
"""The words of the client's goals still asked about, by goal id (see `goal_words`)."""


def current_step(
    runtime: Runtime, checkin: CheckIn | PressedCheckin, words: GoalWords | None = None
) -> Step | None:
    """The step the check-in is on, whatever its status; None past the last one. A goal
    archived or erased since the check-in began is passed over."""
    plan = decode_plan(checkin.plan)
    words = words or {}
    position = first_asked(
        runtime.instruments, plan, checkin.position, checkin.had_session is not False, words
    )
    if position >= len(plan):
        return None
    instrument, item = resolve(runtime.instruments, plan[position])
    expected = checkin.session_expected is not False
    goal_id = plan[position].goal_id
    return Step(
        checkin.id,
        position,
        len(plan),
        instrument,
        item,
        checkin.crisis_shown,
        expected,
        goal_id,
        words.get(goal_id) if goal_id is not None else None,
    )


async def goal_words(
    runtime: Runtime, session: AsyncSession, planned: Sequence[CheckIn | PressedCheckin]
) -> dict[int, str]:
    """The words of the goals these check-ins ask about that are still asked (not archived
    or erased since); no query when none asks about a goal."""
    ids = [
        step.goal_id
        for checkin in planned
        for step in decode_plan(checkin.plan)
        if step.goal_id is not None
    ]
    if not ids:
        return {}
    sealed = await goals.active_words(session, ids)
    return {goal_id: runtime.cipher.open(words) for goal_id, words in sealed.items()}


def new_plans(runtime: Runtime) -> dict[bool, str]:
    """The encoded plan without and with PHQ-4, built once for a whole batch of check-ins."""
    return {phq4: encode_plan(build_plan(runtime.instruments, phq4=phq4)) for phq4 in (False, True)}


def new_checkin(
    runtime: Runtime,
    client: Client,
    due_at: datetime,
    plans: dict[bool, str] | None = None,
    *,
    session_at: datetime | None = None,
    session_expected: bool | None = None,
    goal_ids: Sequence[int] = (),
) -> CheckIn:
    """A check-in row waiting to be delivered, planned from the client's current choices
    (`goal_ids`: their active goals)."""
    plans = plans or new_plans(runtime)
    plan = plans[client.phq4_enabled]
    if goal_ids:
        built = build_plan(runtime.instruments, phq4=client.phq4_enabled, goals=goal_ids)
        plan = encode_plan(built)
    return CheckIn(
        client_id=client.id,
        due_at=due_at,
        deliver_at=due_at,
        session_at=session_at,
        session_expected=session_expected,
        status=CheckinStatus.DUE,
        plan=plan,
        position=0,
        crisis_shown=False,
        attempts=0,
    )
