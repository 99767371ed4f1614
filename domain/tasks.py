"""Agreed between-session tasks, as the rest of Between reads them: the client's own words,
the day they were agreed, and what each check-in since heard about them."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class TaskOutcome(StrEnum):
    TRIED = "tried"
    PARTLY = "partly"
    NOT_THIS_TIME = "not"
    NO_LONGER_RELEVANT = "dropped"


@dataclass(frozen=True)
class AgreedTask:
    words: str  # the client's own words, opened
    agreed_on: date  # local date it was agreed
    outcomes: tuple[TaskOutcome, ...]  # each check-in's answer about it, oldest first
