"""The client's own goals: named at set-up or with /goals, rated at each check-in, in the
summary and its chart, renamed, archived, erased, exported, and erased by /delete."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from botapi import TelegramTestClient
from config import Settings
from storage.models import Answer, CheckIn, Goal
from tests.conftest import onboard
from tests.harness import BotHarness
from tests.test_data_rights import all_rows, raw_dump

FIRST_SLOT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SLEEP = "Sleep through the night <more> often"
CALM = "Feel calmer at work"
QUESTION = "How close do you feel to this goal?"


async def name_goals(client: TelegramTestClient, *words: str) -> None:
    """/goals, then Add a goal and type its words, for each."""
    await client.send("/goals")
    for goal in words:
        await client.press("Add a goal")
        await client.send(goal)


async def checkin_with_goals(
    client: TelegramTestClient, ratings: list[str], note: str | None = None
) -> None:
    """No session since the last one, mood 5, each goal rated (or "Skip"), then the note."""
    await client.press("No")
    await client.press("5")
    for rating in ratings:
        assert QUESTION in client.last_text
        await client.press(rating)
    assert "Anything you'd like to bring" in client.last_text
    await (client.send(note) if note else client.press("Skip"))


async def weekly_with_goals(
    bot: BotHarness, client: TelegramTestClient, weeks: list[list[str]]
) -> None:
    """One scheduled check-in a week from the first slot, the goals rated as given."""
    for week, ratings in enumerate(weeks):
        bot.clock.set(FIRST_SLOT + timedelta(weeks=week))
        await bot.tick()
        await checkin_with_goals(client, ratings)
    bot.clock.advance(hours=1)


async def goal_words(bot: BotHarness) -> list[str]:
    """Each stored goal's words, opened, in the order they were named."""
    goals = sorted(await bot.rows(Goal), key=lambda g: g.id)
    return [bot.runtime.cipher.open(goal.words or b"") for goal in goals]


async def test_goals_named_at_set_up_are_asked_in_each_checkin_and_sealed_at_rest(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings
) -> None:
    await onboard(alex)
    assert "You're all set" in alex.last_text
    assert "name up to three goals of your own" in alex.last_text
    await alex.press("Add a goal")
    assert "in a few words of your own" in alex.last_text
    await alex.send(f"  {SLEEP}\n ")
    assert "Saved: “Sleep through the night &lt;more&gt; often”" in alex.last_message.text  # type: ignore[union-attr]
    await alex.press("Add a goal")
    await alex.send(CALM)
    assert "1. Sleep through the night <more> often\n2. Feel calmer at work" in alex.last_text

    await alex.send("/checkin")
    assert "1 of 11" in alex.last_text  # nine weekly steps and two goals
    await alex.press("No")
    await alex.press("6")
    assert QUESTION in alex.last_text and SLEEP in alex.last_text
    assert "0 = not close at all · 10 = very close" in alex.last_text
    await alex.press("3")
    assert CALM in alex.last_text
    await alex.press("Skip")
    await alex.send("A note")

    goals = sorted(await bot.rows(Goal), key=lambda g: g.id)
    rated = [a for a in await bot.rows(Answer) if a.goal_id is not None]
    assert [(a.goal_id, a.value, a.skipped) for a in sorted(rated, key=lambda a: a.position)] == [
        (goals[0].id, 3, False),
        (goals[1].id, None, True),
    ]
    assert {(a.instrument_id, a.item_key, a.item_text) for a in rated} == {
        ("goals", "close", QUESTION)
    }
    dump = await raw_dump(bot, settings)
    assert SLEEP.encode() not in dump and CALM.encode() not in dump


