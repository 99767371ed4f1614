"""The summary a client may forward to their therapist: talking points, not a diagnosis.

Written in the client's voice, since it is theirs to send, for a therapist who has 30
seconds: the client's own words first, then at most three lines at a glance (first →
latest, never an average that hides change), then one short line per week, with missing
weeks and skipped items in plain sight.

It always fits one Telegram message: a long period is condensed (less detail per check-in,
then one line a month) and, if notes still do not fit, the oldest notes give way to a line
saying how many.
"""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from html import escape as _escape
from zoneinfo import ZoneInfo

from domain.cadence import local_slot
from domain.goals import GoalRatings, first_and_latest, mark
from domain.instruments import Instrument
from domain.language import N_, Words
from domain.plan import PHQ4, WEEKLY
from domain.scoring import ScoreResult, score

# The preview shows a line above the summary; both must fit one message.
SUMMARY_LIMIT = 3900
# A check-in this close to the expected day counts for that week.
SAME_WEEK = timedelta(days=3)
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
    since: date | None = None  # the client's first check-in: no week before it is missing
    goals: list[GoalRatings] = field(default_factory=list)  # rated or skipped in the period


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
        Section.NOTES: any(r.note for r in records),
        Section.PHQ4: any(r.phq4_score("total") for r in records),
        Section.LINE: data.discuss_alliance,
        Section.GOALS: any(first_and_latest([v for _, v in g.ratings]) for g in data.goals),
    }
    return [section for section in Section if present[section]]


def missing_weeks(data: SummaryData) -> list[date]:
    """The days a weekly check-in would have come but none was answered.

    The expected weekday is that of the latest check-in; weeks before the client's first
    check-in, and today (its check-in may still come), are not missing.
    """
    if not data.records:
        return []
    weekday = data.records[-1].day.weekday()
    first = max(data.start, data.since) if data.since else data.start
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    answered = [r.day for r in data.records]
    missing = []
    while day < data.end:
        if all(abs(day - other) > SAME_WEEK for other in answered):
            missing.append(day)
        day += timedelta(weeks=1)
    return missing


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
    return _assemble(w, data, sections - {Section.NOTES}, 0, notes_shown=0)


def _assemble(
    w: Words, data: SummaryData, sections: set[Section], detail: int, notes_shown: int | None
) -> str:
    blocks = [
        _heading(w, data),
        _own_words(w, data, sections, notes_shown),
        _at_a_glance(w, data, sections),
        _my_goals(w, data, sections),
        _by_week(w, data, sections, detail) if detail else _by_month(w, data, sections),
        _footnotes(w, data, sections),
    ]
    return "\n\n".join(block for block in blocks if block)


def _heading(w: Words, data: SummaryData) -> str:
    period = w._("{start} – {end}", start=w.long_date(data.start), end=w.long_date(data.end))
    count = w.ngettext("{n} check-in", "{n} check-ins", len(data.records))
    return "{title}\n{period} · {count}".format(
        title=w._("<b>My check-ins between sessions</b>"), period=period, count=count
    )


def _own_words(w: Words, data: SummaryData, sections: set[Section], notes_shown: int | None) -> str:
    """The line the client asked for, then their notes, newest first."""
    lines = [w._("<b>What I'd like to bring up</b>")]
    if Section.LINE in sections and data.discuss_alliance:
        line = w._(ALLIANCE_LINE)
        if data.discuss_added:
            line = w._("{line} (added {day})", line=line, day=w.day_month(data.discuss_added))
        lines.append(f"• {line}")
    if Section.NOTES in sections:
        notes = [r for r in reversed(data.records) if r.note]
        shown = notes if notes_shown is None else notes[:notes_shown]
        lines.extend(f"• {w.short_day(r.day)}: {escape(r.note or '')}" for r in shown)
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


def _at_a_glance(w: Words, data: SummaryData, sections: set[Section]) -> str:
    lines = [w._("<b>At a glance</b>")]
    if Section.MOOD in sections:
        lines.append(_mood_glance(w, data.records))
    if Section.ALLIANCE in sections:
        lines.append(_alliance_glance(w, data.records))
    if Section.PHQ4 in sections:
        lines.append(_phq4_glance(w, data.records))
    lines = [line for line in lines if line]
    return "\n".join(lines) if len(lines) > 1 else ""


