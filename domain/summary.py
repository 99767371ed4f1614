"""The summary a client may forward to their therapist: talking points, not a diagnosis.

Written in the client's voice, since it is theirs to send, for a therapist who has 30
seconds: the client's own words first, then at most three lines at a glance (first →
latest, never an average that hides change), then one short line per week, with missing
weeks and skipped items in plain sight.

It always fits one Telegram message: a long period is condensed (less detail per check-in,
then one line a month) and, if notes still do not fit, the oldest notes give way to a line
saying how many.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from html import escape as _escape
from zoneinfo import ZoneInfo

from domain.cadence import local_slot
from domain.checkin_gaps import Gap, GapKind
from domain.goals import GoalRatings, first_and_latest, mark
from domain.instruments import Instrument
from domain.language import N_, Words
from domain.plan import AGENDA, PHQ4, WEEKLY
from domain.scoring import ScoreResult, score
from domain.sessions import Rhythm
from domain.tasks import AgreedTask, summary_line

# The preview shows a line above the summary; both must fit one message.
SUMMARY_LIMIT = 3900
# A week's line on a phone: about 35 characters before it wraps.
LINE_WIDTH = 35
INDENT = "   "
# A statement answered this low ("disagree" or lower, of 1–5) stands out wherever the
# summary shows how therapy feels: named at a glance and in its week.
LOW_ANSWER = 2
SKIPPED = "–"
ALLIANCE_LINE = N_("I'd like to talk about how our work together is going")


class Period(StrEnum):
    SINCE_LAST = "last"
    FOUR_WEEKS = "4w"
    TWELVE_WEEKS = "12w"


class Section(StrEnum):
    MOOD = "mood"
    ALLIANCE = "alliance"  # "how therapy feels" wherever the client reads it
    NOTES = "notes"
    PHQ4 = "phq4"
    LINE = "line"  # the client's own line: talk about how our work together is going
    GOALS = "goals"  # the client's own goals, how close they feel to each
    TASKS = "tasks"  # what they agreed to try between sessions, and how it went


@dataclass(frozen=True)
class CheckinRecord:
    day: date
    mood: int | None
    # Item label → answer, in today's instrument's order, so every week's line has the
    # same columns; None: skipped (or not asked, see `unasked`). Empty when none was asked.
    alliance: dict[str, int | None]
    alliance_average: float | None  # of the answered items only
    note: str | None
    phq4: list[ScoreResult] = field(default_factory=list)
    session: date | None = None  # the session the answers about therapy are about
    unasked: int = 0  # items of `alliance` an earlier version of the check-in did not ask
    agenda: str | None = None  # what the client would most like to talk about next time
    rating: bool = False  # the rating right after the session of `day`, not a check-in

    @property
    def alliance_answered(self) -> int:
        return sum(1 for value in self.alliance.values() if value is not None)

    @property
    def alliance_asked(self) -> int:
        return len(self.alliance) - self.unasked

    def phq4_score(self, key: str) -> ScoreResult | None:
        return next((r for r in self.phq4 if r.key == key and r.value is not None), None)


@dataclass(frozen=True)
class SummaryData:
    start: date
    end: date
    records: list[CheckinRecord]
    discuss_alliance: bool = False  # the client asked for the alliance line
    discuss_added: date | None = None  # when they asked for it
    goals: list[GoalRatings] = field(default_factory=list)  # rated or skipped in the period
    gaps: list[Gap] = field(default_factory=list)  # check-ins due but without answers
    rhythm: Rhythm | None = None  # None: weekly, as before sessions existed
    next_session: date | None = None  # the session the summary is for, when known
    tasks: list[AgreedTask] = field(default_factory=list)  # agreed or answered in the period

    @property
    def weekly(self) -> bool:
        return self.rhythm in (None, Rhythm.WEEKLY, Rhythm.CHECKIN_ONLY)

    @property
    def checkins(self) -> list[CheckinRecord]:
        """The records of check-ins, without the ratings after sessions."""
        return [r for r in self.records if not r.rating]


@dataclass(frozen=True)
class WeekTable:
    """Week by week as a table, for the PDF: a row per check-in, under `columns`, and a
    row per gap, whose one cell says what happened."""

    heading: str
    columns: list[str]
    rows: list[list[str]]
    strong: int | None  # the column of the answers that stand out, if shown


def period_bounds(
    period: Period, as_of: datetime, zone: ZoneInfo, last_summary_at: datetime | None
) -> tuple[datetime, datetime]:
    """The UTC span of a period ending at `as_of`; weeks count whole local days."""
    if period is Period.SINCE_LAST:
        if last_summary_at is None:
            raise ValueError("there is no earlier summary to start from")
        return last_summary_at, as_of
    weeks = 4 if period is Period.FOUR_WEEKS else 12
    first_day = as_of.astimezone(zone).date() - timedelta(days=7 * weeks - 1)
    return local_slot(first_day, time(0), zone), as_of


def available_sections(data: SummaryData) -> list[Section]:
    """Only sections that have something in them are offered."""
    records = data.records
    present = {
        Section.MOOD: any(r.mood is not None for r in records),
        Section.ALLIANCE: any(r.alliance_answered for r in records),
        Section.NOTES: any(r.note for r in records) or _agenda(data) is not None,
        Section.PHQ4: any(r.phq4_score("total") for r in records),
        Section.LINE: data.discuss_alliance,
        Section.GOALS: any(first_and_latest([v for _, v in g.ratings]) for g in data.goals),
        Section.TASKS: bool(data.tasks),
    }
    return [section for section in Section if present[section]]


def render_summary(
    w: Words, data: SummaryData, sections: set[Section], limit: int = SUMMARY_LIMIT
) -> str:
    """The summary in Telegram HTML, in `w`'s language, within `limit` characters, never cut
    mid-line. `data` was read with the instruments in the same language."""
    for detail in (2, 1, 0):
        text = _assemble(w, data, sections, detail, notes_shown=None)
        if len(text) <= limit:
            return text
    # Keep as many of the newest notes as fit; the length grows with the count shown.
    fits, too_many = 0, sum(1 for r in data.records if r.note)
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if len(_assemble(w, data, sections, 0, notes_shown=middle)) <= limit:
            fits = middle
        else:
            too_many = middle
    text = _assemble(w, data, sections, 0, notes_shown=fits)
    if len(text) <= limit:
        return text
    # Then the oldest tasks give way, a line saying how many.
    shown = len(data.tasks)
    text = _assemble(w, data, sections - {Section.NOTES}, 0, notes_shown=0)
    while len(text) > limit and shown > 0:
        shown -= 1
        text = _assemble(w, data, sections - {Section.NOTES}, 0, notes_shown=0, tasks_shown=shown)
    return text


def printed_summary(
    w: Words, data: SummaryData, sections: set[Section]
) -> tuple[str, WeekTable, str]:
    """The summary for paper, where length is no matter: its first page (in Telegram
    HTML, every note shown, with the session it is for), week by week as a table, and the
    footnotes."""
    heading = _heading(w, data)
    if data.next_session:
        title, rest = heading.split("\n", 1)
        day = w._("For the session on {day}", day=w.long_date(data.next_session))
        heading = f"{title}\n<b>{day}</b>\n{rest}"
    blocks = [
        heading,
        _own_words(w, data, sections, None),
        at_a_glance(w, data, sections),
        my_goals(w, data, sections),
        _my_tasks(w, data, sections, phone=False),
    ]
    first = "\n\n".join(block for block in blocks if block)
    return first, week_table(w, data, sections), _footnotes(w, data, sections)


def _assemble(
    w: Words,
    data: SummaryData,
    sections: set[Section],
    detail: int,
    notes_shown: int | None,
    tasks_shown: int | None = None,
) -> str:
    blocks = [
        _heading(w, data),
        _own_words(w, data, sections, notes_shown),
        at_a_glance(w, data, sections),
        my_goals(w, data, sections),
        _my_tasks(w, data, sections, shown=tasks_shown),
        _by_week(w, data, sections, detail) if detail else _by_month(w, data, sections),
        _footnotes(w, data, sections),
    ]
    return "\n\n".join(block for block in blocks if block)


def _heading(w: Words, data: SummaryData) -> str:
    period = w._("{start} – {end}", start=w.long_date(data.start), end=w.long_date(data.end))
    count = w.ngettext("{n} check-in", "{n} check-ins", len(data.checkins))
    return "{title}\n{period} · {count}".format(
        title=w._("<b>My check-ins between sessions</b>"), period=period, count=count
    )


def _agenda(data: SummaryData) -> CheckinRecord | None:
    """The latest check-in, if it says what the client would like to talk about next time
    (an older one was about a session that has passed)."""
    latest = data.checkins[-1] if data.checkins else None
    return latest if latest is not None and latest.agenda else None


def _own_words(w: Words, data: SummaryData, sections: set[Section], notes_shown: int | None) -> str:
    """What the client would like to talk about next time and the line they asked for, then
    their notes, newest first (the newest says it in their own words)."""
    lines = [w._("<b>What I'd like to bring up</b>")]
    agenda = _agenda(data)
    if Section.NOTES in sections and agenda is not None:
        lines.append("• " + w._("Next time: {topic}", topic=escape(agenda.agenda or "")))
    if Section.LINE in sections and data.discuss_alliance:
        line = w._(ALLIANCE_LINE)
        if data.discuss_added:
            line = w._("{line} (added {day})", line=line, day=w.day_month(data.discuss_added))
        lines.append(f"• {line}")
    if Section.NOTES in sections:
        notes = [r for r in reversed(data.records) if r.note]
        shown = notes if notes_shown is None else notes[:notes_shown]
        lines.extend(f"• {_noted(w, r)}: {escape(r.note or '')}" for r in shown)
        hidden = len(notes) - len(shown)
        if hidden:
            lines.append(
                "• "
                + w.ngettext(
                    "({n} earlier note not shown here)",
                    "({n} earlier notes not shown here)",
                    hidden,
                )
            )
    return "\n".join(lines) if len(lines) > 1 else ""


def _noted(w: Words, record: CheckinRecord) -> str:
    """When a note was written: the check-in's day, or the session it came after."""
    day = w.short_day(record.day)
    return w._("{day}, session", day=day) if record.rating else day


