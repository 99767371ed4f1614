"""What a therapist reads of the ratings after sessions: each rating under its session's day,
named as one, its line for the therapist with the notes; counted with neither the check-ins
nor the moods; for every rhythm and in every language."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from botapi import TelegramTestClient
from domain.chart import ChartData, _runs, summary_chart
from domain.language import Language, words
from domain.sessions import Rhythm
from domain.summary import CheckinRecord, Section, SummaryData, render_summary
from tests.harness import BotHarness
from tests.test_rating import NEXT_CHECKIN, RATED_AT, checked_in_before_thursday, rate

ALL = set(Section)
STATEMENTS = {"heard": 5, "accepted": 2, "genuine": 5, "safe": 5, "goals": 4, "approach": 5}


async def test_a_rated_session_is_in_the_summary_under_its_day(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await checked_in_before_thursday(bot, alex)
    bot.clock.set(RATED_AT)
    await bot.tick()
    await rate(alex, 5, "I felt rushed at the end")
    bot.clock.set(NEXT_CHECKIN)
    await bot.tick()
    await alex.press("7")
    await alex.press("Skip")  # the agenda
    await alex.press("Skip")  # the note
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    text = alex.last_text
    assert "2 check-ins" in text, "the rating is not a check-in"
    assert "Thu 26 Nov, session: therapy 5" in text
    assert "Thu 26 Nov, session: I felt rushed at the end" in text
    assert "Wed 2 Dec: mood 7" in text
    assert "mood –" not in text, "a rating asks no mood"


def rating(day: date, note: str | None = None) -> CheckinRecord:
    alliance = {key: value for key, value in STATEMENTS.items()}
    return CheckinRecord(day, None, alliance, 4.3, note, session=day, rating=True)


def checkin(day: date, mood: int) -> CheckinRecord:
    return CheckinRecord(day, mood, {}, None, None)


RHYTHMS = {
    Rhythm.WEEKLY: 7,
    Rhythm.EVERY_2_WEEKS: 14,
    Rhythm.EVERY_4_WEEKS: 28,
    Rhythm.IRREGULAR: 10,
}


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("rhythm", list(RHYTHMS))
def test_ratings_read_true_for_every_rhythm_and_language(
    language: Language, rhythm: Rhythm
) -> None:
    w, gap = words(language), RHYTHMS[rhythm]
    first = date(2026, 10, 1)
    records: list[CheckinRecord] = []
    for n in range(4):
        session = first + timedelta(days=gap * n)
        records += [checkin(session - timedelta(days=1), 5 + n % 2), rating(session, "N" * 3)]
    data = SummaryData(first, first + timedelta(days=gap * 4), records, rhythm=rhythm)
    text = render_summary(w, data, ALL)
    assert w.ngettext("{n} check-in", "{n} check-ins", 4) in text
    assert w._("mood {value}", value="–") not in text
    short = w.short_day(first)
    assert text.count(w._("{day}, session", day=short)) == 2, "its answers and its note"
    rows = [re.sub("<[^>]+>", "", line) for line in text.splitlines() if short in line]
    assert all(len(row) <= 35 for row in rows if not row.startswith("•")), rows


def test_the_chart_draws_the_mood_line_whole_across_ratings(tmp_path: Path) -> None:
    w = words(Language("en"))
    first = date(2026, 10, 1)
    records = []
    for n in range(5):
        session = first + timedelta(days=7 * n)
        records += [checkin(session - timedelta(days=1), 4 + n), rating(session)]
    data = SummaryData(first, first + timedelta(days=35), records, rhythm=Rhythm.WEEKLY)
    chart = ChartData.of(w, data, {Section.MOOD, Section.ALLIANCE})
    assert chart is not None
    mood, therapy = chart.panels[0].lines[0], chart.panels[1].lines[0]
    assert len(_runs(chart, mood)) == 1, "a rating's missing mood is no gap"
    assert len(_runs(chart, therapy)) == 1, "nor the statements a check-in did not ask"
    (tmp_path / "ratings.png").write_bytes(summary_chart(chart))
