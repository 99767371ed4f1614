"""The summary a client may forward to their therapist: talking points, not a diagnosis.

Written in the client's voice, since it is theirs to send. It always fits one Telegram
message: a long period is condensed (less detail per check-in, then one line a month)
and, if notes still do not fit, the oldest notes give way to a line saying how many.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from html import escape
from zoneinfo import ZoneInfo

from domain.averages import mean
from domain.cadence import local_slot
from domain.instruments import Instrument
from domain.plan import PHQ4, WEEKLY
from domain.scoring import ScoreResult, score

# The preview shows a line above the summary; both must fit one message.
SUMMARY_LIMIT = 3900
SAME_MOOD = 0.5
SAME_ALLIANCE = 0.2


class Period(StrEnum):
    SINCE_LAST = "last"
    FOUR_WEEKS = "4w"
    TWELVE_WEEKS = "12w"


class Section(StrEnum):
    MOOD = "mood"
    ALLIANCE = "alliance"
    NOTES = "notes"
    PHQ4 = "phq4"


@dataclass(frozen=True)
class CheckinRecord:
    day: date
    mood: int | None
    alliance: dict[str, int | None]
    alliance_average: float | None
    note: str | None
    phq4: list[ScoreResult] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryData:
    start: date
    end: date
    records: list[CheckinRecord]
    previous_mood: float | None
    previous_alliance: float | None
    discuss_alliance: bool = False


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


def previous_bounds(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The period of the same length just before."""
    return start - (end - start), start


def available_sections(data: SummaryData) -> list[Section]:
    """Only sections that have something in them are offered."""
    records = data.records
    present = {
        Section.MOOD: any(r.mood is not None for r in records),
        Section.ALLIANCE: any(r.alliance_average is not None for r in records)
        or data.discuss_alliance,
        Section.NOTES: any(r.note for r in records),
        Section.PHQ4: any(r.phq4 for r in records),
    }
    return [section for section in Section if present[section]]


def render_summary(data: SummaryData, sections: set[Section], limit: int = SUMMARY_LIMIT) -> str:
    """The summary in Telegram HTML, within `limit` characters, never cut mid-line."""
    for detail in (2, 1, 0):
        text = _assemble(data, sections, detail, notes_shown=None)
        if len(text) <= limit:
            return text
    # Keep as many of the newest notes as fit; the length grows with the count shown.
    fits, too_many = 0, sum(1 for r in data.records if r.note)
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if len(_assemble(data, sections, 0, notes_shown=middle)) <= limit:
            fits = middle
        else:
            too_many = middle
    text = _assemble(data, sections, 0, notes_shown=fits)
    if len(text) <= limit:
        return text
    return _assemble(data, sections - {Section.NOTES}, 0, notes_shown=0)


def _assemble(
    data: SummaryData, sections: set[Section], detail: int, notes_shown: int | None
) -> str:
    blocks = [_heading(data)]
    if sections & {Section.MOOD, Section.ALLIANCE}:
        blocks.append(_week_by_week(data, sections, detail))
        blocks.append(_direction(data, sections))
    if Section.PHQ4 in sections:
        blocks.append(_phq4(data))
    blocks.append(_to_discuss(data, sections, notes_shown))
    blocks.append(
        "<i>My own answers from weekly check-ins with Between: talking points for our next "
        "session, not a diagnosis.</i>"
    )
    return "\n\n".join(block for block in blocks if block)


def _heading(data: SummaryData) -> str:
    count = len(data.records)
    plural = "check-in" if count == 1 else "check-ins"
    return (
        "<b>My check-ins between sessions</b>\n"
        f"{_long_date(data.start)} – {_long_date(data.end)} · {count} {plural}"
    )


def _week_by_week(data: SummaryData, sections: set[Section], detail: int) -> str:
    if detail == 0:
        return _by_month(data, sections)
    lines = ["<b>Week by week</b>"]
    for record in data.records:
        parts = []
        if Section.MOOD in sections:
            parts.append(f"mood {_value(record.mood)}/10")
        if Section.ALLIANCE in sections and record.alliance_average is not None:
            parts.append(f"alliance {record.alliance_average:.1f}/5")
            if detail == 2:
                items = ", ".join(f"{k} {_value(v)}" for k, v in record.alliance.items())
                parts[-1] += f" ({escape(items)})"
        lines.append(f"{_short_date(record.day)}: " + " · ".join(parts))
    return "\n".join(lines)