def at_a_glance(w: Words, data: SummaryData, sections: set[Section]) -> str:
    lines = [w._("<b>At a glance</b>")]
    if Section.MOOD in sections:
        lines.append(_mood_glance(w, data.records))
    if Section.ALLIANCE in sections:
        lines.append(_alliance_glance(w, data.records))
    if Section.PHQ4 in sections:
        lines.append(_phq4_glance(w, data.records))
    lines = [line for line in lines if line]
    return "\n".join(lines) if len(lines) > 1 else ""


def my_goals(w: Words, data: SummaryData, sections: set[Section]) -> str:
    """Each goal in the client's words, lettered as in the chart: first → latest."""
    if Section.GOALS not in sections or not data.goals:
        return ""
    lines = [w._("<b>My goals</b> <i>(how close I feel, 0–10: first → latest)</i>")]
    for index, goal in enumerate(data.goals):
        ends = first_and_latest([value for _, value in goal.ratings])
        given = sum(1 for _, value in goal.ratings if value is not None)
        if ends is None:
            how = w._("skipped")
        else:
            how = str(ends[0]) if given == 1 else f"{ends[0]} → {ends[1]}"
        words = escape(goal.words)
        if goal.archived:
            words = w._("{goal} (set aside)", goal=words)
        lines.append(f"{mark(index)}. {words}: {how}")
    return "\n".join(lines)


