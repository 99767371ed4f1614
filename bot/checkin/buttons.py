"""A check-in's buttons: an answer, a move (later, skip the week, back), and the nudge's
yes or no."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from bot.buttons import ROW_ID, Button, one_of
from services.checkins import Later


class CheckinMove(StrEnum):
    """A button on a check-in that is neither an answer nor a delay."""

    LATER = "later"  # open the menu of delays
    SKIP_WEEK = "skip"
    BACK = "back"  # from that menu back to the question


@dataclass(frozen=True)
class AnswerPress(Button):
    PATTERN = re.compile(rf"a:({ROW_ID}):(\d{{1,3}}):(\d{{1,2}}|s)\Z")

    checkin_id: int
    position: int
    value: int | None  # None: the question was skipped

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        checkin_id, position, value = groups
        return cls(int(checkin_id), int(position), None if value == "s" else int(value))

    def encode(self) -> str:
        return f"a:{self.checkin_id}:{self.position}:{'s' if self.value is None else self.value}"


@dataclass(frozen=True)
class CheckinAction(Button):
    """Later (open the menu), snooze by a delay, skip the week, or back to the question."""

    PATTERN = re.compile(rf"k:({ROW_ID}):({one_of([*CheckinMove, *Later])})\Z")

    checkin_id: int
    action: CheckinMove | Later

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        checkin_id, code = groups
        action = Later(code) if code in set(Later) else CheckinMove(code)
        return cls(int(checkin_id), action)

    def encode(self) -> str:
        return f"k:{self.checkin_id}:{self.action.value}"


@dataclass(frozen=True)
class NudgeChoice(Button):
    PATTERN = re.compile(r"n:(add|no)\Z")

    add: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "add")

    def encode(self) -> str:
        return f"n:{'add' if self.add else 'no'}"
