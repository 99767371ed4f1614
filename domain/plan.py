"""The steps of one check-in: which instrument items are asked, in order."""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from domain.instruments import Instrument, Item

WEEKLY = "weekly"
PHQ4 = "phq4"
GOALS = "goals"
AGENDA = "agenda"


@dataclass(frozen=True)
class PlannedItem:
    instrument_id: str
    instrument_version: int
    item_key: str
    goal_id: int | None = None  # a step about one of the client's own goals: which


def build_plan(
    instruments: dict[str, Instrument],
    *,
    phq4: bool,
    goals: Sequence[int] = (),
    agenda: bool = False,
    sessions: bool = True,
) -> list[PlannedItem]:
    """The weekly items, with PHQ-4 and then the client's own goals (by id) before the
    closing note, when the client chose them; and last before the note, in a check-in
    before a session (`agenda`), what the client would like to talk about there. Without
    `sessions` (their therapy has ended) nothing is asked about a session."""
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
    if agenda and AGENDA in instruments:
        topics = instruments[AGENDA]
        at = _before_note(weekly, steps)
        steps[at:at] = [PlannedItem(AGENDA, topics.version, item.key) for item in topics.items]
    return steps


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
    return json.dumps(
        [
            [p.instrument_id, p.instrument_version, p.item_key]
            + ([] if p.goal_id is None else [p.goal_id])
            for p in plan
        ]
    )


def decode_plan(text: str) -> list[PlannedItem]:
    return [
        PlannedItem(str(i), int(v), str(k), int(goal[0]) if goal else None)
        for i, v, k, *goal in json.loads(text)
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
) -> int:
    """The step after `position` that is asked (see `first_asked`)."""
    return first_asked(instruments, plan, position + 1, had_session, goals)


def first_asked(
    instruments: dict[str, Instrument],
    plan: list[PlannedItem],
    position: int,
    had_session: bool,
    goals: Collection[int] = (),
) -> int:
    """The first step from `position` on that is asked: questions about a session are passed
    over when there was none since the last check-in, and so are goals not in `goals` (the
    client's goals still asked: one archived or erased since the check-in began is not)."""
    while position < len(plan) and not _asked(instruments, plan[position], had_session, goals):
        position += 1
    return position


def _asked(
    instruments: dict[str, Instrument], step: PlannedItem, had_session: bool, goals: Collection[int]
) -> bool:
    if step.goal_id is not None:
        return step.goal_id in goals
    _, item = resolve(instruments, step)
    return had_session or not item.after_session