def _my_tasks(
    w: Words,
    data: SummaryData,
    sections: set[Section],
    *,
    phone: bool = True,
    shown: int | None = None,
) -> str:
    """Each task agreed, in the client's words, with every check-in's answer about it:
    "Agreed on 3 Nov: “…” — tried, partly"; on a phone, within `LINE_WIDTH`. Only the
    newest `shown` when not all fit, with a line saying how many are not."""
    if Section.TASKS not in sections or not data.tasks:
        return ""
    lines = [w._("<b>What I agreed to try</b>")]
    hidden = 0 if shown is None else len(data.tasks) - shown
    if hidden:
        lines.append(
            w.ngettext(
                "({n} earlier task not shown here)", "({n} earlier tasks not shown here)", hidden
            )
        )
    for task in data.tasks[hidden:]:
        line = summary_line(w, task, escape(task.words))
        lines.extend(_wrap("", line) if phone else [line])
    return "\n".join(lines)


def _mood_glance(w: Words, records: list[CheckinRecord]) -> str:
    moods = [r.mood for r in records if r.mood is not None]
    if not moods:
        return ""
    if len(moods) == 1:
        return w._("Mood: {mood} (one check-in)", mood=moods[0])
    if min(moods) == max(moods):
        return w.ngettext(
            "Mood: {mood} at each of {n} check-ins",
            "Mood: {mood} at each of {n} check-ins",
            len(moods),
            mood=moods[0],
        )
    return w._(
        "Mood: {first} → {latest} (range {low}–{high})",
        first=moods[0],
        latest=moods[-1],
        low=min(moods),
        high=max(moods),
    )


