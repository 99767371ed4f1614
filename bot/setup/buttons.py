"""The set-up's buttons: consent, a time zone, a weekday, a time, how sessions come, the
check-in's lead, a session's day, and the two answers to a therapist's invite."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Self

from bot.buttons import Button, one_of
from domain.sessions import Lead, Rhythm

INVITE_CODE = r"[A-Za-z0-9_-]{32}"


def _yes_no(yes: bool) -> str:
    return "y" if yes else "n"


@dataclass(frozen=True)
class Consent(Button):
    """Agree or decline; after a therapist's link, its invite code travels along."""

    PATTERN = re.compile(rf"c:(y|n):(\d{{1,4}})(?::({INVITE_CODE}))?\Z")

    agree: bool
    version: int
    code: str | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        agree, version, code = groups
        return cls(agree == "y", int(version), code or None)

    def encode(self) -> str:
        invite = f":{self.code}" if self.code else ""
        return f"c:{_yes_no(self.agree)}:{self.version}{invite}"


@dataclass(frozen=True)
class Zone(Button):
    PATTERN = re.compile(r"z:([A-Za-z0-9_+\-/]{1,60})\Z")

    name: str

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0])

    def encode(self) -> str:
        return f"z:{self.name}"


@dataclass(frozen=True)
class Weekday(Button):
    PATTERN = re.compile(r"d:([0-6])\Z")

    day: int

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(int(groups[0]))

    def encode(self) -> str:
        return f"d:{self.day}"


@dataclass(frozen=True)
class TimeOfDay(Button):
    PATTERN = re.compile(r"t:([01]\d|2[0-3])([0-5]\d)\Z")

    at: time

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(time(int(groups[0]), int(groups[1])))

    def encode(self) -> str:
        return f"t:{self.at:%H%M}"


@dataclass(frozen=True)
class RhythmChoice(Button):
    PATTERN = re.compile(rf"r:({one_of(Rhythm)})\Z")

    rhythm: Rhythm

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Rhythm(groups[0]))

    def encode(self) -> str:
        return f"r:{self.rhythm.value}"


@dataclass(frozen=True)
class LeadChoice(Button):
    PATTERN = re.compile(rf"l:({one_of(Lead)})\Z")

    lead: Lead

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Lead(groups[0]))

    def encode(self) -> str:
        return f"l:{self.lead.value}"


@dataclass(frozen=True)
class SessionDay(Button):
    """A session's date, or None for "not known yet"."""

    PATTERN = re.compile(r"sd:(\d{8}|none)\Z")

    day: date | None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        if groups[0] == "none":
            return cls(None)
        try:
            return cls(datetime.strptime(groups[0], "%Y%m%d").date())
        except ValueError:  # eight digits that are no date: forged, treated as unknown
            return cls(None)

    def encode(self) -> str:
        return f"sd:{'none' if self.day is None else f'{self.day:%Y%m%d}'}"


@dataclass(frozen=True)
class InviteChoice(Button):
    """A client already set up who opened an invite link: use its settings, or keep theirs."""

    PATTERN = re.compile(rf"iv:(y|n)(?::({INVITE_CODE}))?\Z")

    use: bool
    code: str | None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y", groups[1] or None)

    def encode(self) -> str:
        return f"iv:y:{self.code}" if self.use else "iv:n"


@dataclass(frozen=True)
class ConfirmChoice(Button):
    """The set-up an invite filled in: that's right, or change it."""

    PATTERN = re.compile(r"cf:(y|n)\Z")

    confirm: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y")

    def encode(self) -> str:
        return f"cf:{_yes_no(self.confirm)}"
