"""When to suggest, privately, that the client might raise the relationship in therapy,
and why: the reason chooses the words, so the nudge never says more than is true.

Fair to the client, as a table of rules read top to bottom (the first that decides wins):

| the client's state or answers                             | nudge            |
| --------------------------------------------------------- | ---------------- |
| the line it offers already waits in the next summary      | no               |
| nudged less than three weeks ago                          | no               |
| a statement at "disagree" or lower                        | LOW              |
| the average below "agree" and 0.8 below their own usual   | DROP             |
| two statements left out that they have been answering     | SKIPPED          |
| anything else (a client who always answers 3 included)    | no               |
| after "No, thanks": LOW or DROP only if the average is at | as above, else   |
| least half a point below the answers they declined it for | no               |

"Usual" is the median of the client's last four check-ins with answers, and needs two of
them: a first check-in has no usual. "Agree" after "strongly agree" is no drop.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from statistics import median

from domain.averages import mean

LOW_ANSWER = 2  # "disagree" or lower on any statement
AGREE = 4.0  # a drop only counts once the average is below "agree"
DROP = 0.8  # below the median of the client's recent check-ins
USUAL = 2  # earlier check-ins with answers needed before there is a "usual"
RECENT = 4  # check-ins with alliance answers the usual is taken from
SKIPS = 2  # statements skipped that the client used to answer
WORSE = 0.5  # how much lower the average must be than when the client said "No, thanks"
QUIET = timedelta(weeks=3)

Answers = Sequence[int | None]  # one per statement asked, None: skipped


class NudgeReason(StrEnum):
    """Why the nudge came, which is what it says."""

    LOW = "low"  # a statement at "disagree" or lower
    DROP = "drop"  # clearly lower than this client's own usual
    SKIPPED = "skipped"  # statements left out that the client has been answering


@dataclass(frozen=True)
class Declined:
    """The client said "No, thanks" to the last nudge, which came for these answers."""

    average: float | None  # of the answers given then; None: all were left out


@dataclass(frozen=True)
class NudgeState:
    """What the rule needs besides the answers."""

    now: datetime
    last_nudged: datetime | None
    line_queued: bool  # the client already chose the line for their next summary
    declined: Declined | None = None


def alliance_nudge(
    current: Answers, history: Sequence[Answers], state: NudgeState
) -> NudgeReason | None:
    """Why this check-in's alliance answers call for the private nudge; None if they don't.

    `history` holds the client's earlier check-ins with alliance statements, oldest first.
    """
    if state.line_queued:
        return None
    if state.last_nudged is not None and state.now - state.last_nudged < QUIET:
        return None
    reason = alliance_reason(current, history)
    if reason is None or state.declined is None:
        return reason
    return reason if _worse(current, reason, state.declined) else None


def alliance_reason(current: Answers, history: Sequence[Answers]) -> NudgeReason | None:
    """The rules on the answers alone (see the table above)."""
    given = [value for value in current if value is not None]
    recent = [answers for answers in history if any(v is not None for v in answers)][-RECENT:]
    if given and min(given) <= LOW_ANSWER:
        return NudgeReason.LOW
    if given and _dropped(mean(given), recent):
        return NudgeReason.DROP
    if _skipped_after_answering(current, recent):
        return NudgeReason.SKIPPED
    return None


def _dropped(average: float, recent: Sequence[Answers]) -> bool:
    """Below "agree" and at least 0.8 below the client's own usual, when there is one."""
    if len(recent) < USUAL or average >= AGREE:
        return False
    usual = median(mean(v for v in answers if v is not None) for answers in recent)
    return usual - average >= DROP - 1e-9


def _skipped_after_answering(current: Answers, recent: Sequence[Answers]) -> bool:
    """Two or more statements skipped now that were answered in most recent check-ins."""
    if len(recent) < USUAL:
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


def _worse(current: Answers, reason: NudgeReason, declined: Declined) -> bool:
    """After "No, thanks", only answers clearly worse than the declined ones speak again:
    leaving statements out never does."""
    if reason is NudgeReason.SKIPPED:
        return False
    now = average_of(current)
    if declined.average is None or now is None:
        return declined.average is None
    return declined.average - now >= WORSE - 1e-9


def average_of(answers: Answers) -> float | None:
    """The average of the statements answered; None when all were left out."""
    given = [value for value in answers if value is not None]
    return mean(given) if given else None