def is_low(value: int | None) -> bool:
    """An answer about therapy that stands out: `LOW_ANSWER` or lower; a skip is not low."""
    return value is not None and value <= LOW_ANSWER


def dip(records: list[CheckinRecord]) -> CheckinRecord | None:
    """The check-in with the lowest low answer about therapy (of equals, the latest); None
    when no answer was low, however the answers moved."""
    low = [r for r in records if any(is_low(v) for v in r.alliance.values())]
    return min(reversed(low), key=_lowest, default=None)


def _lowest(record: CheckinRecord) -> int:
    return min(v for v in record.alliance.values() if v is not None)


def _alliance_glance(w: Words, records: list[CheckinRecord]) -> str:
    averages = [r.alliance_average for r in records if r.alliance_average is not None]
    if not averages:
        return ""
    text = w._("How therapy feels: {values}", values=_first_latest(averages, w.decimal))
    low = dip(records)
    if low is not None:
        text += "; " + w._(
            "dip {day} ({answers})",
            day=w.short_day_month(low.day),
            answers="; ".join(_stand_out(w, low)),
        )
    return text


def _stand_out(w: Words, record: CheckinRecord) -> list[str]:
    """The answers about therapy a reader should not miss: each low one, named, and how
    many were not answered."""
    low = [
        w._("{item} {value}", item=escape(label), value=value)
        for label, value in record.alliance.items()
        if is_low(value)
    ]
    unanswered = record.alliance_asked - record.alliance_answered
    if unanswered:
        low.append(w.ngettext("{n} not answered", "{n} not answered", unanswered))
    return low


def _phq4_glance(w: Words, records: list[CheckinRecord]) -> str:
    scored = [r for r in records if r.phq4_score("total")]
    if not scored:
        return ""
    totals = [r.phq4_score("total") for r in (scored[0], scored[-1])]
    banded = [f"{t.value:g} ({t.band})" for t in totals if t is not None]
    text = w._("PHQ-4: {totals}", totals=banded[0] if len(scored) == 1 else " → ".join(banded))
    latest = [r for r in scored[-1].phq4 if r.key != "total" and r.value is not None]
    if latest:
        text += "; " + ", ".join(_subscale(w, result) for result in latest)
    # A subscale worth discussing earlier but no longer: when it last was.
    now_flagged = {r.key for r in latest if r.flagged}
    earlier: dict[str, tuple[ScoreResult, date]] = {}
    for record in scored[:-1]:
        for result in record.phq4:
            if result.key != "total" and result.flagged and result.key not in now_flagged:
                earlier[result.key] = (result, record.day)
    for result, day in earlier.values():
        text += "; " + w._(
            "{score} was {value} on {day}",
            score=_short_name(result),
            value=f"{result.value:g}",
            day=w.short_day_month(day),
        )
    return text


def _subscale(w: Words, result: ScoreResult) -> str:
    value = f"{_short_name(result)} {result.value:g}"
    return w._("{score} — worth discussing", score=value) if result.flagged else value


