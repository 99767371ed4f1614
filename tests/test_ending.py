"""An end of therapy: "My therapy is ending" in /settings (and when sessions stop), the
summary of the whole therapy, a note of the client's own, and the three ways on; a new
therapist's invite starts a new course, and no summary mixes two."""

import json
from datetime import UTC, datetime, time, timedelta

from botapi import TelegramTestClient
from domain.plan import decode_plan
from domain.sessions import Rhythm
from services import invites
from services.invites import Preset
from storage.models import CheckIn, Client, ConsentRecord, Course
from tests.conftest import STATEMENTS, answer_checkin, onboard
from tests.harness import BotHarness
from tests.test_goals import name_goals
from tests.test_sessions_flow import WEDNESDAY_1900, weekly_thursdays

SLEEP = "Sleep better"
KEPT_NOTE = "Walking after work helped. I'll watch for my sleep slipping."
CONFIRM = "Would you like a summary of your whole therapy?"
STALE = "This button is no longer active."
WHAT_NOW = "What would you like from Between now?"


async def session_checkin(
    bot: BotHarness, client: TelegramTestClient, week: int, mood: int, therapy: int, goal: int
) -> None:
    """The check-in before week `week`'s session: a session since, mood, the statements
    (each `therapy`), the goal, no note."""
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=week))
    await bot.tick()
    await client.press("Yes")
    await client.press(str(mood))
    for _ in range(STATEMENTS):
        await client.press(str(therapy))
    await client.press(str(goal))
    await client.press("Skip")


async def three_sessions(bot: BotHarness, alex: TelegramTestClient) -> None:
    """Weekly Thursday sessions, a goal, and three check-ins: mood 3 → 5 → 7, how therapy
    feels 3 → 4 → 5, the goal 2 → 4 → 6."""
    await weekly_thursdays(alex)
    await name_goals(alex, SLEEP)
    for week, (mood, therapy, goal) in enumerate([(3, 3, 2), (5, 4, 4), (7, 5, 6)]):
        await session_checkin(bot, alex, week, mood, therapy, goal)
    bot.clock.advance(minutes=30)


async def end_therapy(alex: TelegramTestClient, summary: str = "Yes, please") -> None:
    await alex.send("/settings")
    await alex.press("My therapy is ending")
    assert CONFIRM in alex.last_text
    await alex.press(summary)


async def stale(alex: TelegramTestClient, data: str, message_id: int) -> None:
    answer = await alex.press_data(data, message_id)
    assert answer is not None and STALE in str(answer.get("text")), answer


def buttons_of(alex: TelegramTestClient, label: str) -> tuple[str, int]:
    """The data and message of the newest button labelled `label`."""
    for message in reversed(alex.bot_messages()):
        for row in message.buttons():
            for text, data in row:
                if text == label:
                    return data, message.message_id
    raise AssertionError(f"no button {label!r}")


