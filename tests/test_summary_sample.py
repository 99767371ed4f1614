"""The 12-week sample, as a therapist would get it: the text, the chart, the PDF."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from domain.chart import ChartData, summary_chart
from domain.language import ENGLISH, words
from domain.pdf import summary_pdf
from domain.summary import Section, available_sections, render_summary
from tests.summary_sample import SLEEP_NOTE, WORK_NOTE, sample_data

EN = words(ENGLISH)

DOCS_CHART = Path(__file__).parent.parent / "docs" / "summary-chart.png"
ALL = set(Section)

SAMPLE = """\
<b>My check-ins between sessions</b>
1 December 2025 – 22 February 2026 · 10 check-ins

<b>What I'd like to bring up</b>
• I'd like to talk about how our work together is going (added 12 January)
• Sun 15 Feb: Going back to work in March: I'd like to plan the first week &amp; how to pace it.
• Sun 14 Dec: I keep waking at 4am and can't get back to sleep.

<b>At a glance</b>
Mood: 3 → 7 (range 3–7)
How therapy feels: 4.8/5 on 22 Feb (6 of 6 answered); lowest: felt accepted 2/5 on 11 Jan
PHQ-4: 5 → 2 (normal) on 22 Feb; GAD-2 (anxiety) 3 on 1 Feb — worth discussing

<b>My goals</b> <i>(how close I feel, 0–10: first → latest)</i>
A. Sleep through the night more often: 2 → 6
B. Feel at ease at family dinners &amp; say what I think: 3 → 7
C. Go running twice a week (set aside): 4 → 3

<b>Week by week</b>
<i>mood 0–10; therapy 1–5 each: felt understood, felt accepted, therapist real and honest, \
safe to say difficult things, working on what matters, our sessions make sense to me (– skipped); \
PHQ-4 0–12</i>
Sun 7 Dec: mood 3 · therapy 4 4 4 4 4 4
Sun 14 Dec: mood 3 · therapy 4 4 5 4 4 4
Sun 21 Dec: mood 4 · therapy 4 4 5 4 4 4
Sun 4 Jan: mood 4 · therapy 4 4 4 3 3 3
Sun 11 Jan: mood 5 · therapy 3 2 5 3 – –
Sun 25 Jan: mood 5 · therapy 4 4 4 4 4 4
Sun 1 Feb: mood 6 · therapy 4 5 5 4 4 4 · PHQ-4 5
Sun 8 Feb: mood 6 · therapy 5 4 5 4 4 4 · PHQ-4 4
Sun 15 Feb: mood 7 · therapy 5 5 5 5 4 5 · PHQ-4 3
Sun 22 Feb: mood 7 · therapy 5 5 5 5 5 4 · PHQ-4 2
No check-in: 28 December, 18 January

