"""Questionnaires as data: one TOML file per instrument, validated when the bot starts.

Words are in English, with each language's in a `translations.<code>` table beside them
(`[items.translations.de]`). `in_language` gives the instrument as a client of that language
reads it: a missing translation falls back to English, except for an instrument that must
be shown verbatim (`verbatim_only`, such as PHQ-4), which is whole in a language or English.
"""

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"


class InstrumentFileError(Exception):
    """An instrument file is missing, unreadable or does not match the expected shape."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Worded(_Strict):
    """A part with words: `translations` maps a language code to its words for `WORDS`."""

    WORDS: ClassVar[frozenset[str]] = frozenset()
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _translates_only_words(self) -> Self:
        for language, fields in self.translations.items():
            unknown = set(fields) - self.WORDS
            if unknown:
                raise ValueError(f"translations.{language} has no words named {sorted(unknown)}")
        return self

    def translated(self, language: str) -> Self:
        """This part with its words in `language`, where it has them."""
        return self.model_copy(update=self.translations.get(language, {}))

    def translated_fully(self, language: str) -> bool:
        """Every word of this part that has a value is translated into `language`."""
        worded = {name for name in self.WORDS if getattr(self, name)}
        return worded <= set(self.translations.get(language, {}))


class Item(_Worded):
    WORDS = frozenset({"text", "short", "min_label", "max_label", "labels"})

    key: str = Field(pattern=r"^[a-z0-9_]{1,24}$")
    text: str = Field(min_length=1)
    short: str = ""
    # "session": whether the client had a session since their last check-in (Yes or No);
    # "choice": one of a few worded answers (`labels`), a choice that is never scored.
    kind: Literal["scale", "text", "session", "choice"] = "scale"
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
        if self.kind == "choice" and set(self.labels) != set(self.values):
            raise ValueError("a choice item needs a label for every value from min to max")
        if any(not self.min <= value <= self.max for value in self.labels):
            raise ValueError("labels must be for values between min and max")
        return self

    @model_validator(mode="after")
    def _labels_translated_by_value(self) -> Self:
        for words in self.translations.values():
            labels = words.get("labels")
            if labels is not None:  # TOML keys are text: "0" = "Nein" is the label of 0
                words["labels"] = {int(value): label for value, label in labels.items()}
                if set(words["labels"]) != set(self.labels):
                    raise ValueError("translated labels must be for the same values")
        return self

    @property
    def label(self) -> str:
        """A few words naming the item, for summaries."""
        return self.short or self.key

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


class Band(_Worded):
    WORDS = frozenset({"label"})

    min: int
    max: int
    label: str


class Score(_Worded):
    WORDS = frozenset({"label", "flag_label"})

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

    def translated(self, language: str) -> Self:
        bands = [band.translated(language) for band in self.bands]
        return super().translated(language).model_copy(update={"bands": bands})

    def translated_fully(self, language: str) -> bool:
        bands = all(band.translated_fully(language) for band in self.bands)
        return bands and super().translated_fully(language)


class Instrument(_Worded):
    WORDS = frozenset({"title", "intro", "session_intro"})

    id: str = Field(pattern=r"^[a-z0-9_]{1,16}$")
    version: int = Field(ge=1)
    title: str
    licence: str = Field(min_length=1)
    intro: str = ""
    session_intro: str = ""  # above the questions asked only after a session
    items: list[Item] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)
    # Shown only in its own words: in a language it is not wholly translated into, in English.
    verbatim_only: bool = False
    _in_languages: dict[str, Self] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _references_exist(self) -> Self:
        keys = [item.key for item in self.items]
        if len(set(keys)) != len(keys):
            raise ValueError("item keys must be unique")
        for score in self.scores:
            unknown = set(score.items) - set(keys)
            if unknown:
                raise ValueError(f"score {score.key!r} names unknown items {sorted(unknown)}")
        for language in self.languages():  # a translation that is not valid fails at start
            self._translate(language)
        return self

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)

    def available_in(self, language: str) -> bool:
        """Whether every question is translated into `language` (English always is)."""
        parts: list[_Worded] = [self, *self.items]
        return language == "en" or all(part.translated_fully(language) for part in parts)

    def in_language(self, language: str) -> Self:
        """The instrument as a client reading `language` sees it."""
        if language not in self._in_languages:
            self._in_languages[language] = self._translate(language)
        return self._in_languages[language]

    def _translate(self, language: str) -> Self:
        # Scores' names and bands are Between's words, so they are translated even where
        # the questions must stay in English.
        scores = [score.translated(language) for score in self.scores]
        if self.verbatim_only and not self.available_in(language):
            return self.model_copy(update={"scores": scores})
        items = [item.translated(language) for item in self.items]
        return self.translated(language).model_copy(update={"items": items, "scores": scores})

    def languages(self) -> set[str]:
        """Every language some word of this instrument is translated into."""
        parts: list[_Worded] = [self, *self.items, *self.scores]
        return {language for part in parts for language in part.translations}


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
