"""When to suggest, privately, that the client might raise the relationship in therapy.

Fair to the client: "agree" after "strongly agree" is no alarm, a client whose answers are
always low is not ignored because they never drop, skipping the hard statements is not a
way past it, and the suggestion never comes twice in three weeks nor while the line it
offers is already waiting in the next summary.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from domain.averages import mean

LOW_ANSWER = 2  # "disagree" or lower on any statement
LOW_MEAN = 3.0  # "neither agree nor disagree" or lower on average
AGREE = 4.0  # a drop only counts once the average is below "agree"
DROP = 0.8  # below the median of the client's recent check-ins
NOT_AGREEING = 3  # this many statements at 3 or lower
RECENT = 4  # check-ins with alliance answers the baseline is taken from
SKIPS = 2  # statements skipped that the client used to answer
QUIET = timedelta(weeks=3)

Answers = Sequence[int | None]  # one per statement asked, None: skipped


@dataclass(frozen=True)
class NudgeState:
    """What the rule needs besides the answers."""

    now: datetime
    last_nudged: datetime | None
    line_queued: bool  # the client already chose the line for their next summary


def alliance_nudge(current: Answers, history: Sequence[Answers], state: NudgeState) -> bool:
    """Whether this check-in's alliance answers call for the private nudge.

    `history` holds the client's earlier check-ins with alliance statements, oldest first.
    """
    if state.line_queued:
        return False
    if state.last_nudged is not None and state.now - state.last_nudged < QUIET:
        return False
    return alliance_low(current, history)


def alliance_low(current: Answers, history: Sequence[Answers]) -> bool:
    """The rule on the answers alone: any statement at 2 or lower; an average of 3 or
    lower; three statements at 3 or lower; an average below "agree" and at least 0.8 below
    the median of the last four check-ins; or two statements skipped that the client had
    been answering."""
    given = [value for value in current if value is not None]
    recent = [answers for answers in history if any(v is not None for v in answers)][-RECENT:]
    if _skipped_after_answering(current, recent):
        return True
    if not given:
        return False
    average = mean(given)
    if min(given) <= LOW_ANSWER or average <= LOW_MEAN:
        return True
    if sum(1 for value in given if value <= LOW_MEAN) >= NOT_AGREEING:
        return True
    if not recent or average >= AGREE:
        return False
    baseline = median(mean(v for v in answers if v is not None) for answers in recent)
    return baseline - average >= DROP - 1e-9


def _skipped_after_answering(current: Answers, recent: Sequence[Answers]) -> bool:
    """Two or more statements skipped now that were answered in most recent check-ins."""
    if len(recent) < 2:
        return False
    skipped = 0
    for position, value in enumerate(current):
        if value is not None:
            continue
        answered = sum(
            1 for answers in recent if position < len(answers) and answers[position] is not None
        )
        skipped += answered * 2 > len(recent)
    return skipped >= SKIPS
