"""Compact callback data (Telegram allows 64 bytes): each family's format, pattern and value.

Every family of buttons is a frozen dataclass whose `PATTERN` its handler is registered
with in `bot/app.py`; `parsed` turns the pressed data into that dataclass, so handlers get
typed values and never look at the raw string. Parsing only checks the shape; whether a
press is still valid is decided against storage.

The formats must not change: buttons already sent stay in chats and must keep working.
The one exception is Keep/Erase, which is meant to stop working: its data says when and why
it was asked, and data of the older format (`x:keep`, `x:erase`) no longer matches, so it
gets the stale notice.

Every pattern is ASCII and bounded, so no data it accepts is over `MAX_BYTES`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import ClassVar, Self, TypeVar

from telegram import Update

from domain.language import Language
from domain.sessions import Lead, Rhythm
from domain.summary import Period
from services.checkins import Later
from services.controls import ErasePurpose, PauseLength

MAX_BYTES = 64
# A moment as epoch seconds: ten digits at most (until the year 2286), so every one a
# pattern accepts is a date (a forged longer one is no button of ours).
EPOCH = r"\d{1,10}"


class CheckinMove(StrEnum):
    """A button on a check-in that is neither an answer nor a delay."""

    LATER = "later"  # open the menu of delays
    SKIP_WEEK = "skip"
    BACK = "back"  # from that menu back to the question


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


class SummaryStep(StrEnum):
    """What a summary button does with the draft it carries."""

    PREVIEW = "p"
    SEND = "s"
    CANCEL = "x"
    CHANGE_PERIOD = "c"
    NEXT_LANGUAGE = "l"  # write the summary in the next language


# The enums above are their own codes. Enums from outside bot/ get theirs here, so a button
# already in a chat keeps working whatever those enums' values become.
LATER_CODES = {Later.ONE_HOUR: "1h", Later.THREE_HOURS: "3h", Later.TOMORROW: "1d"}
PAUSE_CODES = {
    PauseLength.ONE_WEEK: "1w",
    PauseLength.TWO_WEEKS: "2w",
    PauseLength.ONE_MONTH: "1m",
    PauseLength.UNTIL_RESUMED: "open",
}
ERASE_CODES = {ErasePurpose.AFTER_STOP: "s", ErasePurpose.DELETE: "d"}
PERIOD_CODES = {Period.SINCE_LAST: "last", Period.FOUR_WEEKS: "4w", Period.TWELVE_WEEKS: "12w"}
_LATER_OF = {code: later for later, code in LATER_CODES.items()}
_PAUSE_OF = {code: length for length, code in PAUSE_CODES.items()}
_ERASE_OF = {code: purpose for purpose, code in ERASE_CODES.items()}
_PERIOD_OF = {code: period for period, code in PERIOD_CODES.items()}


def _one_of(codes: Iterable[str]) -> str:
    return "|".join(re.escape(code) for code in codes)


class Press:
    """A family of buttons: the pattern its data matches, and the typed value of a press."""

    # Matched from the start (PTB uses `re.match`), so each pattern ends in \Z.
    PATTERN: ClassVar[re.Pattern[str]]

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        """The press, from the groups of a `PATTERN` match."""
        raise NotImplementedError


@dataclass(frozen=True)
class Consent(Press):
    """Agree or decline; after a therapist's link, its invite code travels along."""

    PATTERN = re.compile(r"c:(y|n):(\d{1,4})(?::([A-Za-z0-9_-]{32}))?\Z")

    agree: bool
    version: int
    code: str | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y", int(groups[1]), groups[2] or None)


@dataclass(frozen=True)
class Zone(Press):
    PATTERN = re.compile(r"z:([A-Za-z0-9_+\-/]{1,60})\Z")

    name: str

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0])


@dataclass(frozen=True)
class Weekday(Press):
    PATTERN = re.compile(r"d:([0-6])\Z")

    day: int

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(int(groups[0]))


@dataclass(frozen=True)
class TimeOfDay(Press):
    PATTERN = re.compile(r"t:([01]\d|2[0-3])([0-5]\d)\Z")

    at: time

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(time(int(groups[0]), int(groups[1])))


@dataclass(frozen=True)
class AnswerPress(Press):
    PATTERN = re.compile(r"a:(\d{1,12}):(\d{1,3}):(\d{1,2}|s)\Z")

    checkin_id: int
    position: int
    value: int | None  # None: the question was skipped

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        value = None if groups[2] == "s" else int(groups[2])
        return cls(int(groups[0]), int(groups[1]), value)


