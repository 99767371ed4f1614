"""The tasks' buttons: Yes and No to the offer, add, cancel, and per task "no longer
relevant"."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from bot.buttons import ROW_ID, Button, one_of


class TaskMove(StrEnum):
    YES = "yes"  # the offer: yes, we agreed on something
    NOT_NOW = "no"  # the offer: no, not this time
    ADD = "add"  # /tasks: add a task
    CANCEL = "x"  # while Between waits for a task's words
    SET_ASIDE = "drop"  # one task: no longer relevant


_ALONE = (TaskMove.YES, TaskMove.NOT_NOW, TaskMove.ADD, TaskMove.CANCEL)


@dataclass(frozen=True)
class TaskChoice(Button):
    PATTERN = re.compile(rf"tk:(?:({one_of(_ALONE)})|drop:({ROW_ID}))\Z")

    move: TaskMove
    task_id: int | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        alone, task_id = groups
        if alone:
            return cls(TaskMove(alone))
        return cls(TaskMove.SET_ASIDE, int(task_id))

    def encode(self) -> str:
        tail = "" if self.task_id is None else f":{self.task_id}"
        return f"tk:{self.move.value}{tail}"
