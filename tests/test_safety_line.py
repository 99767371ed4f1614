"""Where distress is most likely written, after a note and after the lowest mood, the client
reads in their language that nobody reads it before they share it, and where help is."""

from datetime import UTC, datetime

import pytest

from bot.checkin import words as checkin_words
from bot.setup import words as setup_words
from bot.words import crisis_text
from botapi import TelegramTestClient
from domain.instruments import load_instruments
from domain.language import Language, words
from domain.sessions import Rhythm
from tests.harness import BotHarness

MONDAY_0900 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


@pytest.mark.parametrize("language", list(Language))
async def test_a_note_and_the_lowest_mood_bring_the_safety_line_and_the_crisis_text(
    bot: BotHarness, language: Language
) -> None:
    bot.settings.crisis_text = None  # Between's own crisis text, translated
    w = words(language)
    weekly = load_instruments()["weekly"].in_language(language)
    client = TelegramTestClient(bot.api, bot.deliver, 2001, "Alex", language_code=language.value)
    await client.send("/start")
    await client.press(w._(setup_words.AGREE))
    await client.press("Europe/Berlin")
    await client.press(w._(setup_words.RHYTHM_BUTTONS[Rhythm.CHECKIN_ONLY]))
    await client.press(w.short_weekday(0))
    await client.press("09:00")
    bot.clock.set(MONDAY_0900)
    await bot.tick()
    await client.press(weekly.item("session").labels[0])
    crisis = crisis_text(w, bot.settings)
    safety = checkin_words.safety_line(w, crisis)
    assert crisis in safety
    assert safety not in client.last_text
    await client.press("0")  # the lowest mood
    assert safety in client.last_text, "shown with the next question, in the same message"
    await client.send("Heute war es schwer")
    assert client.last_text.startswith(w._(checkin_words.NOTE_SAVED))
    assert client.last_text.endswith(safety)


def test_the_safety_line_says_nobody_reads_it_until_shared() -> None:
    line = checkin_words.safety_line(words(Language.EN), "Call 112.")
    assert line == (
        "Nobody reads your answers or notes here unless you choose to share them. Call 112."
    )
    assert "right now" not in checkin_words.gentle_crisis(words(Language.EN), "Call 112.")
