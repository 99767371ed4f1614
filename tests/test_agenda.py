"""What I want from the next session: the check-in before a session asks it last before
the note, and the summary opens with it (in the client's language, for any rhythm)."""

from datetime import UTC, datetime, timedelta

import pytest

from botapi import TelegramTestClient
from domain.language import Language, words
from domain.plan import AGENDA, decode_plan
from domain.summary import CheckinRecord, Section, SummaryData, render_summary
from storage.models import Answer, CheckIn, Client
from tests.conftest import AGENDA_QUESTION, STATEMENTS, onboard
from tests.harness import BotHarness
from tests.test_sessions_flow import THURSDAY_1000, WEDNESDAY_1900, weekly_thursdays

QUESTION = AGENDA_QUESTION


async def answer_before_session(client: TelegramTestClient, topic: str | None, note: str) -> None:
    await client.press("Yes")
    await client.press("6")
    for _ in range(STATEMENTS):
        await client.press("4")
    assert QUESTION in client.last_text
    await client.press(topic or "Skip")
    assert "Anything you'd like to bring" in client.last_text
    await client.send(note)


async def test_the_checkin_before_a_session_asks_it_and_the_summary_opens_with_it(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await answer_before_session(alex, "How therapy is going", "I felt rushed last time")
    stored = {a.item_key: a for a in await bot.rows(Answer)}
    assert stored["topic"].value == 1 and stored["topic"].instrument_id == AGENDA
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    own = alex.last_text.split("At a glance")[0]
    assert "What I'd like to bring up" in own
    agenda, note = own.index("Next time: How therapy is going"), own.index("I felt rushed")
    assert agenda < note, "the agenda comes first, the note in the client's words after it"


async def test_a_skipped_agenda_is_not_in_the_summary_and_the_note_is_kept(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await answer_before_session(alex, None, "Work was hard")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "Next time:" not in alex.last_text
    assert "Work was hard" in alex.last_text


async def test_only_the_latest_checkins_agenda_is_shown(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await answer_before_session(alex, "A task we agreed on", "first")
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=1))
    await bot.tick()
    await answer_before_session(alex, None, "second")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "Next time:" not in alex.last_text, "last week's agenda was for a session now past"


async def test_a_fortnightly_client_in_german_is_asked_in_german(
    bot: BotHarness,
) -> None:
    kim = TelegramTestClient(bot.api, bot.deliver, 2002, "Kim", language_code="de")
    await kim.send("/start")
    await kim.press("Einverstanden")
    await kim.press("Europe/London")
    await kim.press("Alle 2 Wochen")
    await kim.press("Do")
    await kim.send("10:00")
    await kim.press("Am Vorabend, 19:00 Uhr")
    assert "Welcher dieser Termine ist Ihre nächste Sitzung?" in kim.last_text
    await kim.press(kim.last_message.button_labels()[0])
    [client] = await bot.rows(Client)
    assert client.next_checkin_at is not None
    bot.clock.set(client.next_checkin_at)
    await bot.tick()
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert [s.instrument_id for s in decode_plan(checkin.plan)][-2:] == [AGENDA, "weekly"]
    await kim.press("Ja")
    await kim.press("6")
    for _ in range(STATEMENTS):
        await kim.press("4")
    assert "Worüber möchten Sie beim nächsten Mal am liebsten sprechen?" in kim.last_text
    await kim.press("Wie die Therapie läuft")
    stored = {a.item_key: a.value for a in await bot.rows(Answer)}
    assert stored["topic"] == 1


async def test_a_client_without_sessions_is_not_asked(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    await bot.tick()
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert AGENDA not in {step.instrument_id for step in decode_plan(checkin.plan)}


@pytest.mark.parametrize("language", list(Language))
def test_the_agenda_line_reads_in_every_language(language: Language) -> None:
    day = THURSDAY_1000.date()
    record = CheckinRecord(day, 6, {}, None, "my words", agenda="ABC")
    data = SummaryData(start=day, end=day, records=[record])
    text = render_summary(words(language), data, {Section.NOTES})
    assert text.index("ABC") < text.index("my words")
