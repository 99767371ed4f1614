"""The goals' buttons: add, not now, cancel, and per goal rename, archive and erase; the
erase confirmation carries when it was asked, so it expires like Keep/Erase."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Self

from bot.buttons import EPOCH, ROW_ID, Button, one_of


class GoalMove(StrEnum):
    ADD = "add"
    NOT_NOW = "no"  # the offer at set-up
    CANCEL = "x"  # while Between waits for a goal's words
    KEEP = "keep"  # not erased after all
    RENAME = "ren"
    ARCHIVE = "arc"
    ERASE = "era"  # asks to confirm
    ERASE_CONFIRMED = "del"


_ALONE = (GoalMove.ADD, GoalMove.NOT_NOW, GoalMove.CANCEL, GoalMove.KEEP)
_OF_ONE = (GoalMove.RENAME, GoalMove.ARCHIVE, GoalMove.ERASE)


@dataclass(frozen=True)
class GoalChoice(Button):
    PATTERN = re.compile(
        rf"gl:(?:({one_of(_ALONE)})|({one_of(_OF_ONE)}):({ROW_ID})"
        rf"|del:({ROW_ID}):({EPOCH}))\Z"
    )

    move: GoalMove
    goal_id: int | None = None
    offered_at: int | None = None  # epoch seconds, for ERASE_CONFIRMED

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        alone, of_one, goal_id, erased_id, offered_at = groups
        if alone:
            return cls(GoalMove(alone))
        if of_one:
            return cls(GoalMove(of_one), int(goal_id))
        return cls(GoalMove.ERASE_CONFIRMED, int(erased_id), int(offered_at))

    @classmethod
    def erase_confirmed(cls, goal_id: int, now: datetime) -> Self:
        return cls(GoalMove.ERASE_CONFIRMED, goal_id, int(now.timestamp()))

    def encode(self) -> str:
        parts = [
            self.move.value,
            *(str(n) for n in (self.goal_id, self.offered_at) if n is not None),
        ]
        return "gl:" + ":".join(parts)
