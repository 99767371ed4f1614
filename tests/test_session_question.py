"""The check-in opens with "Have you had a session since your last check-in?": after Yes
come the six statements about that session, after No they are passed over."""

from html import escape

from botapi import TelegramTestClient
from domain.instruments import load_instruments
from storage.models import Answer, CheckIn
from tests.conftest import onboard
from tests.harness import BotHarness

SESSION_QUESTION = "Have you had a session since your last check-in?"
SESSION_INTRO = "Thinking about your last session:"
STATEMENTS = ["heard", "accepted", "genuine", "safe", "goals", "approach"]
NOTE_QUESTION = "Anything you'd like to bring"


def statement_text(key: str) -> str:
    return escape(load_instruments()["weekly"].item(key).text)


async def stored_answers(bot: BotHarness) -> list[tuple[int, str, int | None, bool]]:
    answers = sorted(await bot.rows(Answer), key=lambda a: a.position)
    return [(a.position, a.item_key, a.value, a.skipped) for a in answers]


async def test_yes_asks_the_six_statements_about_the_last_session(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    assert "Check-in · 1 of 9" in alex.last_text
    assert SESSION_QUESTION in alex.last_text
    assert alex.last_message is not None
    assert alex.last_message.button_labels() == ["Yes", "No", "Later", "Skip this week"]

    await alex.press("Yes")
    assert "Check-in · 2 of 9" in alex.last_text
    assert "mood" in alex.last_text
    assert SESSION_INTRO not in alex.last_text, "mood is about the week, not the session"
    await alex.press("6")
    for position, (key, value) in enumerate(zip(STATEMENTS, "545454", strict=True), start=2):
        assert f"Check-in · {position + 1} of 9" in alex.last_text
        assert SESSION_INTRO in alex.last_text
        assert statement_text(key) in alex.last_text
        await alex.press(value)
    assert "Check-in · 9 of 9" in alex.last_text
    assert NOTE_QUESTION in alex.last_text and SESSION_INTRO not in alex.last_text
    await alex.press("Skip")
    assert "That's everything for this check-in" in alex.last_text

    [checkin] = await bot.rows(CheckIn)
    assert (checkin.status, checkin.had_session) == ("done", True)
    assert await stored_answers(bot) == [
        (0, "session", 1, False),
        (1, "mood", 6, False),
        (2, "heard", 5, False),
        (3, "accepted", 4, False),
        (4, "genuine", 5, False),
        (5, "safe", 4, False),
        (6, "goals", 5, False),
        (7, "approach", 4, False),
        (8, "note", None, True),
    ]


async def test_no_goes_from_mood_straight_to_the_note(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/checkin")
    await alex.press("No")
    assert "Check-in · 2 of 9" in alex.last_text
    assert "mood" in alex.last_text
    await alex.press("6")
    assert "Check-in · 9 of 9" in alex.last_text
    assert NOTE_QUESTION in alex.last_text
    await alex.send("A quiet week")
    assert "note is saved" in alex.last_text
    assert not any(SESSION_INTRO in text for text in alex.texts())
    assert not any(statement_text(key) in text for text in alex.texts() for key in STATEMENTS)

    [checkin] = await bot.rows(CheckIn)
    assert (checkin.status, checkin.had_session) == ("done", False)
    assert await stored_answers(bot) == [
        (0, "session", 0, False),
        (1, "mood", 6, False),
        (8, "note", None, False),
    ]
    [note] = [a for a in await bot.rows(Answer) if a.note]
    assert bot.runtime.cipher.open(note.note) == "A quiet week"


async def test_with_phq4_no_still_asks_phq4_before_the_note(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Add PHQ-4")
    await alex.send("/checkin")
    assert "Check-in · 1 of 13" in alex.last_text  # session, mood, 6 statements, 4, note
    await alex.press("No")
    await alex.press("4")
    assert "Check-in · 9 of 13" in alex.last_text
    for label in ["Not at all", "Several days", "Not at all", "Several days"]:
        assert "Nearly every day" in alex.last_message.button_labels()  # type: ignore[union-attr]
        await alex.press(label)
    assert "Check-in · 13 of 13" in alex.last_text
    assert NOTE_QUESTION in alex.last_text
    await alex.press("Skip")

    [checkin] = await bot.rows(CheckIn)
    assert (checkin.status, checkin.had_session) == ("done", False)
    answers = sorted(await bot.rows(Answer), key=lambda a: a.position)
    assert [(a.instrument_id, a.item_key) for a in answers] == [
        ("weekly", "session"),
        ("weekly", "mood"),
        ("phq4", "anxious"),
        ("phq4", "worry"),
        ("phq4", "interest"),
        ("phq4", "down"),
        ("weekly", "note"),
    ]
    assert [a.value for a in answers] == [0, 4, 0, 1, 0, 1, None]
