"""Questionnaires as data: one TOML file per instrument, validated when the bot starts."""

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"


class InstrumentFileError(Exception):
    """An instrument file is missing, unreadable or does not match the expected shape."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]{1,24}$")
    text: str = Field(min_length=1)
    short: str = ""
    # "session": whether the client had a session since their last check-in (Yes or No).
    kind: Literal["scale", "text", "session"] = "scale"
    min: int = 0
    max: int = 0
    min_label: str = ""
    max_label: str = ""
    labels: dict[int, str] = Field(default_factory=dict)
    skippable: bool = True
    crisis_on_lowest: bool = False
    after_session: bool = False  # asked only when the client had a session

    @model_validator(mode="after")
    def _scale_is_sane(self) -> Self:
        if self.kind == "session" and (self.min, self.max) != (0, 1):
            raise ValueError("a session item is answered 0 (no) or 1 (yes): min 0, max 1")
        if self.kind == "scale" and not 0 <= self.min < self.max <= 10:
            raise ValueError("a scale item needs 0 <= min < max <= 10")
        if any(not self.min <= value <= self.max for value in self.labels):
            raise ValueError("labels must be for values between min and max")
        return self

    @property
    def label(self) -> str:
        """A few words naming the item, for summaries."""
        return self.short or self.key

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


class Band(_Strict):
    min: int
    max: int
    label: str


class Score(_Strict):
    key: str
    label: str
    method: Literal["sum", "mean"]
    items: list[str] = Field(min_length=1)
    require_all: bool = False
    bands: list[Band] = Field(default_factory=list)
    flag_at: int | None = None
    flag_label: str = ""

    def band_for(self, value: float) -> str | None:
        return next((b.label for b in self.bands if b.min <= value <= b.max), None)


class Instrument(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    version: int = Field(ge=1)
    title: str
    licence: str = Field(min_length=1)
    intro: str = ""
    session_intro: str = ""  # above the questions asked only after a session
    items: list[Item] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_exist(self) -> Self:
        keys = [item.key for item in self.items]
        if len(set(keys)) != len(keys):
            raise ValueError("item keys must be unique")
        for score in self.scores:
            unknown = set(score.items) - set(keys)
            if unknown:
                raise ValueError(f"score {score.key!r} names unknown items {sorted(unknown)}")
        return self

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)


def load_instrument(path: Path) -> Instrument:
    """Read and validate one instrument file, naming the file and field on any error."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InstrumentFileError(f"{path.name}: cannot be read: {error}") from error
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or '(file)'}: {e['msg']}"
            for e in error.errors()
        )
        raise InstrumentFileError(f"{path.name}: {problems}") from error


def load_instruments(paths: Iterable[Path] | None = None) -> dict[str, Instrument]:
    """Load every instrument shipped with Between (or the given files), keyed by id."""
    files = sorted(paths) if paths is not None else sorted(INSTRUMENTS_DIR.glob("*.toml"))
    instruments: dict[str, Instrument] = {}
    for path in files:
        instrument = load_instrument(path)
        if instrument.id in instruments:
            raise InstrumentFileError(f"{path.name}: id {instrument.id!r} is used twice")
        instruments[instrument.id] = instrument
    return instruments
