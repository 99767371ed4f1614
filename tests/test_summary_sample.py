"""The 12-week sample, as a therapist would get it: the text, the chart, the PDF."""

import io
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from domain.chart import ChartData, summary_chart
from domain.language import ENGLISH, Language, words
from domain.pdf import summary_pdf
from domain.summary import (
    LINE_WIDTH,
    SUMMARY_LIMIT,
    Section,
    SummaryData,
    available_sections,
    escape,
    render_summary,
)
from tests.summary_sample import (
    GOALS,
    HOLIDAY_NOTE,
    SLEEP_NOTE,
    WORK_NOTE,
    fortnightly_data,
    sample_data,
)
from tests.test_languages import english_in

EN = words(ENGLISH)

DOCS_CHART = Path(__file__).parent.parent / "docs" / "summary-chart.png"
# The sample has no tasks agreed between sessions (their block: tests/test_tasks.py).
ALL = set(Section) - {Section.TASKS}

SAMPLE = """\
<b>My check-ins between sessions</b>
1 December 2025 – 22 February 2026 · 10 check-ins

<b>What I'd like to bring up</b>
• I'd like to talk about how our work together is going (added 12 January)
• Sun 15 Feb: Going back to work in March: I'd like to plan the first week &amp; how to pace it.
• Sun 14 Dec: I keep waking at 4am and can't get back to sleep.

<b>At a glance</b>
Mood: 3 → 7 (range 3–7)
How therapy feels: 4.0 → 4.8; dip 11 Jan (felt accepted 2; 2 not answered)
PHQ-4: 5 (mild) → 2 (normal); PHQ-2 1, GAD-2 1; GAD-2 was 3 on 1 Feb

<b>My goals</b> <i>(how close I feel, 0–10: first → latest)</i>
A. Sleep through the night more often: 2 → 6
B. Feel at ease at family dinners &amp; say what I think: 3 → 7
C. Go running twice a week (set aside): 4 → 3

<b>Week by week</b>
<i>mood 0–10, therapy 1–5, PHQ-4 0–12</i>
Sun 7 Dec: mood 3 · therapy 4
Sun 14 Dec: mood 3 · therapy 4–5
Sun 21 Dec: mood 4 · therapy 4–5
Sun 28 Dec: not answered
Sun 4 Jan: mood 4 · therapy 3–4
Sun 11 Jan: mood 5 · therapy 3–5
   <b>felt accepted 2</b> · <b>2 not answered</b>
Sun 18 Jan: not answered
Sun 25 Jan: mood 5 · therapy 4
Sun 1 Feb: mood 6 · therapy 4–5
   PHQ-4 5
Sun 8 Feb: mood 6 · therapy 4–5
   PHQ-4 4
Sun 15 Feb: mood 7 · therapy 4–5
   PHQ-4 3
Sun 22 Feb: mood 7 · therapy 4–5
   PHQ-4 2

<i>PHQ-4 (Kroenke et al., 2009) asks about the last two weeks, so weekly answers overlap. \
Bands: 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe; a PHQ-2 or GAD-2 of 3 or more is \
worth discussing.</i>
<i>My own answers from weekly check-ins with Between: talking points for our next session, \
not a diagnosis.</i>"""

FORTNIGHTLY = """\
<b>My check-ins between sessions</b>
1 September 2025 – 25 November 2025 · 4 check-ins

<b>What I'd like to bring up</b>
• Tue 16 Sept: Away for two weeks from the 26th; I'll pause the check-ins.

<b>At a glance</b>
Mood: 4 → 6 (range 3–6)
How therapy feels: 4.0 → 4.5; dip 16 Sept (felt accepted 2; 1 not answered)

<b>Check-in by check-in</b>
<i>mood 0–10, therapy 1–5</i>
Tue 2 Sept: mood 4
   therapy (20 Aug) 4
Tue 16 Sept: mood 3
   therapy (3 Sept) 3–4
   <b>felt accepted 2</b> · <b>1 not answered</b>
30 Sept – 13 Oct: check-ins paused
Tue 14 Oct: mood 5
   therapy (1 Oct) 4
Tue 28 Oct: skipped by choice
Wed 12 Nov: no session
Tue 25 Nov: mood 6
   therapy (29 Oct) 4–5

<i>My own answers from check-ins before each session, with Between: talking points for our \
next session, not a diagnosis.</i>"""


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


def test_the_sample_summary_reads_in_thirty_seconds() -> None:
    data = sample_data()
    assert set(available_sections(data)) == ALL
    text = render_summary(EN, data, ALL)
    assert text == SAMPLE
    assert len(plain(text)) <= 4096
    assert len(text.splitlines()) <= 40, "not ~50 lines on a phone (36 without goals)"


def test_a_fortnightly_summary_names_its_pause_skip_and_cancelled_session() -> None:
    data = fortnightly_data()
    text = render_summary(EN, data, set(available_sections(data)))
    assert text == FORTNIGHTLY
    assert "weekly" not in text.lower() and "week by week" not in text.lower()