def _short_name(result: ScoreResult) -> str:
    """ "PHQ-2", "GAD-2": the published names, the same in every language."""
    return result.label.split(" (")[0]


def _by_week(w: Words, data: SummaryData, sections: set[Section], detail: int) -> str:
    """A few lines per check-in, each within `LINE_WIDTH`, with its gaps in between."""
    rows: list[tuple[date, list[str]]] = []
    for record in data.records:
        parts = _week_parts(w, record, sections)
        if parts:
            day = w.short_day(record.day) if detail == 2 else w.short_day_month(record.day)
            if record.rating:
                day = w._("{day}, session", day=day)
            rows.append((record.day, _pack(f"{day}: ", parts)))
    if not rows:
        return ""
    for gap in data.gaps:
        rows.append((gap.start, _gap_lines(w, gap, detail)))
    heading = w._("<b>Week by week</b>") if data.weekly else w._("<b>Check-in by check-in</b>")
    lines = [heading, _key(w, sections)]
    lines.extend(line for _, row in sorted(rows, key=lambda row: row[0]) for line in row)
    return "\n".join(line for line in lines if line)


def _gap_lines(w: Words, gap: Gap, detail: int) -> list[str]:
    return _pack(f"{_gap_day(w, gap, detail)}: ", [w._(GAP_WORDS[gap.kind])])


def _gap_day(w: Words, gap: Gap, detail: int) -> str:
    if gap.kind is GapKind.PAUSED:
        return w._(
            "{start} – {end}", start=w.short_day_month(gap.start), end=w.short_day_month(gap.end)
        )
    return w.short_day(gap.start) if detail == 2 else w.short_day_month(gap.start)


GAP_WORDS = {
    GapKind.NOT_ANSWERED: N_("not answered"),
    GapKind.SKIPPED: N_("skipped by choice"),
    GapKind.PAUSED: N_("check-ins paused"),
    GapKind.NO_SESSION: N_("no session"),
}


def _pack(first: str, parts: list[str]) -> list[str]:
    """`parts` joined by " · " into lines of at most `LINE_WIDTH` characters, the first
    after `first`, the others indented; a part too long alone is wrapped at its spaces."""
    lines = [first]
    for part in parts:
        bare = lines[-1] in (first, INDENT)
        joined = lines[-1] + part if bare else f"{lines[-1]} · {part}"
        if not bare and len(_plain(joined)) > LINE_WIDTH:
            lines.append(INDENT)
            joined = INDENT + part
        if len(_plain(joined)) <= LINE_WIDTH:
            lines[-1] = joined
        else:
            lines[-1:] = _wrap(lines[-1], part)
    return lines


def _wrap(start: str, part: str) -> list[str]:
    lines = [start]
    for word in part.split(" "):
        bare = lines[-1] in (start, INDENT)
        if not bare and len(_plain(f"{lines[-1]} {word}")) > LINE_WIDTH:
            lines.append(INDENT + word)
        else:
            lines[-1] = lines[-1] + word if bare else f"{lines[-1]} {word}"
    return lines


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<")


def _key(w: Words, sections: set[Section]) -> str:
    parts = []
    if Section.MOOD in sections:
        parts.append(w._("mood 0–10"))
    if Section.ALLIANCE in sections:
        parts.append(w._("therapy 1–5"))
    if Section.PHQ4 in sections:
        parts.append(w._("PHQ-4 0–12"))
    return f"<i>{', '.join(parts)}</i>" if parts else ""


def _week_parts(w: Words, record: CheckinRecord, sections: set[Section]) -> list[str]:
    """A check-in's answers; a rating's, about the session of its day (it asks no mood)."""
    parts = []
    if Section.MOOD in sections and not record.rating:
        parts.append(w._("mood {value}", value=_value(record.mood)))
    if Section.ALLIANCE in sections and record.alliance:
        # The answers that stand out are named after the range of the others.
        values = _ordinary_range(record)
        if values:
            if record.session and record.session != record.day:
                session = w.short_day_month(record.session)
                parts.append(w._("therapy ({session}) {values}", session=session, values=values))
            else:
                parts.append(w._("therapy {values}", values=values))
        parts.extend(f"<b>{answer}</b>" for answer in _stand_out(w, record))
    if Section.PHQ4 in sections and record.phq4:
        total = record.phq4_score("total")
        value = SKIPPED if total is None else f"{total.value:g}"
        parts.append(w._("PHQ-4 {value}", value=value))
    return parts


