"""The /session menu's buttons."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Self

from bot.buttons import EPOCH, Button, one_of


class SessionMove(StrEnum):
    """A button on the /session menu."""

    MOVED = "move"  # the next session is at another time (or, irregular: here is the next)
    CANCELLED = "cancel"


@dataclass(frozen=True)
class SessionAction(Button):
    PATTERN = re.compile(rf"ss:({one_of(SessionMove)})(?::({EPOCH}))?\Z")

    move: SessionMove
    # Cancelled: the session the button was shown for (epoch seconds), so a second tap
    # cannot cancel the one after it. None on buttons sent before it was carried.
    session_at: int | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        move, session_at = groups
        return cls(SessionMove(move), int(session_at) if session_at else None)

    @classmethod
    def cancel(cls, session_at: datetime) -> Self:
        return cls(SessionMove.CANCELLED, int(session_at.timestamp()))

    def encode(self) -> str:
        tail = "" if self.session_at is None else f":{self.session_at}"
        return f"ss:{self.move.value}{tail}"
