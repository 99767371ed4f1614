"""The summary's buttons: each step of building one (the whole draft travels in the
button, not in memory), and the offer of one before a session."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from bot.buttons import EPOCH, Button, one_of
from domain.language import Language
from domain.summary import Period, Section


class SummaryStep(StrEnum):
    """What a summary button does with the draft it carries."""

    PREVIEW = "p"
    SEND = "s"
    CANCEL = "x"
    CHANGE_PERIOD = "c"
    NEXT_LANGUAGE = "l"  # write the summary in the next language


SECTION_BITS = {
    Section.MOOD: 1,
    Section.ALLIANCE: 2,
    Section.NOTES: 4,
    Section.PHQ4: 8,
    Section.GOALS: 64,
    Section.TASKS: 128,
}
# The alliance line's bit is set when it is left out, so buttons from before it had a bit
# keep it in; another asks for the PDF as well.
LINE_LEFT_OUT = 16
PDF = 32


@dataclass(frozen=True)
class SummaryPress(Button):
    PATTERN = re.compile(
        rf"y:({one_of(Period)}):(a|25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d):({EPOCH})"
        rf":({one_of(SummaryStep)})(?::({one_of(Language)}))?\Z"
    )

    period: Period
    # A bit mask of the chosen sections and of "also as PDF" (0–255), None for all
    # sections that have data.
    sections: int | None
    as_of: int
    action: SummaryStep
    language: Language | None = None  # the summary's language; None: the client's

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        period, sections, as_of, action, language = groups
        return cls(
            Period(period),
            None if sections == "a" else int(sections),
            int(as_of),
            SummaryStep(action),
            Language(language) if language else None,
        )

    def encode(self) -> str:
        mask = "a" if self.sections is None else self.sections
        tail = f":{self.language.value}" if self.language else ""
        return f"y:{self.period.value}:{mask}:{self.as_of}:{self.action.value}{tail}"

    @property
    def chosen(self) -> frozenset[Section] | None:
        """The sections this draft has in it; None for all that have data."""
        if self.sections is None:
            return None
        chosen = {section for section, bit in SECTION_BITS.items() if self.sections & bit}
        return frozenset(chosen if self.sections & LINE_LEFT_OUT else chosen | {Section.LINE})

    @property
    def pdf(self) -> bool:
        return self.sections is not None and bool(self.sections & PDF)


def mask_of(sections: frozenset[Section], pdf: bool) -> int:
    """The bit mask a draft with `sections` (and the PDF, if asked) carries."""
    mask = sum(SECTION_BITS[section] for section in sections if section in SECTION_BITS)
    return mask | (0 if Section.LINE in sections else LINE_LEFT_OUT) | (PDF if pdf else 0)


@dataclass(frozen=True)
class SummaryOfferChoice(Button):
    PATTERN = re.compile(r"so:(y|n)\Z")

    accept: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y")

    def encode(self) -> str:
        return f"so:{'y' if self.accept else 'n'}"