def _ordinary_range(record: CheckinRecord) -> str:
    """ "4–5": the range of the answers about therapy that are not low; "" if none."""
    others = [v for v in record.alliance.values() if v is not None and not is_low(v)]
    if not others:
        return ""
    low, high = min(others), max(others)
    return str(low) if low == high else f"{low}–{high}"


def week_table(w: Words, data: SummaryData, sections: set[Section]) -> WeekTable:
    columns, strong = [w._("Check-in")], None
    if Section.MOOD in sections:
        columns.append(w._("Mood (0–10)"))
    if Section.ALLIANCE in sections:
        strong = len(columns) + 1
        columns += [w._("Therapy (1–5)"), w._("Low or not answered")]
    if Section.PHQ4 in sections:
        columns.append(w._("PHQ-4 (0–12)"))
    rows: list[tuple[date, list[str]]] = []
    for record in data.records:
        cells = [w.short_day(record.day)]
        if Section.MOOD in sections:
            cells.append("" if record.rating else _value(record.mood))
        if Section.ALLIANCE in sections:
            therapy = _ordinary_range(record) if record.alliance else SKIPPED
            if record.session and therapy:
                session = w.short_day_month(record.session)
                therapy = w._("{values} (session {session})", values=therapy, session=session)
            cells += [therapy or SKIPPED, "; ".join(_stand_out(w, record))]
        if Section.PHQ4 in sections:
            total = record.phq4_score("total")
            cells.append(f"{total.value:g}" if total else SKIPPED if record.phq4 else "")
        rows.append((record.day, cells))
    for gap in data.gaps:
        rows.append(
            (gap.start, [_gap_lines(w, gap, 2)[0].split(": ")[0], w._(GAP_WORDS[gap.kind])])
        )
    heading = w._("<b>Week by week</b>") if data.weekly else w._("<b>Check-in by check-in</b>")
    ordered = [cells for _, cells in sorted(rows, key=lambda row: row[0])]
    return WeekTable(_plain(heading), columns, ordered, strong)


def _by_month(w: Words, data: SummaryData, sections: set[Section]) -> str:
    months: dict[tuple[int, int], list[CheckinRecord]] = defaultdict(list)
    for record in data.records:
        months[(record.day.year, record.day.month)].append(record)
    gaps: dict[tuple[int, int], list[Gap]] = defaultdict(list)
    for gap in data.gaps:
        gaps[(gap.start.year, gap.start.month)].append(gap)
    lines = [w._("<b>Month by month</b>")]
    for year, month in sorted(months.keys() | gaps.keys()):
        records = months[(year, month)]
        counted = sum(1 for r in records if not r.rating)
        parts = [w.ngettext("{n} check-in", "{n} check-ins", counted)]
        parts.extend(_gap_counts(w, gaps[(year, month)]))
        moods = [r.mood for r in records if r.mood is not None]
        alliances = [r.alliance_average for r in records if r.alliance_average is not None]
        skipped = sum(r.alliance_asked - r.alliance_answered for r in records)
        low = sum(1 for r in records for v in r.alliance.values() if is_low(v))
        totals = [s.value for r in records if (s := r.phq4_score("total")) and s.value is not None]
        if Section.MOOD in sections and moods:
            parts.append(w._("mood {value}", value=_first_latest(moods, str)))
        if Section.ALLIANCE in sections and alliances:
            therapy = w._("therapy {values}", values=_first_latest(alliances, w.decimal))
            details = [
                *([w.ngettext("{n} low", "{n} low", low)] if low else []),
                *([w.ngettext("{n} not answered", "{n} not answered", skipped)] if skipped else []),
            ]
            parts.append(f"{therapy} ({', '.join(details)})" if details else therapy)
        if Section.PHQ4 in sections and totals:
            parts.append(w._("PHQ-4 {value}", value=_first_latest(totals, "{:g}".format)))
        lines.append(f"{w.month_year(date(year, month, 1))}: " + " · ".join(parts))
    return "\n".join(lines)


