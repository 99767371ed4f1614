"""The summary: period, sections, preview, sending, the chart, and the private nudge."""

import io
import re
from dataclasses import replace
from datetime import timedelta
from itertools import combinations

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import delete, update

from botapi import TelegramTestClient
from domain.plan import decode_plan, encode_plan
from storage.models import Answer, CheckIn, Client, SummaryLog
from tests.conftest import FIRST_SLOT, STATEMENTS, answer_checkin, onboard, weekly_checkins
from tests.harness import BotHarness
from tests.test_sessions_flow import WEDNESDAY_1900, weekly_thursdays


def preview_body(client: TelegramTestClient) -> str:
    message = client.last_message
    assert message is not None
    return message.text.split("\n\n", 1)[1]


async def test_before_any_checkin_the_summary_says_what_will_appear(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/summary")
    assert "After your first check-in" in alex.last_text


async def test_preview_then_send_puts_exactly_the_preview_into_the_chat(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 3)
    await alex.send("/summary")
    assert alex.last_message is not None
    assert alex.last_message.button_labels()[:2] == ["Last 4 weeks", "Last 12 weeks"]
    await alex.press("Last 4 weeks")
    assert "Preview: nothing has been sent" in alex.last_text
    labels = set(alex.last_message.button_labels())
    assert labels >= {"✓ Mood", "✓ How therapy feels", "✓ Notes", "Also as PDF"}
    assert "PHQ-4" not in " ".join(labels), "no data, not offered"
    assert not any("our work" in label for label in labels), "no line asked for, none offered"
    preview = preview_body(alex)
    assert "Mon 30 Nov: mood 6 · therapy 4" in preview
    assert "Mood: 6 at each of 3 check-ins" in preview
    assert "How therapy feels: 4.0 → 4.0" in preview
    assert "Talk about sleep" in preview
    assert (
        preview.index("Talk about sleep")
        < preview.index("At a glance")
        < preview.index("Week by week")
    ), "the client's own words first, then at a glance, then week by week"
    preview_id = alex.last_message.message_id
    await alex.press("Send")
    summary, chart = alex.bot_messages()[-2:]
    assert summary.text == preview
    assert summary.protect_content in (None, False)
    assert chart.kind == "photo"
    assert alex.server.last_bot_message(alex.chat_id) == chart
    [log] = await bot.rows(SummaryLog)
    assert (log.period, log.sections) == ("4w", "alliance,mood,notes")
    settled = next(m for m in alex.bot_messages() if m.message_id == preview_id)
    assert "Forward" in settled.plain_text and not settled.button_labels()
    await alex.send("/summary")
    assert "Since my last summary" in alex.last_message.button_labels()  # type: ignore[union-attr]


async def test_toggling_a_section_leaves_it_out_of_preview_and_summary(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 2, note="Ask about the homework")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("✓ Notes")
    assert "Ask about the homework" not in alex.last_text
    assert "Notes" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("✓ Mood")
    await alex.press("Send")
    summary = alex.bot_messages()[-2]
    assert "homework" not in summary.text
    assert "mood" not in summary.plain_text.lower()
    assert ": therapy 4" in summary.text
    assert "alliance" not in summary.plain_text.lower(), "the client reads “how therapy feels”"


SECTIONS = ["mood", "alliance", "notes", "phq4"]
SUBSETS = [set(c) for n in range(1, 5) for c in combinations(SECTIONS, n)]
LABELS = {"mood": "Mood", "alliance": "How therapy feels", "notes": "Notes", "phq4": "PHQ-4"}
HEADINGS = {
    "mood": "Mood:",
    "alliance": "How therapy feels:",
    "notes": "Talk about sleep",
    "phq4": "PHQ-4:",
}


def ticked(client: TelegramTestClient) -> set[str]:
    """The sections ticked on the summary preview (the newest message)."""
    assert client.last_message is not None
    labels = set(client.last_message.button_labels())
    assert labels >= {"Send", "Cancel"}, f"not a preview: {labels}"
    return {name for name, label in LABELS.items() if f"✓ {label}" in labels}


@pytest.mark.slow  # every subset of sections, each one sent
async def test_every_combination_of_sections_sends_valid_html_within_the_limit(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Add PHQ-4")
    for week in range(2):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
        await alex.press("Yes")
        await alex.press("5")
        for _ in range(STATEMENTS):
            await alex.press("4")
        for label in ["Several days", "Nearly every day", "Not at all", "Several days"]:
            await alex.press(label)
        await alex.send("Talk about sleep")
    for subset in SUBSETS:
        # As the client does it: every section with data starts ticked; untick the others.
        # A preview is known by its period and the second it was asked: a second apart.
        bot.clock.advance(seconds=1)
        await alex.send("/summary")
        await alex.press("Last 4 weeks")
        assert ticked(alex) == set(SECTIONS)
        for name in set(SECTIONS) - subset:
            await alex.press(f"✓ {LABELS[name]}")
        assert ticked(alex) == subset, "the preview shows the chosen sections"
        await alex.press("Send")
        summary = [m for m in alex.bot_messages() if m.kind == "text"][-1]
        assert len(summary.plain_text) <= 4096
        for name, heading in HEADINGS.items():
            assert (heading in summary.text) == (name in subset), (subset, name)
    assert await bot.count(SummaryLog) == len(SUBSETS)


async def test_phq4_totals_appear_with_their_published_bands(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Add PHQ-4")
    bot.clock.set(FIRST_SLOT)
    await bot.tick()
    await alex.press("Yes")
    await alex.press("5")
    for _ in range(STATEMENTS):
        await alex.press("4")
    for label in ["Nearly every day", "More than half the days", "Several days", "Not at all"]:
        await alex.press(label)
    await alex.press("Skip")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    text = alex.last_text
    assert "PHQ-4: 6 (moderate); PHQ-2 1, GAD-2 5 — worth discussing" in text
    assert "Mon 30 Nov: mood 5 · therapy 4\n   PHQ-4 6" in text
    assert "asks about the last two weeks, so weekly answers overlap" in text


@pytest.mark.slow  # twelve weeks of check-ins
async def test_a_long_period_is_condensed_to_fit_one_message_never_cut_mid_line(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 12, note="word " * 390)
    await alex.send("/summary")
    await alex.press("Last 12 weeks")
    await alex.press("Send")
    summary = alex.bot_messages()[-2]
    assert len(summary.plain_text) <= 4096
    assert "earlier notes not shown" in summary.text
    assert summary.text.endswith("not a diagnosis.</i>")
    for line in summary.text.split("\n"):
        assert line.count("<b>") == line.count("</b>"), line


async def test_the_chart_is_a_real_png_readable_on_a_phone(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 4)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("Send")
    chart = alex.last_message
    assert chart is not None and chart.kind == "photo"
    png = chart.content or b""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    width, height = image.size
    assert width == 800, "4 inches at 200 dpi: 13-pt text is 17 px in a 380-px bubble"
    assert 450 <= height <= 1200
    assert 10_000 < len(png) < 1_000_000


async def test_a_forged_summary_press_cannot_reach_another_clients_data(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    sam = bot.client(2002, "Sam")
    await onboard(alex)
    await onboard(sam)
    await weekly_checkins(bot, alex, 2, note="Alex's private note")
    own = sam.last_message
    assert own is not None
    as_of = int(bot.clock.now().timestamp())
    for action in ("p", "s"):
        await sam.press_data(f"y:4w:a:{as_of}:{action}", own.message_id)
    assert not any("Alex's private note" in text for text in sam.texts())
    assert await bot.count(SummaryLog) == 0
    answer = await sam.press_data(f"y:4w:a:{as_of - 3 * 86400}:s", own.message_id)
    # Sam's message is a check-in: summary buttons were never on it.
    assert answer is not None and answer["text"] == "This button is no longer active."


async def test_a_drop_in_alliance_brings_a_private_nudge_and_an_optional_line(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 2, alliance=5, note=None)
    assert not any("bring it up" in text for text in alex.texts())
    bot.clock.set(FIRST_SLOT + timedelta(weeks=2))
    await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4, 4, 4, 4, 4, 3], note=None)
    assert "clearly lower than your answers usually are" in alex.last_text
    assert "help to say so" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.nudged_at == bot.clock.now()
    bot.clock.advance(hours=20)
    await alex.press("Add a line to my next summary")
    [client] = await bot.rows(Client)
    assert client.discuss_alliance
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "how our work together is going (added 15 December)" in alex.last_text
    assert "✓ “Talk about how our work is going”" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("Send")
    [client] = await bot.rows(Client)
    assert not client.discuss_alliance


async def test_agree_after_strongly_agree_brings_no_nudge(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 2, alliance=5, note=None)
    bot.clock.set(FIRST_SLOT + timedelta(weeks=2))
    await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4, 4, 4, 4, 4, 4], note=None)
    assert not any("help to say so" in text for text in alex.texts())