async def test_ending_from_settings_gives_the_whole_therapy_then_checking_in_on_my_own(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await three_sessions(bot, alex)
    await end_therapy(alex)
    ended_at = bot.clock.now()
    summary, ask = alex.texts()[-2:]
    assert "Your therapy has ended here." in alex.texts()[-3]
    assert "My therapy, from beginning to end" in summary
    assert "25 November 2026 – 9 December 2026 · 3 check-ins" in summary
    assert "Mood: 3 → 7 (range 3–7)" in summary
    assert "How therapy feels: 3.0 → 5.0" in summary
    assert "felt understood: 3 → 5" in summary
    assert f"A. {SLEEP}: 2 → 6" in summary
    assert "anything you'd like to keep from this" in ask
    [course] = await bot.rows(Course)
    assert course.ended_at == ended_at

    await alex.send(KEPT_NOTE)
    assert "Kept." in alex.texts()[-2]
    assert WHAT_NOW in alex.last_text
    [course] = await bot.rows(Course)
    assert course.note and bot.runtime.cipher.open(course.note) == KEPT_NOTE
    assert KEPT_NOTE.encode() not in course.note

    await alex.press("Keep checking in on my own")
    assert "no questions about sessions" in alex.last_text
    assert "Wednesday 16 December at 19:00" in alex.last_text
    [client] = await bot.rows(Client)
    assert (client.rhythm, client.weekday, client.local_time) == ("checkin", 2, "19:00")
    assert client.next_session_at is None

    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=3))
    assert await bot.tick() == 1
    assert "How has your mood been this week" in alex.last_text
    await alex.press("6")
    await alex.press("5")
    assert "Anything you'd like to bring" in alex.last_text
    newest = max(await bot.rows(CheckIn), key=lambda c: c.id)
    keys = [step.item_key for step in decode_plan(newest.plan)]
    assert "session" not in keys and "heard" not in keys and "mood" in keys

    await alex.send("/settings")
    await alex.press("Summary of my whole therapy")
    again = alex.last_text
    assert "Mood: 3 → 7" in again and "3 check-ins" in again
    assert again.rstrip().endswith("not a diagnosis.")
    assert f"What I'd like to keep from this\n{KEPT_NOTE}" in again

    await alex.send("/export")
    document = json.loads(alex.bot_messages()[-2].content or b"")
    assert [s["period"] for s in document["summaries_sent"]] == ["course", "course"]
    [exported] = document["courses"]
    assert exported["note"] == KEPT_NOTE and exported["ended_at"] == ended_at.isoformat()
    assert exported["started_at"] and "note_asked_at" not in exported


async def test_pause_after_an_ending_pauses(bot: BotHarness, alex: TelegramTestClient) -> None:
    await three_sessions(bot, alex)
    await end_therapy(alex, "No, thanks")
    assert "from beginning to end" not in " ".join(alex.texts())
    await alex.press("Skip")
    assert WHAT_NOW in alex.last_text
    await alex.press("Pause for now")
    await alex.press("2 weeks")
    assert "You're on a break until" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.status == "paused"