def _gap_counts(w: Words, gaps: list[Gap]) -> list[str]:
    def count(kind: GapKind) -> int:
        return sum(1 for gap in gaps if gap.kind is kind)

    counts = [
        w.ngettext("{n} not answered", "{n} not answered", count(GapKind.NOT_ANSWERED)),
        w.ngettext("{n} skipped", "{n} skipped", count(GapKind.SKIPPED)),
        w.ngettext("paused once", "paused {n} times", count(GapKind.PAUSED)),
        w.ngettext("{n} without a session", "{n} without a session", count(GapKind.NO_SESSION)),
    ]
    kinds = (GapKind.NOT_ANSWERED, GapKind.SKIPPED, GapKind.PAUSED, GapKind.NO_SESSION)
    return [text for text, kind in zip(counts, kinds, strict=True) if count(kind)]


def _first_latest(values: list[float] | list[int], form: Callable[[float], str]) -> str:
    first, latest = form(values[0]), form(values[-1])
    return first if len(values) == 1 else f"{first} → {latest}"


def _footnotes(w: Words, data: SummaryData, sections: set[Section]) -> str:
    lines = []
    if Section.PHQ4 in sections and any(r.phq4 for r in data.records):
        bands = w._(
            "Bands: 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe; a PHQ-2 or GAD-2 of 3 or "
            "more is worth discussing."
        )
        if data.weekly:
            about = w._(
                "PHQ-4 (Kroenke et al., 2009) asks about the last two weeks, so weekly answers "
                "overlap."
            )
        else:
            about = w._("PHQ-4 (Kroenke et al., 2009) asks about the last two weeks.")
        lines.append(f"<i>{about} {bands}</i>")
    if data.weekly:
        source = w._(
            "<i>My own answers from weekly check-ins with Between: talking points for our next "
            "session, not a diagnosis.</i>"
        )
    else:
        source = w._(
            "<i>My own answers from check-ins before each session, with Between: talking "
            "points for our next session, not a diagnosis.</i>"
        )
    lines.append(source)
    return "\n".join(lines)


def escape(text: str) -> str:
    """For Telegram HTML: <, > and & only, so apostrophes stay readable."""
    return _escape(text, quote=False)


def _value(value: int | None) -> str:
    return SKIPPED if value is None else str(value)


def checkin_record(
    day: date,
    answers: dict[str, dict[str, int | None]],
    note: str | None,
    instruments: dict[str, Instrument],
    planned: Collection[str] | None = None,
) -> CheckinRecord:
    """One check-in as the summary reads it; `answers` maps instrument id → item key → value
    (None: skipped). Alliance items in its plan (`planned`, weekly item keys; None: every
    item of today's instrument) but never reached count as not answered; items an earlier
    version did not ask count as neither."""
    weekly = answers.get(WEEKLY, {})
    weekly_scores = {r.key: r for r in score(instruments[WEEKLY], weekly)}
    alliance = weekly_scores.get("alliance")
    keys = alliance_keys(instruments)
    asked = any(k in weekly for k in keys)
    phq4 = score(instruments[PHQ4], answers[PHQ4]) if PHQ4 in answers else []
    topic = answers.get(AGENDA, {}).get("topic")
    return CheckinRecord(
        day=day,
        mood=weekly.get("mood"),
        alliance={instruments[WEEKLY].item(k).label: weekly.get(k) for k in keys} if asked else {},
        alliance_average=alliance.value if alliance else None,
        note=note,
        phq4=phq4,
        unasked=sum(1 for k in keys if k not in planned) if asked and planned is not None else 0,
        agenda=None if topic is None else instruments[AGENDA].item("topic").labels.get(topic),
    )


def alliance_keys(instruments: dict[str, Instrument]) -> list[str]:
    return _score_items(instruments[WEEKLY], "alliance")


def _score_items(instrument: Instrument, key: str) -> list[str]:
    return next((s.items for s in instrument.scores if s.key == key), [])
