"""The one mean Between uses, for summaries and the alliance nudge."""

from collections.abc import Iterable
from math import fsum


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean; statistics.mean is exact but far slower than a summary needs."""
    given = list(values)
    return fsum(given) / len(given)


def mean_given(values: Iterable[float | None]) -> float | None:
    """The mean of the values given (None: skipped); None when nothing was given."""
    given = [value for value in values if value is not None]
    return mean(given) if given else None
