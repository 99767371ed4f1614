"""Tasks agreed between sessions: added with /tasks or after the offer, asked about at each
pre-session check-in until tried (or no longer relevant), in the summary, exported, and
erased by /delete."""

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BetweenContext
from botapi import TelegramTestClient
from config import Settings
from domain.language import ENGLISH, Language, words
from domain.summary import LINE_WIDTH, Section, SummaryData, printed_summary, render_summary
from domain.tasks import AgreedTask, TaskOutcome
from storage.models import Answer, Goal, Task
from tests.conftest import AGENDA_QUESTION, onboard
from tests.harness import BotHarness
from tests.summary_sample import sample_data
from tests.test_data_rights import all_rows, raw_dump
from tests.test_summary_sample import pdf_pages

WEDNESDAY_1900 = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # London is on UTC in November
WALK = "Walk after lunch, even <10 min>"
SHOWN = "Walk after lunch, even &lt;10 min&gt;"
CALL = "Call my sister on Sundays"
QUESTION = "How did it go?"
IN_THE_WAY = "What got in the way? (optional)"
NOTE_STEP = "Anything you'd like to bring"
# After the tasks, a check-in before a session asks what to talk about there.
AFTER_TASKS = AGENDA_QUESTION


async def weekly_thursdays(client: TelegramTestClient) -> None:
    """Weekly sessions on Thursday at 10:00, the check-in the evening before."""
    await client.send("/start")
    await client.press("I agree")
    await client.press("Europe/London")
    await client.press("Every week")
    await client.press("Thu")
    await client.send("10:00")
    await client.press("The evening before, 19:00")


async def add_tasks(client: TelegramTestClient, *tasks: str) -> None:
    """/tasks, then Add a task and type its words, for each."""
    await client.send("/tasks")
    for task in tasks:
        await client.press("Add a task")
        await client.send(task)


async def checkin_before(bot: BotHarness, client: TelegramTestClient, week: int) -> None:
    """The check-in the evening before the session of `week`: no session since, mood 6."""
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=week))
    await bot.tick()
    await client.press("No")
    await client.press("6")


async def stored_tasks(bot: BotHarness) -> list[Task]:
    return sorted(await bot.rows(Task), key=lambda task: task.id)


def text_of(client: TelegramTestClient, message_id: int) -> str:
    return next(m.plain_text for m in client.bot_messages() if m.message_id == message_id)


def flat(text: str) -> str:
    """A summary's text with its phone-width line breaks undone."""
    return re.sub(r"\n {3}", " ", text)


