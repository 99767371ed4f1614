"""The steps of one check-in: which instrument items are asked, in order."""

import json
from dataclasses import dataclass

from domain.instruments import Instrument, Item

WEEKLY = "weekly"
PHQ4 = "phq4"


@dataclass(frozen=True)
class PlannedItem:
    instrument_id: str
    instrument_version: int
    item_key: str


def build_plan(instruments: dict[str, Instrument], *, phq4: bool) -> list[PlannedItem]:
    """The weekly items, with PHQ-4 before the closing note when the client chose it."""
    weekly = instruments[WEEKLY]
    steps = [PlannedItem(WEEKLY, weekly.version, item.key) for item in weekly.items]
    if phq4 and PHQ4 in instruments:
        extra = instruments[PHQ4]
        at = next((i for i, s in enumerate(steps) if weekly.item(s.item_key).kind == "text"), None)
        at = len(steps) if at is None else at
        steps[at:at] = [PlannedItem(PHQ4, extra.version, item.key) for item in extra.items]
    return steps


def encode_plan(plan: list[PlannedItem]) -> str:
    return json.dumps([[p.instrument_id, p.instrument_version, p.item_key] for p in plan])


def decode_plan(text: str) -> list[PlannedItem]:
    return [PlannedItem(str(i), int(v), str(k)) for i, v, k in json.loads(text)]


def resolve(instruments: dict[str, Instrument], step: PlannedItem) -> tuple[Instrument, Item]:
    instrument = instruments[step.instrument_id]
    return instrument, instrument.item(step.item_key)


def next_position(
    instruments: dict[str, Instrument], plan: list[PlannedItem], position: int, had_session: bool
) -> int:
    """The step after `position`: questions about a session are passed over when there was
    none since the last check-in."""
    following = position + 1
    while following < len(plan) and not had_session:
        _, item = resolve(instruments, plan[following])
        if not item.after_session:
            break
        following += 1
    return following