async def test_not_now_at_set_up_asks_nothing_and_the_checkin_has_no_goal_questions(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.press("Not now")
    assert "/goals whenever you like" in alex.last_text
    await alex.send("Sleep better")
    assert "I only keep what you type when I ask for a note" in alex.last_text
    await alex.send("/checkin")
    assert "1 of 9" in alex.last_text
    assert await bot.count(Goal) == 0


async def test_the_words_asked_for_are_kept_across_a_restart_and_the_ask_lapses(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/goals")
    assert "You haven't named any goals yet" in alex.last_text
    await alex.press("Add a goal")
    await bot.restart()
    await alex.send(CALM)
    assert "Saved: “Feel calmer at work”" in alex.last_text
    await alex.press("Add a goal")
    bot.clock.advance(minutes=31)
    await alex.send("Sleep better")
    assert "I only keep what you type when I ask for a note" in alex.last_text
    assert len([g for g in await bot.rows(Goal) if g.words]) == 1


async def test_empty_or_long_words_are_refused_kindly_and_nothing_is_lost(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await name_goals(alex, CALM)
    await alex.press("Rename 1")
    assert "Feel calmer at work" in alex.last_text and "call this goal now" in alex.last_text
    await alex.send("x" * 201)
    assert "under 200 characters" in alex.last_text
    await alex.send("   ")
    assert "write your goal again" in alex.last_text
    [goal] = await bot.rows(Goal)
    assert bot.runtime.cipher.open(goal.words or b"") == CALM, "unchanged until words arrive"
    await alex.send("Feel calm at work, most days")
    assert "Renamed: “Feel calm at work, most days”" in alex.last_text
    assert await goal_words(bot) == ["Feel calm at work, most days"]
    await alex.press("Rename 1")
    await alex.press("Cancel")
    assert "nothing changed" in alex.last_text
    await alex.send("Not a goal")
    assert "I only keep what you type" in alex.last_text
    assert await goal_words(bot) == ["Feel calm at work, most days"]


async def test_three_goals_at_most(bot: BotHarness, alex: TelegramTestClient) -> None:
    await onboard(alex)
    await name_goals(alex, "One", "Two", "Three")
    assert "Add a goal" not in alex.last_message.button_labels()  # type: ignore[union-attr]
    answer = await alex.press("Add a goal")  # the button on an older message
    assert answer is not None and "three goals already" in answer["text"]
    await alex.send("Four")
    assert await bot.count(Goal) == 3


async def test_an_archived_goal_is_kept_but_no_longer_asked_even_mid_checkin(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await name_goals(alex, SLEEP, CALM)
    await alex.send("/checkin")
    checkin_id = alex.last_message.message_id  # type: ignore[union-attr]
    await alex.press("No")
    await alex.press("5")
    assert SLEEP in alex.last_text
    await alex.send("/goals")
    listed = alex.last_message
    assert listed is not None
    archive = next(data for label, data in listed.buttons()[0] if label == "Archive 1")
    await alex.press("Archive 1")
    assert "Archived: “Sleep through the night &lt;more&gt; often”" in alex.last_message.text  # type: ignore[union-attr]
    assert not alex.last_message.button_labels(), "renumbered buttons would archive another"  # type: ignore[union-attr]
    answer = await alex.press_data(archive, listed.message_id)
    assert answer is not None and "no longer there" in answer["text"]
    await alex.send("/goals")
    assert "Archived" in alex.last_text and "Erase 2" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("Skip", message_id=checkin_id)  # the question on screen was about Sleep
    await alex.send("/checkin")
    assert CALM in alex.last_text and SLEEP not in alex.last_text
    await alex.press("7")
    await alex.press("Skip")
    [checkin] = await bot.rows(CheckIn)
    assert checkin.status == "done"
    bot.clock.set(FIRST_SLOT)
    await bot.tick()
    await checkin_with_goals(alex, ["8"])
    assert await bot.count(Goal) == 2


async def test_erasing_a_goal_asks_first_expires_and_takes_its_ratings(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await name_goals(alex, SLEEP, CALM)
    await weekly_with_goals(bot, alex, [["4", "5"]])
    await alex.send("/goals")
    await alex.press("Erase 1")
    assert "This cannot be undone" in alex.last_text
    await alex.press("Keep it")
    assert "kept" in alex.last_text
    await alex.send("/goals")
    await alex.press("Erase 1")
    bot.clock.advance(minutes=11)
    answer = await alex.press("Erase it")
    assert answer is not None and "no longer active" in answer["text"]
    assert await bot.count(Goal) == 2
    await alex.send("/goals")
    await alex.press("Erase 1")
    await alex.press("Erase it")
    assert "the goal and its ratings are gone" in alex.last_text
    [left] = await bot.rows(Goal)
    assert [a.goal_id for a in await bot.rows(Answer) if a.goal_id] == [left.id]
    await alex.send("/goals")
    assert SLEEP not in alex.last_text and "1. Feel calmer at work" in alex.last_text


async def test_another_clients_goal_cannot_be_reached_by_a_forged_button(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    sam = bot.client(2002, "Sam")
    await onboard(alex)
    await onboard(sam)
    await name_goals(alex, SLEEP)
    [goal] = await bot.rows(Goal)
    await name_goals(sam, CALM)
    own = sam.last_message.message_id  # type: ignore[union-attr]
    now = int(bot.clock.now().timestamp())
    for data in (f"gl:arc:{goal.id}", f"gl:era:{goal.id}", f"gl:del:{goal.id}:{now}"):
        answer = await sam.press_data(data, own)
        assert answer is not None and answer["text"] in (
            "That goal is no longer there.",
            "This button is no longer active.",
        )
    [kept, _] = sorted(await bot.rows(Goal), key=lambda g: g.id)
    assert kept.archived_at is None and bot.runtime.cipher.open(kept.words or b"") == SLEEP


async def test_the_summary_shows_each_goal_first_to_latest_with_its_own_chart_panel(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await name_goals(alex, SLEEP, CALM)
    await weekly_with_goals(bot, alex, [["2", "5"], ["3", "Skip"], ["6", "5"]])
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "✓ My goals" in alex.last_message.button_labels()  # type: ignore[union-attr]
    preview = alex.last_message.text  # type: ignore[union-attr]
    assert "A. Sleep through the night &lt;more&gt; often: 2 → 6" in preview
    assert "B. Feel calmer at work: 5 → 5" in preview
    await alex.press("✓ My goals")
    assert "My goals" in alex.last_message.button_labels()  # type: ignore[union-attr]
    assert "Sleep through" not in alex.last_text
    await alex.press("My goals")
    await alex.press("Send")
    summary, chart = alex.bot_messages()[-2:]
    assert "A. Sleep through the night" in summary.plain_text
    assert chart.kind == "photo"


async def test_export_holds_goals_and_ratings_and_delete_erases_them(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await name_goals(alex, SLEEP, CALM)
    await alex.send("/goals")
    await alex.press("Archive 2")
    await weekly_with_goals(bot, alex, [["4"]])
    await alex.send("/export")
    json_doc, csv_doc = alex.bot_messages()[-2:]
    exported = json.loads(json_doc.content or b"")
    assert [(g["words"], g["archived_at"] is not None) for g in exported["goals"]] == [
        (SLEEP, False),
        (CALM, True),
    ]
    [rating] = [a for a in exported["checkins"][0]["answers"] if a["goal_id"]]
    assert (rating["goal_id"], rating["value"]) == (exported["goals"][0]["id"], 4)
    rows = list(csv.DictReader(io.StringIO((csv_doc.content or b"").decode("utf-8-sig"))))
    assert [(r["goal"], r["value"]) for r in rows if r["goal"]] == [(SLEEP, "4")]

    await alex.send("/delete")
    await alex.press("Erase everything")
    tables = await all_rows(bot)
    assert tables["goals"] == [] and tables["answers"] == []
