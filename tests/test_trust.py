"""Bad input and odd timing: each case once broke, and is held here."""

import pytest

from bot.checkin import words as checkin_words
from bot.controls import words as controls_words
from botapi import TelegramTestClient
from domain import consent
from domain.language import ENGLISH, words
from domain.states import CheckinStatus
from services.controls import PauseLength
from storage.models import Answer, CheckIn, Client
from tests.conftest import onboard
from tests.harness import BotHarness

EN = words(ENGLISH)


@pytest.mark.parametrize("typed", ["America", "Europe", "europe/", "../etc", "Etc", "posixrules"])
async def test_a_folder_of_the_zone_database_gets_the_kind_retry(
    bot: BotHarness, alex: TelegramTestClient, typed: str
) -> None:
    await alex.send("/start")
    await alex.press("I agree")
    await alex.send(typed)
    assert "couldn't find that time zone" in alex.last_text
    await alex.send("america/new york")
    assert "America/New_York" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.timezone == "America/New_York"


@pytest.mark.parametrize("typed", ["²:00", "9:①", "٩:٣٠", "１０:００", "9:3０"])
async def test_a_time_in_other_digits_gets_the_kind_retry(
    bot: BotHarness, alex: TelegramTestClient, typed: str
) -> None:
    await alex.send("/start")
    await alex.press("I agree")
    await alex.press("Europe/London")
    await alex.press("I'd rather just pick a check-in time")
    await alex.press("Mon")
    await alex.send(typed)
    assert "didn't catch that time" in alex.last_text


async def test_checkin_after_later_brings_the_snoozed_one_forward(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press(EN._(checkin_words.LATER))
    await alex.press(EN._(checkin_words.IN_ONE_HOUR))
    await alex.send("/checkin")
    assert await bot.count(CheckIn) == 1, "no second check-in for the same week"
    (checkin,) = await bot.rows(CheckIn)
    assert checkin.status == CheckinStatus.OPEN
    assert "Check-in · 1 of" in alex.last_text, "it carries on where it was"
    bot.clock.advance(hours=2)
    assert await bot.tick() == 0, "and is not delivered again later"


async def test_an_open_checkin_cannot_be_answered_before_a_changed_consent_is_agreed(
    bot: BotHarness, alex: TelegramTestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    monkeypatch.setattr(consent, "CONSENT_VERSION", consent.CONSENT_VERSION + 1)
    answer = await alex.press("Yes")
    assert answer is not None and answer.get("text") == EN._(checkin_words.CONSENT_FIRST)
    assert await bot.count(Answer) == 0
    [checkin] = await bot.rows(CheckIn)
    assert (checkin.position, checkin.had_session) == (0, None)


async def test_pausing_closes_the_open_checkin_and_keeps_its_answers(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("Yes")
    await alex.press("6")
    await alex.send("/pause")
    await alex.press(EN._(controls_words.PAUSE_LENGTHS[PauseLength.ONE_WEEK]))
    assert await bot.count(CheckIn, status=CheckinStatus.OPEN) == 0
    assert await bot.count(Answer) == 2
