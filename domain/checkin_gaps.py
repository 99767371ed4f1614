"""The check-ins of a period that have no answers, named for what happened to each.

Read from the client's own check-in rows, never from the calendar: a check-in exists only
where the client's rhythm made one due, so a fortnightly client's quiet weeks are not gaps.
Each stored pause is a gap from the day it started to the day before it ended (or the
period's end), and no check-in inside it is called missed. Pauses from before they were
stored are named only where one cancelled a check-in already waiting (one asked for later):
that starts a pause lasting until the day before the next check-in (or the period's end).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.states import CheckinStatus


class GapKind(StrEnum):
    NOT_ANSWERED = "not_answered"  # due, sent or not, and left without an answer
    SKIPPED = "skipped"  # the client tapped "Skip this week"
    PAUSED = "paused"
    NO_SESSION = "no_session"  # the session was cancelled, so its check-in did not come


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    start: date
    end: date  # the same day as `start` but for a pause


@dataclass(frozen=True)
class CheckinRow:
    """One check-in row of the period, as the summary reads it."""

    day: date  # of its slot, in the client's zone
    status: CheckinStatus
    answered: bool  # at least one answer or a note
    session: date | None = None  # the session it came before


@dataclass(frozen=True)
class PauseSpan:
    """One stored pause, as days in the client's zone."""

    started: date
    ended: date | None  # None: still paused


NOT_ANSWERED = (CheckinStatus.DONE, CheckinStatus.EXPIRED, CheckinStatus.UNDELIVERED)


def gaps_of(
    rows: list[CheckinRow],
    cancelled_sessions: list[date],
    end: date,
    pauses: list[PauseSpan] | None = None,
) -> list[Gap]:
    """Every gap of the period ending on `end`, oldest first; check-ins still to come (due
    or open) are none."""
    rows = sorted(rows, key=lambda row: row.day)
    gaps = [_paused(pause, end) for pause in pauses or []]
    for index, row in enumerate(rows):
        if row.answered:
            continue
        if row.status in NOT_ANSWERED:
            if _in_pause(gaps, row.day):  # never called missed while paused
                continue
            gaps.append(Gap(GapKind.NOT_ANSWERED, row.day, row.day))
        elif row.status is CheckinStatus.SKIPPED and row.session in cancelled_sessions:
            gaps.append(Gap(GapKind.NO_SESSION, row.session, row.session))
        elif row.status is CheckinStatus.SKIPPED:
            gaps.append(Gap(GapKind.SKIPPED, row.day, row.day))
        elif row.status is CheckinStatus.CANCELLED and not _in_pause(gaps, row.day):
            after = next((r.day for r in rows[index + 1 :] if r.status != row.status), None)
            last = min(end, after - timedelta(days=1)) if after else end
            derived = Gap(GapKind.PAUSED, row.day, max(row.day, last))
            if not _overlaps_pause(gaps, derived):  # a stored pause names it already
                gaps.append(derived)
    named = {gap.start for gap in gaps if gap.kind is GapKind.NO_SESSION}
    for day in cancelled_sessions:
        if day not in named and day <= end and not _in_pause(gaps, day):
            gaps.append(Gap(GapKind.NO_SESSION, day, day))
    return sorted(gaps, key=lambda gap: gap.start)


def _paused(pause: PauseSpan, end: date) -> Gap:
    """A pause lasts to the day before it ended; one ended the day it began, that day."""
    last = end if pause.ended is None else min(end, pause.ended - timedelta(days=1))
    return Gap(GapKind.PAUSED, pause.started, max(pause.started, last))


def _overlaps_pause(gaps: list[Gap], gap: Gap) -> bool:
    return any(g.kind is GapKind.PAUSED and g.start <= gap.end and gap.start <= g.end for g in gaps)


def _in_pause(gaps: list[Gap], day: date) -> bool:
    return any(g.kind is GapKind.PAUSED and g.start <= day <= g.end for g in gaps)
