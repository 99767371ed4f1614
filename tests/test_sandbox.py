"""The sandbox without a browser: its clock, how it draws messages, and the real bot in it
moved through time (the browser test is tests/test_sandbox_browser.py)."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from botapi import FakeMessage
from botapi.server import parse_html
from config import Settings
from domain.clock import MovableClock
from domain.language import Language, words
from sandbox.core import CLIENTS, Sandbox
from sandbox.render import to_html
from tests.processes import wait_until

ALEX, SAM = CLIENTS


def test_the_movable_clock_is_real_time_plus_an_offset_that_only_grows() -> None:
    clock = MovableClock()
    before = clock.now()
    clock.advance(timedelta(days=1))
    assert timedelta(days=1) <= clock.now() - before < timedelta(days=1, seconds=5)
    clock.move_to(before)  # already past: nothing moves
    assert clock.now() - before >= timedelta(days=1)
    clock.move_to(before + timedelta(days=8))
    assert timedelta(days=8) <= clock.now() - before < timedelta(days=8, seconds=5)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))


def test_messages_are_drawn_from_telegram_entities_and_nothing_else_is_markup() -> None:
    text = '<b>Hi</b> 😀 <i>you <b>&lt;x&gt;</b></i> <a href="https://a.org/?q=1&amp;r=2">l</a>'
    assert to_html(*parse_html(text)) == (
        "<b>Hi</b> 😀 <i>you <b>&lt;x&gt;</b></i> "
        '<a href="https://a.org/?q=1&amp;r=2" target="_blank" rel="noopener noreferrer">l</a>'
    )
    assert to_html('<script>alert("x")</script>', []) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    assert "href" not in to_html(*parse_html('<a href="javascript:alert(1)">x</a>'))
    shown = to_html("Send /checkin, or see https://findahelpline.com. and/or", [])
    assert 'data-command="/checkin"' in shown
    assert 'href="https://findahelpline.com"' in shown
    assert "and/or" in shown


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    running = Sandbox(settings)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def tap(sandbox: Sandbox, label: str) -> None:
    """Tap `label` once the bot has shown it (the bot may still be sending), then wait for
    the bot to answer."""

    def showing() -> list[FakeMessage]:
        return [m for m in sandbox.api.bot_messages(ALEX.chat_id) if label in m.button_labels()]

    await wait_until(lambda: bool(showing()), what=f"a button {label!r}")
    [message] = showing()
    data = next(d for row in message.buttons() for text, d in row if text == label)
    before = [(m.message_id, m.text) for m in sandbox.api.messages(ALEX.chat_id)]
    await sandbox.press(ALEX, message.message_id, data)
    await wait_until(
        lambda: [(m.message_id, m.text) for m in sandbox.api.messages(ALEX.chat_id)] != before,
        what=f"the bot to answer {label}",
    )


async def test_the_real_bot_in_the_sandbox_moves_through_time_and_resets(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert {c["command"] for c in sandbox.api.commands} >= {"start", "summary", "checkin"}
    await sandbox.send(ALEX, "/start")
    await wait_until(lambda: bool(sandbox.api.bot_messages(ALEX.chat_id)), what="a welcome")
    await tap(sandbox, "I agree")
    await tap(sandbox, "Europe/London")
    await tap(sandbox, "I'd rather just pick a check-in time")
    await tap(sandbox, "Mon")
    await tap(sandbox, "09:00")
    next_at = await sandbox.next_checkin(ALEX)
    assert next_at is not None
    count = len(sandbox.api.bot_messages(ALEX.chat_id))
    assert "Moved an hour" in await sandbox.travel(ALEX, "hour")
    assert "next check-in" in await sandbox.travel(ALEX, "next")
    assert sandbox.now() >= next_at
    newest = sandbox.api.last_bot_message(ALEX.chat_id)
    assert newest is not None
    assert len(sandbox.api.bot_messages(ALEX.chat_id)) == count + 1, "the check-in came"
    assert newest.date >= int(next_at.timestamp()), "messages are dated in sandbox time"
    assert not sandbox.api.messages(SAM.chat_id), "Sam's chat is Sam's alone"
    assert "no check-in coming" in await sandbox.travel(SAM, "next")

    await sandbox.reset()
    assert not sandbox.api.messages(ALEX.chat_id)
    assert await sandbox.next_checkin(ALEX) is None
    assert abs(sandbox.now() - MovableClock().now()) < timedelta(seconds=5)


async def test_a_pretend_phone_set_to_german_meets_between_in_german(sandbox: Sandbox) -> None:
    sandbox.set_language(SAM, Language.DE)
    german = words(Language.DE)
    assert {c["description"] for c in sandbox.commands(SAM)}.isdisjoint(
        {c["description"] for c in sandbox.commands(ALEX)}
    ), "the menu is German on Sam's phone, English on Alex's"
    await sandbox.send(SAM, "/start")
    await wait_until(lambda: bool(sandbox.api.bot_messages(SAM.chat_id)), what="a welcome")
    [welcome] = sandbox.api.bot_messages(SAM.chat_id)
    assert german._("I agree") in welcome.button_labels()
    assert welcome.text and welcome.text.startswith("<b>Hallo")

    await sandbox.reset()
    assert sandbox.languages == {ALEX.key: Language.EN, SAM.key: Language.DE}, "a phone setting"


async def test_the_jump_stops_at_the_question_after_a_session(sandbox: Sandbox) -> None:
    await sandbox.send(ALEX, "/start")
    await wait_until(lambda: bool(sandbox.api.bot_messages(ALEX.chat_id)), what="a welcome")
    for label in ("I agree", "Europe/London", "Every week", "Thu"):
        await tap(sandbox, label)
    await sandbox.send(ALEX, "10:00")
    await tap(sandbox, "The evening before, 19:00")
    assert "next check-in" in await sandbox.travel(ALEX, "next")
    for label in ("Yes", "6", *["4"] * 6, "Skip", "Skip"):
        await tap(sandbox, label)
    rating_at = await sandbox.next_rating(ALEX)
    assert rating_at is not None and rating_at < (await sandbox.next_checkin(ALEX) or rating_at)
    assert "after the session" in await sandbox.travel(ALEX, "next")
    newest = sandbox.api.last_bot_message(ALEX.chat_id)
    assert newest is not None and "How was today's session?" in newest.plain_text