def _my_goals(w: Words, data: SummaryData, sections: set[Section]) -> str:
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


def _alliance_glance(w: Words, records: list[CheckinRecord]) -> str:
    answered = [r for r in records if r.alliance_answered]
    if not answered:
        return ""
    latest = answered[-1]
    assert latest.alliance_average is not None
    text = w._(
        "How therapy feels: {average}/5 on {day} ({answered} of {asked} answered)",
        average=w.decimal(latest.alliance_average),
        day=w.short_day_month(latest.day),
        answered=latest.alliance_answered,
        asked=latest.alliance_asked,
    )
    # The lowest single answer in the period; of equals, the latest.
    lowest = min(
        (
            (value, -index, label, record.day)
            for index, record in enumerate(answered)
            for label, value in record.alliance.items()
            if value is not None
        ),
    )
    value, _, label, day = lowest
    lowest_text = w._(
        "lowest: {item} {value}/5 on {day}",
        item=escape(label),
        value=value,
        day=w.short_day_month(day),
    )
    return f"{text}; {lowest_text}"


def _phq4_glance(w: Words, records: list[CheckinRecord]) -> str:
    scored = [r for r in records if r.phq4_score("total")]
    if not scored:
        return ""
    first, latest = (r.phq4_score("total") for r in (scored[0], scored[-1]))
    assert first is not None and latest is not None and latest.value is not None
    total = f"{latest.value:g}" if len(scored) == 1 else f"{first.value:g} → {latest.value:g}"
    day = w.short_day_month(scored[-1].day)
    text = w._("PHQ-4: {total} ({band}) on {day}", total=total, band=latest.band, day=day)
    # Each subscale at 3 or more: in the latest answers, else when it last was.
    flagged: dict[str, tuple[ScoreResult, date]] = {}
    for record in scored:
        for result in record.phq4:
            if result.key != "total" and result.flagged and result.value is not None:
                flagged[result.key] = (result, record.day)
    for result, day in flagged.values():
        value = f"{result.value:g}"
        if day == scored[-1].day:
            flag = w._(
                "{score} {value} — worth discussing", score=escape(result.label), value=value
            )
        else:
            flag = w._(
                "{score} {value} on {day} — worth discussing",
                score=escape(result.label),
                value=value,
                day=w.short_day_month(day),
            )
        text += f"; {flag}"
    return text


def _by_week(w: Words, data: SummaryData, sections: set[Section], detail: int) -> str:
    """One line per check-in (≤ 60 characters), then the weeks without one."""
    lines = [w._("<b>Week by week</b>"), _key(w, data, sections)]
    for record in data.records:
        parts = _week_parts(w, record, sections)
        if parts:
            day = w.short_day(record.day) if detail == 2 else w.short_day_month(record.day)
            lines.append(f"{day}: " + " · ".join(parts))
    if len(lines) == 2:
        return ""
    missing = missing_weeks(data)
    if missing:
        lines.append(w._("No check-in: {days}", days=_days_by_month(w, missing)))
    return "\n".join(line for line in lines if line)


def _key(w: Words, data: SummaryData, sections: set[Section]) -> str:
    parts = []
    if Section.MOOD in sections:
        parts.append(w._("mood 0–10"))
    if Section.ALLIANCE in sections:
        labels = next((list(r.alliance) for r in data.records if r.alliance), [])
        parts.append(
            w._(
                "therapy 1–5 each: {items} ({skipped} skipped)",
                items=escape(", ".join(labels)),
                skipped=SKIPPED,
            )
        )
    if Section.PHQ4 in sections:
        parts.append(w._("PHQ-4 0–12"))
    return f"<i>{'; '.join(parts)}</i>" if parts else ""


def _week_parts(w: Words, record: CheckinRecord, sections: set[Section]) -> list[str]:
    parts = []
    if Section.MOOD in sections:
        parts.append(w._("mood {value}", value=_value(record.mood)))
    if Section.ALLIANCE in sections and record.alliance:
        values = " ".join(_value(v) for v in record.alliance.values())
        if record.session:
            therapy = w._(
                "therapy ({session}) {values}",
                session=w.short_day_month(record.session),
                values=values,
            )
        else:
            therapy = w._("therapy {values}", values=values)
        parts.append(therapy)
    if Section.PHQ4 in sections and record.phq4:
        total = record.phq4_score("total")
        value = SKIPPED if total is None else f"{total.value:g}"
        parts.append(w._("PHQ-4 {value}", value=value))
    return parts


