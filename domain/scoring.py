"""Scores of one completed instrument, exactly as the instrument file defines them."""

from dataclasses import dataclass

from domain.instruments import Instrument, Score


@dataclass(frozen=True)
class ScoreResult:
    key: str
    label: str
    value: float | None
    band: str | None
    flagged: bool


def score(instrument: Instrument, answers: dict[str, int | None]) -> list[ScoreResult]:
    """Every score of `instrument` given item answers (None = skipped)."""
    return [_one(definition, answers) for definition in instrument.scores]


def _one(definition: Score, answers: dict[str, int | None]) -> ScoreResult:
    given = [v for key in definition.items if (v := answers.get(key)) is not None]
    complete = len(given) == len(definition.items)
    if not given or (definition.require_all and not complete):
        return ScoreResult(definition.key, definition.label, None, None, False)
    value: float = sum(given) if definition.method == "sum" else sum(given) / len(given)
    flagged = definition.flag_at is not None and value >= definition.flag_at
    return ScoreResult(definition.key, definition.label, value, definition.band_for(value), flagged)