async def test_the_nudge_waits_three_weeks_and_never_comes_while_the_line_is_queued(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    nudged = []
    for week in range(7):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
        before = len(alex.texts())
        await answer_checkin(alex, mood=5, alliance=[4, 4, 2, 4, 4, 4], note=None)
        if any("isn't feeling right" in text for text in alex.texts()[before:]):
            nudged.append(week)
            if week > 0:  # left unanswered the first time
                await alex.press("Add a line to my next summary")
    assert nudged == [0, 3], "a 2 every week: once, then again three weeks later"
    [client] = await bot.rows(Client)
    assert client.discuss_alliance, "queued at week 3, so weeks 4–6 brought no nudge"


async def test_the_alliance_line_has_its_own_toggle_and_waits_when_left_out(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await answer_checkin(alex, mood=7, alliance=[5, 5, 2, 5, 5, 5], note=None)
    await alex.press("Add a line to my next summary")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("✓ “Talk about how our work is going”")
    assert "how our work together is going" not in alex.last_text
    assert "How therapy feels:" in alex.last_text, "the section stays in"
    await alex.press("Send")
    summary = alex.bot_messages()[-2]
    assert "how our work together is going" not in summary.text
    assert "therapy 5\n   <b>therapist real and honest 2</b>" in summary.text
    [log] = await bot.rows(SummaryLog)
    assert log.sections == "alliance,mood"
    [client] = await bot.rows(Client)
    assert client.discuss_alliance, "left out this time, so still waiting for the next one"


async def test_also_as_pdf_sends_the_summary_as_a_document_beside_it(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 3, note="Ask about the homework")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("Also as PDF")
    assert "✓ Also as PDF" in alex.last_message.button_labels()  # type: ignore[union-attr]
    assert "✓ Notes" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("Send")
    summary, chart, document = alex.bot_messages()[-3:]
    assert (summary.kind, chart.kind, document.kind) == ("text", "photo", "document")
    assert document.filename == "my-check-ins-2026-12-14.pdf"
    assert document.protect_content in (None, False)
    reader = PdfReader(io.BytesIO(document.content or b""))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "17 November 2026 – 14 December 2026 · 3 check-ins" in text
    assert "Mon 14 Dec: Ask about the homework" in text
    assert "Mood (0–10)" in text, "the chart is in it too"


@pytest.mark.usefixtures("checked_in")
async def test_without_the_pdf_toggle_no_document_is_sent(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    await alex.press("Also as PDF")
    await alex.press("✓ Also as PDF")
    await alex.press("Send")
    assert await bot.count(SummaryLog) == 1, "the summary was sent"
    assert not any(m.kind == "document" for m in alex.bot_messages())


async def test_no_nudge_when_the_alliance_holds(bot: BotHarness, alex: TelegramTestClient) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 3, alliance=4, note=None)
    assert not any(re.search("say so in your", text) for text in alex.texts())


@pytest.mark.parametrize("low", [1, 2])
async def test_a_single_low_statement_brings_the_nudge(
    bot: BotHarness, alex: TelegramTestClient, low: int
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await answer_checkin(alex, mood=7, alliance=[5, 5, low, 5, 5, 5], note=None)
    assert "help to say so" in alex.last_text
    await alex.press("No, thanks")
    assert "Nothing about this goes in your summary" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.nudged_at == bot.clock.now(), "the nudge waits three weeks from now"
    assert not client.discuss_alliance, "no line is queued for the summary"


async def as_first_weekly_version(bot: BotHarness, checkin: CheckIn) -> None:
    """Make `checkin` one answered under weekly version 1, which had no "safe to say
    difficult things"."""
    async with bot.runtime.db.begin() as session:
        steps = [s for s in decode_plan(checkin.plan) if s.item_key != "safe"]
        plan = encode_plan([replace(s, instrument_version=1) for s in steps])
        await session.execute(update(CheckIn).where(CheckIn.id == checkin.id).values(plan=plan))
        mine = Answer.checkin_id == checkin.id
        await session.execute(delete(Answer).where(mine, Answer.item_key == "safe"))
        await session.execute(update(Answer).where(mine).values(instrument_version=1))


@pytest.mark.usefixtures("checked_in")
async def test_a_checkin_under_the_first_weekly_version_counts_only_what_it_asked(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """The statement version 1 did not ask is not called unanswered."""
    [checkin] = await bot.rows(CheckIn)
    await as_first_weekly_version(bot, checkin)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "not answered" not in preview_body(alex)


async def test_weeks_of_both_weekly_versions_keep_the_same_columns(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """A week of version 1 reads like one of version 2: the statement it did not ask is
    neither low nor unanswered."""
    await onboard(alex)
    await weekly_checkins(bot, alex, 2)
    first, _ = sorted(await bot.rows(CheckIn), key=lambda c: c.due_at)
    await as_first_weekly_version(bot, first)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    preview = preview_body(alex)
    assert "Mon 30 Nov: mood 6 · therapy 4\nMon 7 Dec: mood 6 · therapy 4\n" in preview
    assert "not answered" not in preview


async def test_a_skipped_week_and_one_left_unanswered_are_named_as_such(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)
    bot.clock.set(FIRST_SLOT + timedelta(weeks=1))
    await bot.tick()
    await alex.press("Skip this week")
    for week in (2, 3, 4):  # the check-ins of weeks 2 and 3 are left to expire
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert (
        "<b>Week by week</b>\n<i>mood 0–10, therapy 1–5</i>\n"
        "Mon 7 Dec: skipped by choice\n"
        "Mon 14 Dec: not answered\n"
        "Mon 21 Dec: not answered\n"
        "Mon 28 Dec: mood 6 · therapy 4\n\n"
    ) in preview_body(alex)


async def test_weeks_of_a_pause_are_never_called_missed(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """No check-in row is made while paused; the pause itself is named, from the day it
    began to the day before it ran out."""
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)
    await alex.send("/pause")
    await alex.press("1 week")
    for week in (1, 2, 3):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    weeks = preview_body(alex).split("<b>Week by week</b>\n")[1].split("\n\n")[0]
    assert weeks.splitlines()[1:] == [
        "Mon 30 Nov: mood 6 · therapy 4",
        "30 Nov – 6 Dec: check-ins paused",
        "Mon 21 Dec: mood 6 · therapy 4",
    ]


async def test_a_two_week_pause_is_named_with_its_dates_in_the_preview(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 2)
    bot.clock.set(FIRST_SLOT + timedelta(weeks=1, days=2))  # Wednesday 9 December
    await alex.send("/pause")
    await alex.press("2 weeks")
    for week in (2, 3, 4):  # the tick ends the pause on Wednesday 23 December
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week, days=2))
        await bot.tick()
    await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    weeks = preview_body(alex).split("<b>Week by week</b>\n")[1].split("\n\n")[0]
    assert "9 Dec – 22 Dec: check-ins paused" in weeks.splitlines()
    assert "not answered" not in weeks


async def test_a_cancelled_session_is_named_never_missed(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/session")
    await alex.press("No session this time")  # Thursday 26 November
    for week in (1, 2):
        bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=week))
        await bot.tick()
        await answer_checkin(alex, mood=6, alliance=[4] * STATEMENTS, note=None)
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    text = alex.last_text
    assert "Thu 26 Nov: no session\nWed 2 Dec: mood 6" in text, text
    assert "not answered" not in text and "skipped" not in text
    assert "Week by week" in text and "weekly check-ins" in text, "weekly sessions are weekly"