def _by_month(w: Words, data: SummaryData, sections: set[Section]) -> str:
    months: dict[tuple[int, int], list[CheckinRecord]] = defaultdict(list)
    for record in data.records:
        months[(record.day.year, record.day.month)].append(record)
    missed: dict[tuple[int, int], int] = defaultdict(int)
    for day in missing_weeks(data):
        missed[(day.year, day.month)] += 1
    lines = [w._("<b>Month by month</b>")]
    for year, month in sorted(months.keys() | missed.keys()):
        records = months[(year, month)]
        parts = [w.ngettext("{n} check-in", "{n} check-ins", len(records))]
        if missed[(year, month)]:
            parts[0] += ", " + w.ngettext("{n} missed", "{n} missed", missed[(year, month)])
        moods = [r.mood for r in records if r.mood is not None]
        alliances = [r.alliance_average for r in records if r.alliance_average is not None]
        skipped = sum(r.alliance_asked - r.alliance_answered for r in records)
        totals = [s.value for r in records if (s := r.phq4_score("total")) and s.value is not None]
        if Section.MOOD in sections and moods:
            parts.append(w._("mood {value}", value=_first_latest(moods, str)))
        if Section.ALLIANCE in sections and alliances:
            therapy = w._("therapy {values}", values=_first_latest(alliances, w.decimal))
            if skipped:
                therapy += " " + w.ngettext("({n} skipped)", "({n} skipped)", skipped)
            parts.append(therapy)
        if Section.PHQ4 in sections and totals:
            parts.append(w._("PHQ-4 {value}", value=_first_latest(totals, "{:g}".format)))
        lines.append(f"{w.month_year(date(year, month, 1))}: " + " · ".join(parts))
    return "\n".join(lines)


def _first_latest(values: list[float] | list[int], form: Callable[[float], str]) -> str:
    first, latest = form(values[0]), form(values[-1])
    return first if len(values) == 1 else f"{first} → {latest}"


def _footnotes(w: Words, data: SummaryData, sections: set[Section]) -> str:
    lines = []
    if Section.PHQ4 in sections and any(r.phq4 for r in data.records):
        lines.append(
            w._(
                "<i>PHQ-4 (Kroenke et al., 2009) asks about the last two weeks, so weekly "
                "answers overlap. Bands: 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe; a "
                "PHQ-2 or GAD-2 of 3 or more is worth discussing.</i>"
            )
        )
    lines.append(
        w._(
            "<i>My own answers from weekly check-ins with Between: talking points for our next "
            "session, not a diagnosis.</i>"
        )
    )
    return "\n".join(lines)


def escape(text: str) -> str:
    """For Telegram HTML: <, > and & only, so apostrophes stay readable."""
    return _escape(text, quote=False)


def _value(value: int | None) -> str:
    return SKIPPED if value is None else str(value)


def _days_by_month(w: Words, days: list[date]) -> str:
    """ "28 December, 11, 18 January": each month named once, after its last day."""
    groups: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in days:
        groups[(day.year, day.month)].append(day)
    return ", ".join(
        ", ".join([*(str(day.day) for day in group[:-1]), w.day_month(group[-1])])
        for group in groups.values()
    )


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
    return CheckinRecord(
        day=day,
        mood=weekly.get("mood"),
        alliance={instruments[WEEKLY].item(k).label: weekly.get(k) for k in keys} if asked else {},
        alliance_average=alliance.value if alliance else None,
        note=note,
        phq4=phq4,
        unasked=sum(1 for k in keys if k not in planned) if asked and planned is not None else 0,
    )


def alliance_keys(instruments: dict[str, Instrument]) -> list[str]:
    return _score_items(instruments[WEEKLY], "alliance")


def _score_items(instrument: Instrument, key: str) -> list[str]:
    return next((s.items for s in instrument.scores if s.key == key), [])
