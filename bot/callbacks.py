"""Compact callback data (Telegram allows 64 bytes) and its strict parsing.

Parsing only checks the shape; whether a press is still valid is decided against storage.
"""

import re
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


Press = Consent | Zone | Weekday | TimeOfDay | AnswerPress

_PATTERNS: list[tuple[re.Pattern[str], type]] = [
    (re.compile(r"c:(y|n):(\d{1,4})"), Consent),
    (re.compile(r"z:([A-Za-z0-9_+\-/]{1,60})"), Zone),
    (re.compile(r"d:([0-6])"), Weekday),
    (re.compile(r"t:([01]\d|2[0-3])([0-5]\d)"), TimeOfDay),
    (re.compile(r"a:(\d{1,12}):(\d{1,3}):(\d{1,2}|s)"), AnswerPress),
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


def parse(data: str | None) -> Press | None:
    """The press this data stands for, or None if it is not data this bot made."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(data)
        if match:
            return _build(kind, match.groups())
    return None


def _build(kind: type, parts: tuple[str, ...]) -> Press:
    if kind is Consent:
        return Consent(parts[0] == "y", int(parts[1]))
    if kind is Zone:
        return Zone(parts[0])
    if kind is Weekday:
        return Weekday(int(parts[0]))
    if kind is TimeOfDay:
        return TimeOfDay(time(int(parts[0]), int(parts[1])))
    value = None if parts[2] == "s" else int(parts[2])
    return AnswerPress(int(parts[0]), int(parts[1]), value)


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data
