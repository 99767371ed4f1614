"""The client's own goals: up to three at a time, in their own words, each rated 0–10 at
every check-in ("How close do you feel to this goal?")."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from string import ascii_uppercase

MAX_ACTIVE = 3
WORDS_LIMIT = 200


class WordsProblem(StrEnum):
    """Why typed words were not kept as a goal."""

    EMPTY = "empty"
    TOO_LONG = "too_long"


def cleaned_words(text: str) -> str | WordsProblem:
    """A goal as the client typed it, on one line: spaces and line breaks become one space."""
    words = " ".join(text.split())
    if not words:
        return WordsProblem.EMPTY
    if len(words) > WORDS_LIMIT:
        return WordsProblem.TOO_LONG
    return words


@dataclass(frozen=True)
class GoalRatings:
    """One goal as the summary reads it: its words and each rating in the period, oldest
    first (None: skipped)."""

    words: str
    ratings: list[tuple[date, int | None]]
    archived: bool = False

    def value_on(self, day: date) -> int | None:
        return next((value for on, value in self.ratings if on == day), None)


def first_and_latest(ratings: Sequence[int | None]) -> tuple[int, int] | None:
    """The first and the latest rating given (skips passed over); None when none was."""
    given = [value for value in ratings if value is not None]
    return (given[0], given[-1]) if given else None


def mark(index: int) -> str:
    """The letter a goal goes by in the summary and at its line's end in the chart: a
    letter, so it is never read as a rating."""
    return ascii_uppercase[index % len(ascii_uppercase)]