def _by_month(data: SummaryData, sections: set[Section]) -> str:
    months: dict[tuple[int, int], list[CheckinRecord]] = defaultdict(list)
    for record in data.records:
        months[(record.day.year, record.day.month)].append(record)
    lines = ["<b>Month by month</b>"]
    for (year, month), records in sorted(months.items()):
        parts = [f"{len(records)} check-in{'s' if len(records) != 1 else ''}"]
        moods = [r.mood for r in records if r.mood is not None]
        alliances = [r.alliance_average for r in records if r.alliance_average is not None]
        if Section.MOOD in sections and moods:
            parts.append(f"mood {mean(moods):.1f} ({min(moods)}–{max(moods)})")
        if Section.ALLIANCE in sections and alliances:
            parts.append(f"alliance {mean(alliances):.1f}")
        lines.append(f"{date(year, month, 1):%B %Y}: " + " · ".join(parts))
    return "\n".join(lines)


def _direction(data: SummaryData, sections: set[Section]) -> str:
    lines = ["<b>Compared with the period before</b>"]
    if Section.MOOD in sections:
        moods = [r.mood for r in data.records if r.mood is not None]
        lines.append(_trend("Mood", moods, data.previous_mood, SAME_MOOD, "/10"))
    if Section.ALLIANCE in sections:
        alliances = [r.alliance_average for r in data.records if r.alliance_average is not None]
        lines.append(_trend("Alliance", alliances, data.previous_alliance, SAME_ALLIANCE, "/5"))
    return "\n".join(lines) if len(lines) > 1 else ""


def _trend(
    name: str, values: list[float] | list[int], before: float | None, same: float, unit: str
) -> str:
    if not values:
        return f"{name}: no answers in this period."
    now = mean(values)
    if before is None:
        return f"{name}: average {now:.1f}{unit}; no earlier check-ins to compare with."
    if abs(now - before) < same:
        return f"{name}: average {now:.1f}{unit}, about the same as before ({before:.1f})."
    direction = "up" if now > before else "down"
    return f"{name}: average {now:.1f}{unit}, {direction} from {before:.1f}."


def _phq4(data: SummaryData) -> str:
    lines = ["<b>PHQ-4</b> (Kroenke et al., 2009)"]
    for record in data.records:
        if not record.phq4:
            continue
        parts = []
        for result in record.phq4:
            if result.value is None:
                continue
            text = f"{escape(result.label)} {result.value:g}"
            if result.band:
                text += f" ({result.band})"
            if result.flagged:
                text += " — worth discussing"
            parts.append(text)
        lines.append(f"{_short_date(record.day)}: " + ("; ".join(parts) or "not complete"))
    return "\n".join(lines) if len(lines) > 1 else ""


def _to_discuss(data: SummaryData, sections: set[Section], notes_shown: int | None) -> str:
    lines = ["<b>What I'd like to bring up</b>"]
    if Section.ALLIANCE in sections and data.discuss_alliance:
        lines.append("• I'd like to talk about how our work together is going.")
    if Section.NOTES in sections:
        notes = [r for r in data.records if r.note]
        shown = notes if notes_shown is None else notes[len(notes) - notes_shown :]
        hidden = len(notes) - len(shown)
        if hidden:
            lines.append(f"• ({hidden} earlier note{'s' if hidden != 1 else ''} not shown here)")
        lines.extend(f"• {_short_date(r.day)}: {escape(r.note or '')}" for r in shown)
    return "\n".join(lines) if len(lines) > 1 else ""


def _value(value: int | None) -> str:
    return "–" if value is None else str(value)


def _short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def checkin_record(
    day: date,
    answers: dict[str, dict[str, int | None]],
    note: str | None,
    instruments: dict[str, Instrument],
) -> CheckinRecord:
    """One check-in as the summary reads it; `answers` maps instrument id → item key → value."""
    weekly = answers.get(WEEKLY, {})
    weekly_scores = {r.key: r for r in score(instruments[WEEKLY], weekly)}
    alliance = weekly_scores.get("alliance")
    phq4 = score(instruments[PHQ4], answers[PHQ4]) if PHQ4 in answers else []
    return CheckinRecord(
        day=day,
        mood=weekly.get("mood"),
        alliance={
            instruments[WEEKLY].item(k).label: weekly.get(k) for k in alliance_keys(instruments)
        },
        alliance_average=alliance.value if alliance else None,
        note=note,
        phq4=phq4,
    )


def alliance_keys(instruments: dict[str, Instrument]) -> list[str]:
    return _score_items(instruments[WEEKLY], "alliance")


def _score_items(instrument: Instrument, key: str) -> list[str]:
    return next((s.items for s in instrument.scores if s.key == key), [])
