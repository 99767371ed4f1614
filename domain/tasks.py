"""Tasks agreed between sessions: up to three open at a time, in the client's own words,
asked about at each pre-session check-in (tried it / partly / not this time / no longer
relevant) until tried or no longer relevant."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.goals import WORDS_LIMIT, WordsProblem, cleaned_words
from domain.language import N_, Words

MAX_OPEN = 3
# A task is typed like a goal: on one line, within the same limit.
TASK_WORDS_LIMIT = WORDS_LIMIT

__all__ = [
    "MAX_OPEN",
    "TASK_WORDS_LIMIT",
    "AgreedTask",
    "TaskOutcome",
    "WordsProblem",
    "asks_obstacle",
    "cleaned_words",
    "closes",
    "outcome_of",
    "summary_line",
]


class TaskOutcome(StrEnum):
    TRIED = "tried"
    PARTLY = "partly"
    NOT_THIS_TIME = "not"
    NO_LONGER_RELEVANT = "dropped"


# The items of the check-in's questions about a task (domain/instruments/tasks.toml).
OUTCOME_KEY = "outcome"  # how it went
OBSTACLE_KEY = "obstacle"  # what got in the way (optional, typed)

# The check-in's answer about a task is stored as a value, in the order the buttons come.
OUTCOME_VALUES: dict[int, TaskOutcome] = dict(enumerate(TaskOutcome))


@dataclass(frozen=True)
class AgreedTask:
    words: str  # the client's own words, opened
    agreed_on: date  # local date it was agreed
    outcomes: tuple[TaskOutcome, ...]  # each check-in's answer about it, oldest first


def outcome_of(value: int | None) -> TaskOutcome | None:
    """The outcome a stored answer stands for; None for a skip (or a value never offered)."""
    return None if value is None else OUTCOME_VALUES.get(value)


def closes(outcome: TaskOutcome | None) -> bool:
    """Tried it, or no longer relevant: the task is done with and not asked about again."""
    return outcome in (TaskOutcome.TRIED, TaskOutcome.NO_LONGER_RELEVANT)


def asks_obstacle(outcome: TaskOutcome | None) -> bool:
    """Partly, or not this time: "What got in the way?" follows (optional)."""
    return outcome in (TaskOutcome.PARTLY, TaskOutcome.NOT_THIS_TIME)


def outcomes_in_order(answers: Sequence[int | None]) -> tuple[TaskOutcome, ...]:
    """The outcomes of a task's stored answers, oldest first, skips left out."""
    return tuple(o for value in answers if (o := outcome_of(value)) is not None)


# How the summary names each outcome, in the client's voice.
OUTCOME_WORDS = {
    TaskOutcome.TRIED: N_("tried"),
    TaskOutcome.PARTLY: N_("partly"),
    TaskOutcome.NOT_THIS_TIME: N_("not this time"),
    TaskOutcome.NO_LONGER_RELEVANT: N_("no longer relevant"),
}
NOT_ASKED_YET = N_("not asked yet")


def summary_line(w: Words, task: AgreedTask, words: str) -> str:
    """ "Agreed on 3 Nov: “…” — tried, partly": the task (`words`, its words as the summary
    shows them) and each check-in's answer about it, oldest first."""
    outcomes = ", ".join(w._(OUTCOME_WORDS[o]) for o in task.outcomes) or w._(NOT_ASKED_YET)
    return w._(
        "Agreed on {day}: “{task}” — {outcomes}",
        day=w.short_day_month(task.agreed_on),
        task=words,
        outcomes=outcomes,
    )