@dataclass(frozen=True)
class CheckinAction(Press):
    """Later (open the menu), snooze by a delay, skip the week, or back to the question."""

    PATTERN = re.compile(rf"k:(\d{{1,12}}):({_one_of([*CheckinMove, *LATER_CODES.values()])})\Z")

    checkin_id: int
    action: CheckinMove | Later

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        code = groups[1]
        return cls(int(groups[0]), _LATER_OF[code] if code in _LATER_OF else CheckinMove(code))


@dataclass(frozen=True)
class PauseChoice(Press):
    PATTERN = re.compile(rf"p:({_one_of(PAUSE_CODES.values())})\Z")

    length: PauseLength

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(_PAUSE_OF[groups[0]])


@dataclass(frozen=True)
class SettingChoice(Press):
    PATTERN = re.compile(rf"g:({_one_of(Setting)})\Z")

    action: Setting

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Setting(groups[0]))


@dataclass(frozen=True)
class DataChoice(Press):
    """Keep or Erase, with why and when (epoch seconds) the question was asked."""

    PATTERN = re.compile(rf"x:(keep|erase):({_one_of(ERASE_CODES.values())}):({EPOCH})\Z")

    erase: bool
    purpose: ErasePurpose
    offered_at: int

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "erase", _ERASE_OF[groups[1]], int(groups[2]))


@dataclass(frozen=True)
class NudgeChoice(Press):
    PATTERN = re.compile(r"n:(add|no)\Z")

    add: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "add")


@dataclass(frozen=True)
class SummaryPress(Press):
    """A step of building a summary; the whole draft travels in the button, not in memory."""

    PATTERN = re.compile(
        rf"y:({_one_of(PERIOD_CODES.values())}):(a|1[01]\d|12[0-7]|[1-9]\d|\d):({EPOCH})"
        rf":({_one_of(SummaryStep)})(?::({_one_of(Language)}))?\Z"
    )

    period: Period
    # A bit mask of the chosen sections and of "also as PDF" (0–127; bot/summary.py), None
    # for all sections that have data.
    sections: int | None
    as_of: int
    action: SummaryStep
    language: Language | None = None  # the summary's language; None: the client's

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        sections = None if groups[1] == "a" else int(groups[1])
        language = Language(groups[4]) if groups[4] else None
        return cls(
            _PERIOD_OF[groups[0]], sections, int(groups[2]), SummaryStep(groups[3]), language
        )


P = TypeVar("P", bound=Press)


def family_of(data: str) -> str:
    """The family a button's data belongs to: the letters before its first colon."""
    return data.partition(":")[0]


def parsed(update: Update, family: type[P]) -> P:
    """The press in `update`, for a handler registered with `family.PATTERN`."""
    query = update.callback_query
    match = family.PATTERN.match(query.data) if query and query.data else None
    # Telegram always sends data or a game name, so this is a handler registered wrongly.
    if match is None:
        raise ValueError(f"not a {family.__name__} press")
    return family.of(match.groups())


def consent(agree: bool, version: int, code: str | None = None) -> str:
    invite = f":{code}" if code else ""
    return _checked(f"c:{'y' if agree else 'n'}:{version}{invite}")


def zone(name: str) -> str:
    return _checked(f"z:{name}")


def weekday(day: int) -> str:
    return _checked(f"d:{day}")


def time_of_day(at: time) -> str:
    return _checked(f"t:{at:%H%M}")


def answer(checkin_id: int, position: int, value: int | None) -> str:
    return _checked(f"a:{checkin_id}:{position}:{'s' if value is None else value}")


def checkin_action(checkin_id: int, action: CheckinMove | Later) -> str:
    code = LATER_CODES[action] if isinstance(action, Later) else action.value
    return _checked(f"k:{checkin_id}:{code}")


def pause(length: PauseLength) -> str:
    return _checked(f"p:{PAUSE_CODES[length]}")


def setting(action: Setting) -> str:
    return _checked(f"g:{action.value}")


def data_choice(erase: bool, purpose: ErasePurpose, offered_at: int) -> str:
    return _checked(f"x:{'erase' if erase else 'keep'}:{ERASE_CODES[purpose]}:{offered_at}")


def nudge(add: bool) -> str:
    return _checked(f"n:{'add' if add else 'no'}")


def summary(
    period: Period,
    sections: int | None,
    as_of: int,
    action: SummaryStep,
    language: Language | None = None,
) -> str:
    """`sections` is a bit mask of the chosen sections, None for all that have data."""
    mask = "a" if sections is None else sections
    tail = f":{language.value}" if language else ""
    return _checked(f"y:{PERIOD_CODES[period]}:{mask}:{as_of}:{action.value}{tail}")


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


