"""Compact callback data (Telegram allows 64 bytes) and its strict parsing.

Parsing only checks the shape; whether a press is still valid is decided against storage.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

MAX_BYTES = 64


@dataclass(frozen=True)
class Consent:
    agree: bool
    version: int


@dataclass(frozen=True)
class Zone:
    name: str


@dataclass(frozen=True)
class Weekday:
    day: int


@dataclass(frozen=True)
class TimeOfDay:
    at: time


@dataclass(frozen=True)
class AnswerPress:
    checkin_id: int
    position: int
    value: int | None


@dataclass(frozen=True)
class CheckinAction:
    """Later (open the menu), snooze by a delay, skip the week, or back to the question."""

    checkin_id: int
    action: str


@dataclass(frozen=True)
class PauseChoice:
    length: str


@dataclass(frozen=True)
class SettingChoice:
    action: str


@dataclass(frozen=True)
class DataChoice:
    erase: bool


@dataclass(frozen=True)
class NudgeChoice:
    add: bool


@dataclass(frozen=True)
class SummaryPress:
    """A step of building a summary; the whole draft travels in the button, not in memory."""

    period: str
    sections: int | None
    as_of: int
    action: str


Press = (
    Consent
    | Zone
    | Weekday
    | TimeOfDay
    | AnswerPress
    | CheckinAction
    | PauseChoice
    | SettingChoice
    | DataChoice
    | NudgeChoice
    | SummaryPress
)

CHECKIN_ACTIONS = ("later", "1h", "3h", "1d", "skip", "back")
SETTING_ACTIONS = ("day", "time", "zone", "phq4on", "phq4off", "pause", "resume", "stop")

_PARSERS: list[tuple[re.Pattern[str], Callable[[tuple[str, ...]], Press]]] = [
    (re.compile(r"c:(y|n):(\d{1,4})"), lambda p: Consent(p[0] == "y", int(p[1]))),
    (re.compile(r"z:([A-Za-z0-9_+\-/]{1,60})"), lambda p: Zone(p[0])),
    (re.compile(r"d:([0-6])"), lambda p: Weekday(int(p[0]))),
    (re.compile(r"t:([01]\d|2[0-3])([0-5]\d)"), lambda p: TimeOfDay(time(int(p[0]), int(p[1])))),
    (
        re.compile(r"a:(\d{1,12}):(\d{1,3}):(\d{1,2}|s)"),
        lambda p: AnswerPress(int(p[0]), int(p[1]), None if p[2] == "s" else int(p[2])),
    ),
    (
        re.compile(rf"k:(\d{{1,12}}):({'|'.join(CHECKIN_ACTIONS)})"),
        lambda p: CheckinAction(int(p[0]), p[1]),
    ),
    (re.compile(r"p:(1w|2w|1m|open)"), lambda p: PauseChoice(p[0])),
    (re.compile(rf"g:({'|'.join(SETTING_ACTIONS)})"), lambda p: SettingChoice(p[0])),
    (re.compile(r"x:(keep|erase)"), lambda p: DataChoice(p[0] == "erase")),
    (re.compile(r"n:(add|no)"), lambda p: NudgeChoice(p[0] == "add")),
    (
        re.compile(r"y:(last|4w|12w):(a|1[0-5]|\d):(\d{1,12}):(p|s|x|c)"),
        lambda p: SummaryPress(p[0], None if p[1] == "a" else int(p[1]), int(p[2]), p[3]),
    ),
]


def consent(agree: bool, version: int) -> str:
    return _checked(f"c:{'y' if agree else 'n'}:{version}")


def zone(name: str) -> str:
    return _checked(f"z:{name}")


def weekday(day: int) -> str:
    return _checked(f"d:{day}")


def time_of_day(at: time) -> str:
    return _checked(f"t:{at:%H%M}")


def answer(checkin_id: int, position: int, value: int | None) -> str:
    return _checked(f"a:{checkin_id}:{position}:{'s' if value is None else value}")


def checkin_action(checkin_id: int, action: str) -> str:
    assert action in CHECKIN_ACTIONS
    return _checked(f"k:{checkin_id}:{action}")


def pause(length: str) -> str:
    return _checked(f"p:{length}")


def setting(action: str) -> str:
    assert action in SETTING_ACTIONS
    return _checked(f"g:{action}")


def data_choice(erase: bool) -> str:
    return _checked(f"x:{'erase' if erase else 'keep'}")


def parse(data: str | None) -> Press | None:
    """The press this data stands for, or None if it is not data this bot made."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    for pattern, build in _PARSERS:
        match = pattern.fullmatch(data)
        if match:
            return build(match.groups())
    return None


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def nudge(add: bool) -> str:
    return _checked(f"n:{'add' if add else 'no'}")


def summary(period: str, sections: int | None, as_of: int, action: str) -> str:
    """`sections` is a bit mask of the chosen sections, None for all that have data."""
    return _checked(f"y:{period}:{'a' if sections is None else sections}:{as_of}:{action}")