async def test_stop_and_erase_erases_after_confirming(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await three_sessions(bot, alex)
    await end_therapy(alex)
    await alex.press("Skip")
    await alex.press("Stop and erase everything")
    assert "Erase everything?" in alex.last_text
    assert await bot.count(Client) == 1, "nothing is erased before the confirmation"
    await alex.press("Erase everything")
    assert "Everything is erased" in alex.last_text
    assert await bot.count(Client) == 0 and await bot.count(Course) == 0


async def test_a_new_invite_after_an_ending_starts_a_course_no_summary_mixes_with(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    [course] = await bot.rows(Course)
    [consent] = await bot.rows(ConsentRecord)
    assert (course.started_at, course.ended_at) == (consent.agreed_at, None), "consent opens it"
    for week in range(2):
        bot.clock.set(datetime(2026, 11, 30, 9, tzinfo=UTC) + timedelta(weeks=week))
        await bot.tick()
        await answer_checkin(alex, mood=2, alliance=[2] * STATEMENTS, note="the old course")
    bot.clock.advance(hours=1)
    await end_therapy(alex, "No, thanks")
    await alex.press("Skip")
    await alex.press("Keep checking in on my own")

    preset = Preset("Dr New", Rhythm.WEEKLY, 3, time(10, 0), "Europe/London", False)
    code = (await invites.create(bot.runtime, preset, 1, 14)).code
    await alex.send(f"/start {code}")
    await alex.press("Use these")
    first, second = sorted(await bot.rows(Course), key=lambda c: c.id)
    assert first.ended_at is not None and second.ended_at is None
    assert second.started_at == bot.clock.now()
    await alex.send("/summary")
    assert "no answers to sum up yet" in alex.last_text.lower() or "nothing" in alex.last_text

    [client] = await bot.rows(Client)
    assert client.next_checkin_at is not None
    bot.clock.set(client.next_checkin_at)
    await bot.tick()
    await answer_checkin(alex, mood=8, alliance=[5] * STATEMENTS, note="the new course")
    bot.clock.advance(hours=1)
    await alex.send("/summary")
    assert "Since my last summary" not in " ".join(alex.last_message.button_labels())  # type: ignore[union-attr]
    await alex.press("Last 12 weeks")
    preview = alex.last_text
    assert "Mood: 8 (one check-in)" in preview and "· 1 check-in" in preview
    assert "7 December 2026 – " in preview, "the period shown starts with the new course"
    assert "the new course" in preview and "the old course" not in preview
    assert "not answered" not in preview


async def test_double_late_and_forged_taps_change_nothing(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await three_sessions(bot, alex)
    await alex.send("/settings")
    await alex.press("My therapy is ending")
    data, message_id = buttons_of(alex, "Yes, please")
    bot.clock.advance(days=2)
    await stale(alex, data, message_id)  # late: the question has expired
    [course] = await bot.rows(Course)
    assert course.ended_at is None
    forged = data.replace(f":{course.id}:", f":{course.id + 7}:")
    await stale(alex, forged, message_id)
    for step in ("sum", "keep", "skip", "erase"):  # ids no course has, PostgreSQL's too
        await stale(alex, f"e:{step}:999999999999:{int(bot.clock.now().timestamp())}", message_id)

    await alex.send("/settings")
    await alex.press("My therapy is ending")
    cancel, cancel_message = buttons_of(alex, "It isn't ending")
    await alex.press("It isn't ending")
    assert "Nothing has changed" in alex.last_text
    assert (await bot.rows(Course))[0].ended_at is None

    await alex.send("/settings")
    await alex.press("My therapy is ending")
    data, message_id = buttons_of(alex, "Yes, please")
    sent = len(alex.bot_messages())
    await alex.press_data(data, message_id)
    ended_at = (await bot.rows(Course))[0].ended_at
    after_first = len(alex.bot_messages())
    bot.clock.advance(seconds=5)
    await stale(alex, data, message_id)  # twice
    assert len(alex.bot_messages()) == after_first > sent
    assert (await bot.rows(Course))[0].ended_at == ended_at
    await stale(alex, cancel, cancel_message)  # late: it has ended since

    skip, skip_message = buttons_of(alex, "Skip")
    await alex.press_data(skip, skip_message)
    await stale(alex, skip, skip_message)
    keep, choices = buttons_of(alex, "Keep checking in on my own")
    pause, _ = buttons_of(alex, "Pause for now")
    await alex.press_data(keep, choices)
    count = len(alex.bot_messages())
    await stale(alex, keep, choices)
    assert len(alex.bot_messages()) == count, "a second tap sends nothing more"
    await stale(alex, pause, choices)
    assert len(alex.bot_messages()) == count
    [client] = await bot.rows(Client)
    assert client.status == "active"


async def test_sessions_that_stop_bring_the_offer_of_an_ending(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/schedule")
    await alex.press("Change sessions")
    await alex.press("I'd rather just pick a check-in time")
    offer, question = alex.texts()[-2:]
    assert "If your sessions have stopped because your therapy is ending" in offer
    assert "day" in question.lower()
    await alex.press("My therapy is ending")
    assert CONFIRM in alex.last_text


async def test_without_an_invite_a_new_start_after_an_ending_keeps_the_course_ended(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await end_therapy(alex, "No, thanks")
    await alex.press("Skip")
    await alex.send("/stop")
    await alex.press("Keep my answers")
    await onboard(alex)
    [course] = await bot.rows(Course)
    assert course.ended_at is not None
    await alex.send("/settings")
    assert "Summary of my whole therapy" in alex.last_message.button_labels()  # type: ignore[union-attr]


async def test_before_a_way_on_is_chosen_checkins_ask_nothing_about_sessions(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await three_sessions(bot, alex)
    await end_therapy(alex, "No, thanks")
    await alex.press("Skip")
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=3))
    assert await bot.tick() == 1
    assert "How has your mood been this week" in alex.last_text
    newest = max(await bot.rows(CheckIn), key=lambda c: c.id)
    assert newest.session_at is None
    sent = len(alex.bot_messages())
    bot.clock.advance(hours=12)  # Thursday 07:00, three hours before the old session time
    await bot.tick()
    assert len(alex.bot_messages()) == sent, "no summary is offered for a session"
