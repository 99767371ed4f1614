"""PHQ-4 only in its published words: a screener answered in a second language is not a
valid reading, so a Spanish or Russian client is never asked it in English."""

import pytest

from bot.controls import words as controls_words
from bot.setup import words as setup_words
from botapi import TelegramTestClient
from domain.instruments import load_instruments
from domain.language import Language, words
from domain.plan import PHQ4, WEEKLY, PlannedItem, decode_plan, without_instrument
from domain.sessions import Rhythm
from storage.models import CheckIn
from tests.conftest import onboard
from tests.harness import BotHarness

PHQ4_FIRST_ITEM = "Feeling nervous, anxious or on edge"


def step(instrument_id: str, key: str) -> PlannedItem:
    return PlannedItem(instrument_id, 1, key)


PLAN = [step(WEEKLY, "mood"), step(PHQ4, "anxious"), step(PHQ4, "worry"), step(WEEKLY, "note")]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (0, [PLAN[0], PLAN[3]]),  # not reached yet: dropped, the earlier steps in place
        (1, PLAN),  # begun: a questionnaire is not cut short
        (2, PLAN),
    ],
)
def test_phq4_is_dropped_from_a_plan_only_before_it_is_reached(
    position: int, expected: list[PlannedItem]
) -> None:
    assert without_instrument(PLAN, PHQ4, position) == expected


@pytest.mark.parametrize("language", [Language.ES, Language.RU])
async def test_settings_offer_no_phq4_where_it_has_no_published_words(
    bot: BotHarness, language: Language
) -> None:
    w = words(language)
    client = TelegramTestClient(bot.api, bot.deliver, 2001, "Ana", language_code=language.value)
    await client.send("/start")
    await client.press(w._(setup_words.AGREE))
    await client.press("Europe/Berlin")
    await client.press(w._(setup_words.RHYTHM_BUTTONS[Rhythm.CHECKIN_ONLY]))
    await client.press(w.short_weekday(0))
    await client.press("09:00")
    await client.send("/settings")
    labels = client.last_message.button_labels()  # type: ignore[union-attr]
    assert w._(controls_words.PHQ4_ON) not in labels
    assert not any("PHQ-4" in label for label in labels)
    assert w._(controls_words.PAUSE) in labels
    assert "PHQ-4" in client.last_text and "Between" in client.last_text
    await client.send("/checkin")
    [checkin] = await bot.rows(CheckIn)
    assert {s.instrument_id for s in decode_plan(checkin.plan)} == {WEEKLY}


async def test_german_keeps_phq4_in_its_official_words(bot: BotHarness) -> None:
    assert load_instruments()[PHQ4].available_in(Language.DE)
    german = words(Language.DE)
    client = TelegramTestClient(bot.api, bot.deliver, 2002, "Kim", language_code="de")
    await client.send("/start")
    await client.press(german._(setup_words.AGREE))
    await client.press("Europe/Berlin")
    await client.press(german._(setup_words.RHYTHM_BUTTONS[Rhythm.CHECKIN_ONLY]))
    await client.press(german.short_weekday(0))
    await client.press("09:00")
    await client.send("/settings")
    assert german._(controls_words.PHQ4_ON) in client.last_message.button_labels()  # type: ignore[union-attr]


async def test_a_client_on_phq4_who_switches_to_spanish_is_not_asked_it_in_english(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Add PHQ-4")
    await alex.send("/checkin")
    assert "1 of 13" in alex.last_text, "planned with PHQ-4"
    await alex.send("/settings")
    await alex.press(words(Language.EN)._(controls_words.CHANGE_LANGUAGE))
    await alex.press("Español")
    [open_checkin] = await bot.rows(CheckIn)
    assert PHQ4 not in {s.instrument_id for s in decode_plan(open_checkin.plan)}
    spanish = load_instruments()[WEEKLY].in_language(Language.ES)
    await alex.press("Yes")  # the check-in message was sent in English
    await alex.press("5")
    for _ in range(6):
        await alex.press("3")
    note = spanish.item("note").text
    assert any(note in text for text in alex.texts()), "straight on to the note"
    assert all(PHQ4_FIRST_ITEM not in text for text in alex.texts())
    await alex.press(words(Language.ES)._("Skip"))
    bot.clock.advance(weeks=1)
    await bot.tick()
    newest = max(await bot.rows(CheckIn), key=lambda c: c.id)
    assert PHQ4 not in {s.instrument_id for s in decode_plan(newest.plan)}
    assert all(PHQ4_FIRST_ITEM not in text for text in alex.texts())
