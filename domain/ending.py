"""The summary of a whole course of therapy, given when it ends: for every measure the
first answer and the last, the client's goals in their own words, the agreed tasks that
helped, and the note they chose to keep.

It is built from the weekly summary's own pieces (the lines at a glance, the goals), so
the two read alike, and it is written, like the summary, for the client to keep or forward.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from domain.goals import first_and_latest
from domain.language import Words
from domain.summary import (
    Section,
    SummaryData,
    at_a_glance,
    escape,
    my_goals,
)
from domain.tasks import OUTCOME_WORDS, AgreedTask, TaskOutcome

HELPED = (TaskOutcome.TRIED, TaskOutcome.PARTLY)
EVERYTHING = {Section.MOOD, Section.ALLIANCE, Section.PHQ4, Section.GOALS}


@dataclass(frozen=True)
class WholeTherapy:
    """A course of therapy as its summary reads it: `data` spans the whole course."""

    data: SummaryData
    tasks: Sequence[AgreedTask] = ()
    note: str | None = None


def helped(tasks: Sequence[AgreedTask]) -> list[AgreedTask]:
    """The tasks the client tried, fully or in part, at least once, in the order agreed."""
    return [task for task in tasks if any(outcome in HELPED for outcome in task.outcomes)]


def render_whole_therapy(w: Words, therapy: WholeTherapy) -> str:
    """The whole-therapy summary in Telegram HTML, in `w`'s language."""
    data = therapy.data
    blocks = [
        _heading(w, therapy),
        at_a_glance(w, data, EVERYTHING),
        _statements(w, therapy),
        my_goals(w, data, EVERYTHING),
        _what_helped(w, therapy.tasks),
        _kept(w, therapy.note),
        w._(
            "<i>My own answers from check-ins with Between, over my whole therapy: not a "
            "diagnosis.</i>"
        ),
    ]
    return "\n\n".join(block for block in blocks if block)


def _heading(w: Words, therapy: WholeTherapy) -> str:
    data = therapy.data
    period = w._("{start} – {end}", start=w.long_date(data.start), end=w.long_date(data.end))
    count = w.ngettext("{n} check-in", "{n} check-ins", len(data.checkins))
    return "{title}\n{period} · {count}".format(
        title=w._("<b>My therapy, from beginning to end</b>"), period=period, count=count
    )


def _statements(w: Words, therapy: WholeTherapy) -> str:
    """Each statement about how therapy feels: its first answer and its last."""
    records = [r for r in therapy.data.records if r.alliance]
    labels = list(dict.fromkeys(label for r in records for label in r.alliance))
    lines = []
    for label in labels:
        values = [r.alliance.get(label) for r in records]
        ends = first_and_latest(values)
        if ends is None:
            continue
        given = sum(1 for value in values if value is not None)
        how = str(ends[0]) if given == 1 else f"{ends[0]} → {ends[1]}"
        lines.append(f"{escape(label)}: {how}")
    if not lines:
        return ""
    heading = w._("<b>How therapy felt</b> <i>(1–5: first → last)</i>")
    return "\n".join([heading, *lines])


def _what_helped(w: Words, tasks: Sequence[AgreedTask]) -> str:
    """The tasks that helped, in the client's words, each with what they said of it."""
    tried = helped(tasks)
    if not tried:
        return ""
    lines = [w._("<b>What helped</b>")]
    for task in tried:
        said = ", ".join(w._(OUTCOME_WORDS[outcome]) for outcome in task.outcomes)
        day = w.short_day_month(task.agreed_on)
        lines.append(
            "• " + w._("{task} (agreed {day}): {said}", task=escape(task.words), day=day, said=said)
        )
    return "\n".join(lines)


def _kept(w: Words, note: str | None) -> str:
    if not note:
        return ""
    return "{heading}\n{note}".format(
        heading=w._("<b>What I'd like to keep from this</b>"), note=escape(note)
    )