<i>PHQ-4 (Kroenke et al., 2009) asks about the last two weeks, so weekly answers overlap. \
Bands: 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe; a PHQ-2 or GAD-2 of 3 or more is \
worth discussing.</i>
<i>My own answers from weekly check-ins with Between: talking points for our next session, \
not a diagnosis.</i>"""


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def test_the_sample_summary_reads_in_thirty_seconds() -> None:
    data = sample_data()
    assert set(available_sections(data)) == ALL
    text = render_summary(EN, data, ALL)
    assert text == SAMPLE
    assert len(plain(text)) <= 4096
    assert len(text.splitlines()) <= 34, "not ~50 lines on a phone (30 without goals)"


def test_the_order_is_own_words_then_at_a_glance_then_week_by_week() -> None:
    text = render_summary(EN, sample_data(), ALL)
    order = ["bring up", "At a glance", "Week by week", "No check-in", "not a diagnosis"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    own_words = text.split("<b>At a glance</b>")[0]
    assert own_words.index("Sun 15 Feb") < own_words.index("Sun 14 Dec"), "newest note first"


def test_at_a_glance_is_three_lines_of_first_to_latest_never_an_average() -> None:
    text = render_summary(EN, sample_data(), ALL)
    glance = text.split("<b>At a glance</b>\n")[1].split("\n\n")[0].splitlines()
    assert len(glance) == 3
    assert glance[0] == "Mood: 3 → 7 (range 3–7)"
    assert glance[1].startswith("How therapy feels:") and "6 of 6 answered" in glance[1]
    assert glance[2].startswith("PHQ-4: 5 → 2 (normal)")
    assert "average" not in text


def test_week_lines_are_short_and_show_skips_and_missing_weeks() -> None:
    text = render_summary(EN, sample_data(), ALL)
    weeks = [line for line in plain(text).splitlines() if re.match(r"\w{3} \d+ \w{3}: ", line)]
    assert len(weeks) == 10
    assert all(len(line) <= 60 for line in weeks), max(weeks, key=len)
    assert "Sun 11 Jan: mood 5 · therapy 3 2 5 3 – –" in weeks
    assert "No check-in: 28 December, 18 January" in text


def test_the_condensed_forms_keep_skips_and_missing_weeks_visible() -> None:
    data = sample_data()
    shorter = render_summary(EN, data, ALL, limit=len(SAMPLE) - 1)
    assert "11 Jan: mood 5 · therapy 3 2 5 3 – –" in shorter
    assert "No check-in: 28 December, 18 January" in shorter
    monthly = render_summary(EN, data, ALL, limit=1300)
    assert "Month by month" in monthly and len(monthly) <= 1300
    assert "Dec 2025: 3 check-ins, 1 missed" in monthly
    assert "Jan 2026: 3 check-ins, 1 missed · mood 4 → 5 · therapy 3.5 → 4.0 (2 skipped)" in monthly


def test_the_alliance_line_without_the_section_and_the_section_without_the_line() -> None:
    data = sample_data()
    line_only = render_summary(EN, data, {Section.LINE})
    assert "how our work together is going (added 12 January)" in line_only
    assert "therapy" not in line_only.lower().replace("how therapy feels", "")
    without = render_summary(EN, data, ALL - {Section.LINE})
    assert "how our work together is going" not in without
    assert "How therapy feels:" in without
    assert Section.LINE not in available_sections(sample_data(discuss=False))


def test_the_chart_reads_on_a_phone(tmp_path: Path) -> None:
    chart = ChartData.of(EN, sample_data(), ALL)
    assert chart is not None
    assert [p.name for p in chart.panels] == [
        "Mood (0–10)",
        "How therapy feels (1–5)",
        "PHQ-4 (0–12)",
        "My goals: how close I feel (0–10)",
    ]
    png = summary_chart(chart)
    (tmp_path / "summary-chart.png").write_bytes(png)
    DOCS_CHART.write_bytes(png)
    image = Image.open(io.BytesIO(png))
    width, height = image.size
    # Shown 380 px wide, 13-pt text at 200 dpi on a 4-inch figure is 36 × 380 / 800 = 17 px.
    assert width == 800 and 900 <= height <= 1450


def test_without_phq4_the_chart_has_two_panels() -> None:
    chart = ChartData.of(
        EN, sample_data(), {Section.MOOD, Section.ALLIANCE, Section.PHQ4} - {Section.PHQ4}
    )
    assert chart is not None and len(chart.panels) == 2
    assert ChartData.of(EN, sample_data(), {Section.NOTES}) is None


def test_the_pdf_holds_the_period_the_notes_and_the_chart(tmp_path: Path) -> None:
    data = sample_data()
    pdf = summary_pdf(EN, render_summary(EN, data, ALL), ChartData.of(EN, data, ALL))
    (tmp_path / "summary.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages), "A4"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1 December 2025 – 22 February 2026 · 10 check-ins" in text
    assert SLEEP_NOTE in text
    assert "I'd like to talk about how our work together is going (added 12 January)" in text
    assert "How therapy feels (1–5)" in text, "the chart, as vector text"
    assert WORK_NOTE.split(":")[0] in text


@pytest.mark.slow  # a PDF at the length limit
def test_a_summary_at_the_length_limit_still_fits_two_pages() -> None:
    data = sample_data()
    many_lines = "\n".join(f"Sun {day} Jan: mood 5 · therapy 4 4 4 4 4 4" for day in range(100))
    long_notes = "\n".join(f"• Sun {day} Jan: " + "word " * 70 for day in range(10))
    for text in (many_lines, long_notes):
        assert len(text) <= 4096
        pdf = summary_pdf(EN, text, ChartData.of(EN, data, ALL))
        assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