# Sessions: the rhythm, the lead, a session's day, the /session menu, the summary offer.
RHYTHM_CODES = {rhythm: rhythm.value for rhythm in Rhythm}
LEAD_CODES = {lead: lead.value for lead in Lead}
_RHYTHM_OF = {code: rhythm for rhythm, code in RHYTHM_CODES.items()}
_LEAD_OF = {code: lead for lead, code in LEAD_CODES.items()}


class SessionMove(StrEnum):
    """A button on the /session menu."""

    MOVED = "move"  # the next session is at another time (or, irregular: here is the next)
    CANCELLED = "cancel"


@dataclass(frozen=True)
class RhythmChoice(Press):
    PATTERN = re.compile(rf"r:({_one_of(RHYTHM_CODES.values())})\Z")

    rhythm: Rhythm

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(_RHYTHM_OF[groups[0]])


@dataclass(frozen=True)
class LeadChoice(Press):
    PATTERN = re.compile(rf"l:({_one_of(LEAD_CODES.values())})\Z")

    lead: Lead

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(_LEAD_OF[groups[0]])


@dataclass(frozen=True)
class SessionDay(Press):
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


@dataclass(frozen=True)
class SessionAction(Press):
    PATTERN = re.compile(rf"ss:({_one_of(SessionMove)})(?::({EPOCH}))?\Z")

    move: SessionMove
    # Cancelled: the session the button was shown for (epoch seconds), so a second tap
    # cannot cancel the one after it. None on buttons sent before it was carried.
    session_at: int | None = None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(SessionMove(groups[0]), int(groups[1]) if groups[1] else None)


@dataclass(frozen=True)
class SummaryOfferChoice(Press):
    PATTERN = re.compile(r"so:(y|n)\Z")

    accept: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y")


def rhythm(choice: Rhythm) -> str:
    return _checked(f"r:{RHYTHM_CODES[choice]}")


def lead(choice: Lead) -> str:
    return _checked(f"l:{LEAD_CODES[choice]}")


def session_day(day: date | None) -> str:
    return _checked(f"sd:{'none' if day is None else f'{day:%Y%m%d}'}")


def session_action(move: SessionMove, session_at: datetime | None = None) -> str:
    tail = "" if session_at is None else f":{int(session_at.timestamp())}"
    return _checked(f"ss:{move.value}{tail}")


def summary_offer(accept: bool) -> str:
    return _checked(f"so:{'y' if accept else 'n'}")


@dataclass(frozen=True)
class InviteChoice(Press):
    """A client already set up who opened an invite link: use its settings, or keep theirs."""

    PATTERN = re.compile(r"iv:(y|n)(?::([A-Za-z0-9_-]{32}))?\Z")

    use: bool
    code: str | None

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y", groups[1] or None)


@dataclass(frozen=True)
class ConfirmChoice(Press):
    """The set-up an invite filled in: that's right, or change it."""

    PATTERN = re.compile(r"cf:(y|n)\Z")

    confirm: bool

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "y")


@dataclass(frozen=True)
class LanguageChoice(Press):
    PATTERN = re.compile(rf"lg:({_one_of(Language)})\Z")

    language: Language

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Language(groups[0]))


def language(choice: Language) -> str:
    return _checked(f"lg:{choice.value}")


def invite_choice(use: bool, code: str) -> str:
    return _checked(f"iv:y:{code}" if use else "iv:n")


def confirm_choice(confirm: bool) -> str:
    return _checked(f"cf:{'y' if confirm else 'n'}")


# The client's own goals: add, not now, cancel, and per goal rename, archive, erase; the
# erase confirmation carries when it was asked, so it expires like Keep/Erase.
class GoalMove(StrEnum):
    ADD = "add"
    NOT_NOW = "no"  # the offer at set-up
    CANCEL = "x"  # while Between waits for a goal's words
    KEEP = "keep"  # not erased after all
    RENAME = "ren"
    ARCHIVE = "arc"
    ERASE = "era"  # asks to confirm
    ERASE_CONFIRMED = "del"


_GOAL_ALONE = (GoalMove.ADD, GoalMove.NOT_NOW, GoalMove.CANCEL, GoalMove.KEEP)
_GOAL_OF_ONE = (GoalMove.RENAME, GoalMove.ARCHIVE, GoalMove.ERASE)


@dataclass(frozen=True)
class GoalChoice(Press):
    PATTERN = re.compile(
        rf"gl:(?:({_one_of(_GOAL_ALONE)})|({_one_of(_GOAL_OF_ONE)}):(\d{{1,12}})"
        rf"|del:(\d{{1,12}}):({EPOCH}))\Z"
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


def goal(move: GoalMove, goal_id: int | None = None, offered_at: int | None = None) -> str:
    parts = [move.value, *(str(n) for n in (goal_id, offered_at) if n is not None)]
    return _checked("gl:" + ":".join(parts))
