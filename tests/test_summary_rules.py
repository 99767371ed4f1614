"""Pure rules behind the summary: period arithmetic, condensing. (The nudge: test_nudge.py.)"""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.chart import ChartData, summary_chart
from domain.language import ENGLISH, Language, words
from domain.summary import (
    CheckinRecord,
    Period,
    Section,
    SummaryData,
    period_bounds,
    render_summary,
)

EN = words(ENGLISH)

LONDON = ZoneInfo("Europe/London")


def test_four_weeks_start_at_local_midnight_across_spring_forward() -> None:
    as_of = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
    start, end = period_bounds(Period.FOUR_WEEKS, as_of, LONDON, None)
    assert start == datetime(2026, 3, 14, 0, 0, tzinfo=UTC)  # GMT midnight, before the change
    assert start.astimezone(LONDON).hour == 0
    assert end == as_of


def test_twelve_weeks_across_fall_back_in_new_york() -> None:
    zone = ZoneInfo("America/New_York")
    as_of = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    start, _ = period_bounds(Period.TWELVE_WEEKS, as_of, zone, None)
    local = start.astimezone(zone)
    assert (local.date(), local.hour, local.utcoffset().total_seconds()) == (  # type: ignore[union-attr]
        date(2026, 8, 29),
        0,
        -4 * 3600,
    )


def test_kathmandu_periods_start_at_its_own_midnight() -> None:
    zone = ZoneInfo("Asia/Kathmandu")
    start, _ = period_bounds(Period.FOUR_WEEKS, datetime(2027, 1, 3, 0, 0, tzinfo=UTC), zone, None)
    assert start == datetime(2026, 12, 6, 18, 15, tzinfo=UTC)


def test_since_last_summary_starts_at_the_last_one() -> None:
    last = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    as_of = datetime(2026, 11, 20, tzinfo=UTC)
    assert period_bounds(Period.SINCE_LAST, as_of, LONDON, last) == (last, as_of)
    with pytest.raises(ValueError):
        period_bounds(Period.SINCE_LAST, as_of, LONDON, None)


def record(day: int, note: str | None = None) -> CheckinRecord:
    return CheckinRecord(
        day=date(2026, 1, 1).replace(day=day),
        mood=5,
        alliance={"felt heard": 4},
        alliance_average=4.0,
        note=note,
    )


def test_empty_sections_render_no_headings() -> None:
    data = SummaryData(date(2026, 1, 1), date(2026, 1, 28), [record(5)])
    text = render_summary(EN, data, {Section.MOOD})
    assert "Mood: 5 (one check-in)" in text
    assert "Mon 5 Jan: mood 5" in text
    assert "therapy" not in text.lower() and "bring up" not in text


def test_notes_are_escaped_for_telegram_html() -> None:
    data = SummaryData(date(2026, 1, 1), date(2026, 1, 28), [record(5, "<b>me</b> & you")])
    assert "&lt;b&gt;me&lt;/b&gt; &amp; you" in render_summary(EN, data, {Section.NOTES})


@pytest.mark.parametrize("language", list(Language))
def test_a_chart_of_one_checkin_says_the_next_ones_draw_the_line(
    language: Language, tmp_path: Path
) -> None:
    w = words(language)
    first = date(2026, 11, 2)
    one = SummaryData(first, first + timedelta(days=27), [CheckinRecord(first, 0, {}, None, None)])
    chart = ChartData.of(w, one, {Section.MOOD})
    assert chart is not None and chart.note == w._(
        "One check-in so far: the next ones draw the line."
    ), "a mood of 0 is an answer"
    (tmp_path / f"one-{language.value}.png").write_bytes(summary_chart(chart))
    two = replace(
        one, records=[*one.records, CheckinRecord(first + timedelta(days=7), 6, {}, None, None)]
    )
    chart = ChartData.of(w, two, {Section.MOOD})
    assert chart is not None and chart.note is None
