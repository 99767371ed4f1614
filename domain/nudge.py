"""When to suggest, privately, that the client might raise the relationship in therapy."""

from domain.averages import mean

DROP = 1.0
LOW_ANSWER = 2


def alliance_nudge(current: list[int], previous_averages: list[float]) -> bool:
    """True when any statement is answered 1 or 2, or this check-in's alliance average is
    at least one point below the client's own average over their previous check-ins."""
    if not current:
        return False
    if min(current) <= LOW_ANSWER:
        return True
    if not previous_averages:
        return False
    return mean(previous_averages) - mean(current) >= DROP
