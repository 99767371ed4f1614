"""The steps of one check-in: which instrument items are asked, in order."""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from domain.instruments import Instrument, Item

WEEKLY = "weekly"
PHQ4 = "phq4"
GOALS = "goals"
AGENDA = "agenda"
TASKS = "tasks"
RATING = "rating"


@dataclass(frozen=True)
class PlannedItem:
    instrument_id: str
    instrument_version: int
    item_key: str
    goal_id: int | None = None  # a step about one of the client's own goals: which
    task_id: int | None = None  # a step about a task agreed between sessions: which


def build_plan(
    instruments: dict[str, Instrument],
    *,
    phq4: bool,
    goals: Sequence[int] = (),
    tasks: Sequence[int] = (),
    agenda: bool = False,
    sessions: bool = True,
) -> list[PlannedItem]:
    """The weekly items, with PHQ-4, the client's own goals and then their open tasks (by
    id; each task's items in turn: how it went, what got in the way) before the closing
    note, when the client has them; and last before the note, in a check-in before a
    session (`agenda`), what the client would like to talk about there. Without `sessions`
    (their therapy has ended) nothing is asked about a session."""
    weekly = instruments[WEEKLY]
    steps = [
        PlannedItem(WEEKLY, weekly.version, item.key)
        for item in weekly.items
        if sessions or (item.kind != "session" and not item.after_session)
    ]
    if phq4 and PHQ4 in instruments:
        extra = instruments[PHQ4]
        at = _before_note(weekly, steps)
        steps[at:at] = [PlannedItem(PHQ4, extra.version, item.key) for item in extra.items]
    if goals and GOALS in instruments:
        asked = instruments[GOALS]
        at = _before_note(weekly, steps)
        key = asked.items[0].key
        steps[at:at] = [PlannedItem(GOALS, asked.version, key, goal_id) for goal_id in goals]
    if tasks and TASKS in instruments:
        about = instruments[TASKS]
        at = _before_note(weekly, steps)
        steps[at:at] = [
            PlannedItem(TASKS, about.version, item.key, task_id=task_id)
            for task_id in tasks
            for item in about.items
        ]
    if agenda and AGENDA in instruments:
        topics = instruments[AGENDA]
        at = _before_note(weekly, steps)
        steps[at:at] = [PlannedItem(AGENDA, topics.version, item.key) for item in topics.items]
    return steps


def rating_plan(instruments: dict[str, Instrument]) -> list[PlannedItem]:
    """The rating after a session: the check-in's statements about how therapy feels (the
    same instrument and keys, so the answers compare), then a line for the therapist."""
    weekly, closing = instruments[WEEKLY], instruments[RATING]
    statements = [
        PlannedItem(WEEKLY, weekly.version, i.key) for i in weekly.items if i.after_session
    ]
    return statements + [PlannedItem(RATING, closing.version, item.key) for item in closing.items]


def without_instrument(
    plan: list[PlannedItem], instrument_id: str, position: int
) -> list[PlannedItem]:
    """`plan` without the steps of `instrument_id` when the client at `position` has not
    reached any of them; as it is otherwise (a questionnaire begun is not cut short, and
    the steps before `position` keep their places)."""
    at = [i for i, step in enumerate(plan) if step.instrument_id == instrument_id]
    if not at or at[0] <= position:
        return plan
    return [step for step in plan if step.instrument_id != instrument_id]


def _before_note(weekly: Instrument, steps: list[PlannedItem]) -> int:
    """Where the weekly note is (or the end, if there is none)."""
    at = next(
        (
            i
            for i, s in enumerate(steps)
            if s.instrument_id == WEEKLY and weekly.item(s.item_key).kind == "text"
        ),
        None,
    )
    return len(steps) if at is None else at


def encode_plan(plan: list[PlannedItem]) -> str:
    return json.dumps([_encoded(p) for p in plan])


def _encoded(step: PlannedItem) -> list[object]:
    """[instrument, version, item], then its goal if any, or null (no goal) and its task."""
    encoded: list[object] = [step.instrument_id, step.instrument_version, step.item_key]
    if step.task_id is not None:
        return [*encoded, step.goal_id, step.task_id]
    return encoded if step.goal_id is None else [*encoded, step.goal_id]


def decode_plan(text: str) -> list[PlannedItem]:
    return [
        PlannedItem(
            str(i),
            int(v),
            str(k),
            int(own[0]) if own and own[0] is not None else None,
            int(own[1]) if len(own) > 1 else None,
        )
        for i, v, k, *own in json.loads(text)
    ]


def resolve(instruments: dict[str, Instrument], step: PlannedItem) -> tuple[Instrument, Item]:
    instrument = instruments[step.instrument_id]
    return instrument, instrument.item(step.item_key)


def next_position(
    instruments: dict[str, Instrument],
    plan: list[PlannedItem],
    position: int,
    had_session: bool,
    goals: Collection[int] = (),
    tasks: Collection[int] = (),
) -> int:
    """The step after `position` that is asked (see `first_asked`)."""
    return first_asked(instruments, plan, position + 1, had_session, goals, tasks)


def first_asked(
    instruments: dict[str, Instrument],
    plan: list[PlannedItem],
    position: int,
    had_session: bool,
    goals: Collection[int] = (),
    tasks: Collection[int] = (),
) -> int:
    """The first step from `position` on that is asked: questions about a session are passed
    over when there was none since the last check-in, and so are goals not in `goals` (the
    client's goals still asked: one archived or erased since the check-in began is not)
    and tasks not in `tasks` (those still open)."""
    while position < len(plan) and not _asked(
        instruments, plan[position], had_session, goals, tasks
    ):
        position += 1
    return position


def _asked(
    instruments: dict[str, Instrument],
    step: PlannedItem,
    had_session: bool,
    goals: Collection[int],
    tasks: Collection[int],
) -> bool:
    if step.goal_id is not None:
        return step.goal_id in goals
    if step.task_id is not None:
        return step.task_id in tasks
    _, item = resolve(instruments, step)
    return had_session or not item.after_session
