"""The one mean Between uses, for summaries and the alliance nudge."""

from collections.abc import Iterable
from math import fsum


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean; statistics.mean is exact but far slower than a summary needs."""
    given = list(values)
    return fsum(given) / len(given)