async def test_an_agreed_task_is_asked_until_tried_and_the_summary_names_each_outcome(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/tasks")
    assert "Nothing here yet" in alex.last_text
    await alex.press("Add a task")
    assert "Did you agree on something to try before next time?" in alex.last_text
    await alex.send(f"  {WALK}\n")
    assert f"Saved: “{SHOWN}”" in alex.last_message.text  # type: ignore[union-attr]
    assert f"1. {WALK}" in alex.last_text

    await checkin_before(bot, alex, 0)
    assert f"Before this session you planned:\n“{WALK}”\n{QUESTION}" in alex.last_text
    await alex.press("Partly")
    assert IN_THE_WAY in alex.last_text and WALK in alex.last_text
    checkin = alex.last_message
    assert checkin is not None
    await alex.send("Rainy days")
    assert "Thank you, that's noted." in alex.last_text
    assert AFTER_TASKS in text_of(alex, checkin.message_id)
    await alex.press("Skip")
    [task] = await stored_tasks(bot)
    assert task.closed_at is None, "partly keeps it for the next check-in"

    await checkin_before(bot, alex, 1)
    assert QUESTION in alex.last_text and WALK in alex.last_text
    await alex.press("I tried it")
    assert AFTER_TASKS in alex.last_text, "no question about what got in the way"
    await alex.press("Skip")
    [task] = await stored_tasks(bot)
    assert (task.closed_at, task.closed_outcome) == (bot.clock.now(), TaskOutcome.TRIED)
    about = sorted((a for a in await bot.rows(Answer) if a.task_id), key=lambda a: a.id)
    assert [(a.item_key, a.value, a.skipped) for a in about] == [
        ("outcome", 1, False),
        ("obstacle", None, False),
        ("outcome", 0, False),
        ("obstacle", None, True),
    ]
    assert bot.runtime.cipher.open(about[1].note or b"") == "Rainy days"

    await checkin_before(bot, alex, 2)
    assert AFTER_TASKS in alex.last_text, "a task tried is not asked about again"

    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "✓ What I agreed to try" in alex.last_message.button_labels()  # type: ignore[union-attr]
    preview = alex.last_message.text  # type: ignore[union-attr]
    assert f"Agreed on 25 Nov: “{SHOWN}” — partly, tried" in flat(preview)
    assert "Rainy days" not in preview, "what got in the way is the client's, not a note"
    await alex.press("✓ What I agreed to try")
    assert "Agreed on" not in alex.last_text
    await alex.press("What I agreed to try")
    await alex.press("Send")
    summary = alex.bot_messages()[-2]
    assert "<b>What I agreed to try</b>" in summary.text
    dump = await raw_dump(bot, settings)
    assert WALK.encode() not in dump and b"Rainy days" not in dump


async def test_a_fourth_task_is_refused_kindly_and_nothing_is_stored(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await add_tasks(alex, WALK, CALL, "Write three lines a night")
    assert "Add a task" not in alex.last_message.button_labels()  # type: ignore[union-attr]
    answer = await alex.press("Add a task")  # the first list's button, still in the chat
    assert answer is not None and "You have three tasks open" in answer["text"]
    assert len(await stored_tasks(bot)) == 3
    await alex.send("Read before bed")
    assert "I only keep what you type when I ask for a note" in alex.last_text
    assert len(await stored_tasks(bot)) == 3


async def test_empty_or_long_words_are_refused_kindly_and_the_ask_stands(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/tasks")
    await alex.press("Add a task")
    await alex.send("x" * 201)
    assert "under 200 characters" in alex.last_text
    await alex.send("   ")
    assert "write the task again" in alex.last_text
    assert [t.words for t in await stored_tasks(bot)] == [None]
    await alex.send(CALL)
    assert f"Saved: “{CALL}”" in alex.last_text
    await alex.press("Add a task")
    await alex.press("Cancel")
    assert "nothing changed" in alex.last_text
    assert [bot.runtime.cipher.open(t.words or b"") for t in await stored_tasks(bot)] == [CALL]


async def test_a_stale_double_or_forged_tap_on_a_task_button_changes_nothing(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await add_tasks(alex, WALK)
    await alex.press("Add a task")
    prompts = len(alex.bot_messages())
    answer = await alex.press("Add a task")
    assert answer is not None and "Type it below whenever you're ready" in answer["text"]
    assert len(alex.bot_messages()) == prompts and len(await stored_tasks(bot)) == 2
    await alex.press("Cancel")

    await alex.send("/tasks")
    listing = alex.last_message
    assert listing is not None
    [(_, drop)] = [b for row in listing.buttons() for b in row if "No longer relevant" in b[0]]
    await alex.press("1. No longer relevant")
    assert "is no longer relevant, and won't be asked about again" in alex.last_text
    [task] = await stored_tasks(bot)
    closed = (task.closed_at, task.closed_outcome)
    assert closed == (bot.clock.now(), TaskOutcome.NO_LONGER_RELEVANT)
    bot.clock.advance(minutes=5)
    for data in (drop, "tk:drop:999999"):
        answer = await alex.press_data(data, listing.message_id)
        assert answer is not None and answer.get("text") == "That task is no longer open."
    [task] = await stored_tasks(bot)
    assert (task.closed_at, task.closed_outcome) == closed


async def test_a_task_set_aside_during_a_checkin_is_passed_over_and_one_added_waits(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await add_tasks(alex, WALK)
    await alex.send("/checkin")
    assert "1 of 11" in alex.last_text  # nine steps, and two about the task
    checkin = alex.last_message
    assert checkin is not None
    await add_tasks(alex, CALL)
    await alex.send("/tasks")
    await alex.press("1. No longer relevant")
    await alex.press("No", message_id=checkin.message_id)
    await alex.press("6", message_id=checkin.message_id)
    shown = text_of(alex, checkin.message_id)
    assert NOTE_STEP in shown and QUESTION not in shown
    await alex.press("Skip", message_id=checkin.message_id)
    bot.clock.advance(minutes=1)
    await alex.send("/checkin")
    assert "1 of 11" in alex.last_text
    await alex.press("No")
    await alex.press("6")
    assert f"You planned to try:\n“{CALL}”\n{QUESTION}" in alex.last_text, "no session"


async def offer_door(update: Update, context: BetweenContext) -> None:
    """Stands in for the end of a session's rating, which opens the same door."""
    await context.doors.tasks_offer(update, context)


async def test_the_offer_leads_to_typing_a_task_and_says_nothing_with_three_open(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    bot.app.handlers[0].insert(0, CommandHandler("rated", offer_door))
    await onboard(alex)
    await alex.send("/rated")
    assert alex.last_text == "Did you agree on something to try before next time?"
    await alex.press("No, not this time")
    assert "/tasks is there whenever you like" in alex.last_text
    await alex.send("/rated")
    offer = alex.last_message
    assert offer is not None
    await alex.press("Yes")
    assert "Type it below in your own words" in alex.last_text
    [shown_offer] = [m for m in alex.bot_messages() if m.message_id == offer.message_id]
    assert not shown_offer.buttons(), "answered: its buttons are gone"
    await alex.send(WALK)
    assert f"Saved: “{SHOWN}”" in alex.last_message.text  # type: ignore[union-attr]
    await add_tasks(alex, CALL, "Write three lines a night")
    shown = len(alex.bot_messages())
    await alex.send("/rated")
    assert len(alex.bot_messages()) == shown, "nothing to offer with three open"


async def test_export_lists_tasks_with_outcomes_and_obstacles_and_delete_erases_them(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await add_tasks(alex, WALK)
    await checkin_before(bot, alex, 0)
    await alex.press("Not this time")
    await alex.send("Too tired")
    await alex.press("Skip", message_id=alex.bot_messages()[-2].message_id)
    await alex.send("/export")
    json_doc, csv_doc = alex.bot_messages()[-2:]
    exported = json.loads(json_doc.content or b"")
    [task] = exported["tasks"]
    assert (task["words"], task["closed_at"], task["closed_outcome"]) == (WALK, None, None)
    assert [(a["item_key"], a["outcome"], a["in_the_way"]) for a in task["answers"]] == [
        ("outcome", "not", None),
        ("obstacle", None, "Too tired"),
    ]
    rows = list(csv.DictReader(io.StringIO((csv_doc.content or b"").decode("utf-8-sig"))))
    assert [(r["task"], r["value"], r["note"]) for r in rows if r["task"]] == [
        (WALK, "2", ""),
        (WALK, "", "Too tired"),
    ]

    await alex.send("/delete")
    await alex.press("Erase everything")
    tables = await all_rows(bot)
    assert tables["tasks"] == [] and tables["answers"] == []


def test_the_tasks_block_reads_at_phone_width_and_whole_on_paper() -> None:
    tasks = [
        AgreedTask("Walk after lunch", date(2026, 11, 3), (TaskOutcome.TRIED,)),
        AgreedTask(
            "Notice when I start to avoid phone calls and try one anyway",
            date(2026, 11, 10),
            (TaskOutcome.PARTLY, TaskOutcome.NOT_THIS_TIME),
        ),
        AgreedTask("Call my sister", date(2026, 11, 17), ()),
    ]
    data = SummaryData(start=date(2026, 11, 1), end=date(2026, 11, 28), records=[], tasks=tasks)
    for language in Language:
        text = render_summary(words(language), data, {Section.TASKS})
        block = text.split("\n\n")[1].splitlines()[1:]  # under its heading
        assert all(len(line) <= LINE_WIDTH for line in block), max(block, key=len)
    en = words(ENGLISH)
    text = render_summary(en, data, {Section.TASKS})
    assert "Agreed on 3 Nov: “Walk after lunch” — tried" in flat(text)
    assert "— partly, not this time" in flat(text)
    assert "Agreed on 17 Nov: “Call my sister” — not asked yet" in flat(text)
    assert "What I agreed to try" not in render_summary(en, data, set())
    first_page, _, _ = printed_summary(en, data, {Section.TASKS})
    assert "try one anyway” — partly, not this time" in first_page


def test_the_pdf_names_the_tasks_on_its_first_page() -> None:
    tasks = [AgreedTask("Walk after lunch", date(2026, 2, 3), (TaskOutcome.PARTLY,))]
    first, *_ = pdf_pages(replace(sample_data(), tasks=tasks))
    assert "WhatIagreedtotry" in first
    assert "Agreedon3Feb:“Walkafterlunch”—partly" in first


def test_a_summary_with_more_tasks_than_fit_keeps_the_newest_and_says_how_many_not() -> None:
    tasks = [
        AgreedTask(f"Task {n}: " + "something long to try, in my words " * 5, date(2026, 9, 1), ())
        for n in range(40)
    ]
    data = replace(sample_data(), tasks=tasks)
    text = render_summary(words(ENGLISH), data, {*Section})
    assert len(text) <= 3900
    assert "earlier tasks not shown here)" in text and "Task 39:" in text
    assert "Task 0:" not in text


async def test_what_is_typed_goes_to_whichever_was_asked_for_last(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/goals")
    await alex.press("Add a goal")
    await add_tasks(alex, WALK)
    assert f"Saved: “{SHOWN}”" in alex.last_message.text  # type: ignore[union-attr]
    assert await bot.count(Goal) == 0, "the goal's ask gave way to the task's"
    await alex.send("/tasks")
    await alex.press("Add a task")
    await alex.send("/goals")
    await alex.press("Add a goal")
    await alex.send("Sleep better")
    assert "Saved: “Sleep better”" in alex.last_text
    assert [t.words is not None for t in await stored_tasks(bot)] == [True], "ask withdrawn"