def test_the_order_is_own_words_then_at_a_glance_then_week_by_week() -> None:
    text = render_summary(EN, sample_data(), ALL)
    order = ["bring up", "At a glance", "Week by week", "28 Dec: not answered", "not a diagnosis"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    own_words = text.split("<b>At a glance</b>")[0]
    assert own_words.index("Sun 15 Feb") < own_words.index("Sun 14 Dec"), "newest note first"


def test_at_a_glance_is_three_lines_of_first_to_latest_never_an_average() -> None:
    text = render_summary(EN, sample_data(), ALL)
    glance = text.split("<b>At a glance</b>\n")[1].split("\n\n")[0].splitlines()
    assert glance == [
        "Mood: 3 → 7 (range 3–7)",
        "How therapy feels: 4.0 → 4.8; dip 11 Jan (felt accepted 2; 2 not answered)",
        "PHQ-4: 5 (mild) → 2 (normal); PHQ-2 1, GAD-2 1; GAD-2 was 3 on 1 Feb",
    ]
    assert "average" not in text and "lowest" not in text


def test_week_lines_fit_a_phone_and_show_low_and_unanswered_without_a_legend() -> None:
    for data in (sample_data(), fortnightly_data()):
        for limit in (SUMMARY_LIMIT, len(render_summary(EN, data, ALL)) - 1):
            text = render_summary(EN, data, set(available_sections(data)), limit=limit)
            weeks = plain(text.split("by week</b>\n")[-1].split("by check-in</b>\n")[-1])
            lines = weeks.split("\n\n")[0].splitlines()[1:]
            assert all(len(line) <= LINE_WIDTH for line in lines), max(lines, key=len)
    text = render_summary(EN, sample_data(), ALL)
    assert (
        "Sun 11 Jan: mood 5 · therapy 3–5\n   <b>felt accepted 2</b> · <b>2 not answered</b>"
        in text
    )
    assert "Sun 28 Dec: not answered\n" in text and "Sun 18 Jan: not answered\n" in text


def test_the_condensed_forms_keep_low_answers_skips_and_gaps_visible() -> None:
    data = sample_data()
    shorter = render_summary(EN, data, ALL, limit=len(SAMPLE) - 1)
    assert "11 Jan: mood 5 · therapy 3–5\n   <b>felt accepted 2</b>" in shorter
    assert "\n28 Dec: not answered\n" in shorter
    monthly = render_summary(EN, data, ALL, limit=1300)
    assert "Month by month" in monthly and len(monthly) <= 1300
    assert "Dec 2025: 3 check-ins · 1 not answered" in monthly
    assert (
        "Jan 2026: 3 check-ins · 1 not answered · mood 4 → 5 · "
        "therapy 3.5 → 4.0 (1 low, 2 not answered)"
    ) in monthly
    fortnightly = render_summary(EN, fortnightly_data(), ALL, limit=700)
    assert "Sept 2025: 2 check-ins · paused once · mood 4 → 3" in fortnightly
    assert "Oct 2025: 1 check-in · 1 skipped · mood 5" in fortnightly
    assert "Nov 2025: 1 check-in · 1 without a session" in fortnightly


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


def pdf_pages(data: SummaryData, language: Language = ENGLISH) -> list[str]:
    w = words(language)
    sections = set(available_sections(data))
    pdf = summary_pdf(w, data, sections, ChartData.of(w, data, sections))
    reader = PdfReader(io.BytesIO(pdf))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages), "A4"
    # Without spaces or line breaks: text extraction splits and joins words at will.
    return ["".join(page.extract_text().split()) for page in reader.pages]


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_pdfs_first_page_is_the_thirty_second_read_with_its_chart() -> None:
    first, *rest = pdf_pages(sample_data())
    for seen in [
        "For the session on 24 February 2026",
        "1 December 2025 – 22 February 2026 · 10 check-ins",
        "I'd like to talk about how our work together is going (added 12 January)",
        SLEEP_NOTE,
        WORK_NOTE,
        "How therapy feels: 4.0 → 4.8; dip 11 Jan (felt accepted 2; 2 not answered)",
        "My check-ins, 1 Dec 2025 – 22 Feb 2026",  # the chart's title, with the year
        "How therapy feels (1–5)",  # the chart, as vector text
        "not answered",  # a missing week, marked on the chart
    ]:
        assert squeezed(seen) in first, seen
    assert len(rest) == 1 and "Weekbyweek" in rest[0]


def test_week_by_week_in_the_pdf_is_a_table_with_the_gaps_in_their_rows() -> None:
    [page] = pdf_pages(fortnightly_data())
    table = page.split("Check-inbycheck-in")[1]
    assert "Lowornotanswered" in table
    for row in [
        "Tue 16 Sept 3 3–4 (session 3",
        "felt accepted 2; 1 not answered",
        "30 Sept – 13 Oct check-ins paused",
        "Tue 28 Oct skipped by choice",
        "Wed 12 Nov no session",
    ]:
        assert squeezed(row) in table, row
    assert table.endswith("notadiagnosis.")


@pytest.mark.slow  # a PDF of 260 weeks
def test_a_long_period_runs_its_table_onto_more_pages() -> None:
    data = sample_data()
    records = [replace(data.records[0], day=data.start + timedelta(weeks=n)) for n in range(260)]
    pages = pdf_pages(replace(data, end=records[-1].day, records=records, gaps=[]))
    assert "Howtherapyfeels(1–5)" in pages[0]
    assert len(pages) >= 4 and all("Mon" in page for page in pages[1:])


@pytest.mark.parametrize("language", list(Language))
def test_both_samples_read_in_every_language_at_phone_width(language: Language) -> None:
    w = words(language)
    for data in (sample_data(language=language), fortnightly_data(language)):
        text = render_summary(w, data, set(available_sections(data)))
        rows = plain(text).split("\n\n")[-2].splitlines()[2:]
        assert all(len(row) <= LINE_WIDTH for row in rows), max(rows, key=len)
        if language is not ENGLISH:
            for own in [SLEEP_NOTE, WORK_NOTE, HOLIDAY_NOTE, *(goal for goal, *_ in GOALS)]:
                text = text.replace(escape(own), "")  # the client's own words stay theirs
            assert not english_in(text), english_in(text)
