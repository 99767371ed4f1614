"""The client's controls' buttons: a length of break, a part of /settings, Keep or Erase
after /stop or /delete, and the steps of an end of therapy."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from bot.buttons import EPOCH, ROW_ID, Button, one_of, reverse
from services.controls import ErasePurpose, PauseLength


class Setting(StrEnum):
    """A button on /settings or /schedule."""

    DAY = "day"
    TIME = "time"
    ZONE = "zone"
    RHYTHM = "rhythm"
    LEAD = "lead"
    PHQ4_ON = "phq4on"
    PHQ4_OFF = "phq4off"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    LANGUAGE = "lang"
    OFFERS_ON = "offerson"
    OFFERS_OFF = "offersoff"
    RATING_ON = "rateon"  # the rating right after each session
    RATING_OFF = "rateoff"
    ENDING = "ending"  # my therapy is ending (or, once it has: its summary again)


@dataclass(frozen=True)
class PauseChoice(Button):
    PATTERN = re.compile(rf"p:({one_of(PauseLength)})\Z")

    length: PauseLength

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(PauseLength(groups[0]))

    def encode(self) -> str:
        return f"p:{self.length.value}"


@dataclass(frozen=True)
class SettingChoice(Button):
    PATTERN = re.compile(rf"g:({one_of(Setting)})\Z")

    action: Setting

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Setting(groups[0]))

    def encode(self) -> str:
        return f"g:{self.action.value}"


ERASE_CODES = {ErasePurpose.AFTER_STOP: "s", ErasePurpose.DELETE: "d"}


@dataclass(frozen=True)
class DataChoice(Button):
    """Keep or Erase, with why and when (epoch seconds) the question was asked, so it expires.

    Data of the older format (`x:keep`, `x:erase`) no longer matches: it is meant to stop
    working, and gets the stale notice."""

    PATTERN = re.compile(rf"x:(keep|erase):({one_of(ERASE_CODES.values())}):({EPOCH})\Z")

    erase: bool
    purpose: ErasePurpose
    offered_at: int

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        erase, purpose, offered_at = groups
        return cls(erase == "erase", reverse(ERASE_CODES)[purpose], int(offered_at))

    def encode(self) -> str:
        choice = "erase" if self.erase else "keep"
        return f"x:{choice}:{ERASE_CODES[self.purpose]}:{self.offered_at}"


class EndingStep(StrEnum):
    """A step of an end of therapy."""

    SUMMARY = "sum"  # yes, it is ending, and a summary of the whole therapy, please
    NO_SUMMARY = "nosum"  # it is ending; no summary
    CANCEL = "cancel"  # it is not ending after all
    SKIP_NOTE = "skip"  # no note to keep
    KEEP = "keep"  # keep checking in on my own
    PAUSE = "pause"
    ERASE = "erase"  # stop and erase everything (asks to confirm)


@dataclass(frozen=True)
class EndingChoice(Button):
    """A step of an end of therapy, for one course (and, to confirm it, when it was asked,
    so the question expires)."""

    PATTERN = re.compile(rf"e:({one_of(EndingStep)}):({ROW_ID})(?::({EPOCH}))?\Z")

    step: EndingStep
    course_id: int
    offered_at: int | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        step, course_id, offered_at = groups
        return cls(EndingStep(step), int(course_id), int(offered_at) if offered_at else None)

    def encode(self) -> str:
        at = "" if self.offered_at is None else f":{self.offered_at}"
        return f"e:{self.step.value}:{self.course_id}{at}"
