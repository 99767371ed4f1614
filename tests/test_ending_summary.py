"""The summary of a whole therapy, as a pure function: every measure first → last, the
goals in the client's words, the tasks that helped, and the note kept, in four languages."""

from datetime import date

import pytest

from domain.ending import WholeTherapy, helped, render_whole_therapy
from domain.language import Language, words
from domain.tasks import AgreedTask, TaskOutcome
from tests.summary_sample import sample_data

WALK = "Walk for ten minutes after dinner"
CALL = "Call my sister & tell her"
DIARY = "Keep a sleep diary"
TASKS = (
    AgreedTask(WALK, date(2025, 12, 11), (TaskOutcome.NOT_THIS_TIME, TaskOutcome.TRIED)),
    AgreedTask(CALL, date(2026, 1, 8), (TaskOutcome.PARTLY,)),
    AgreedTask(
        DIARY, date(2026, 1, 15), (TaskOutcome.NOT_THIS_TIME, TaskOutcome.NO_LONGER_RELEVANT)
    ),
    AgreedTask("Not asked about yet", date(2026, 2, 19), ()),
)
NOTE = "Going outside helped most. I'll watch for <waking at 4am> again."


def test_only_tasks_tried_at_least_in_part_helped() -> None:
    assert [task.words for task in helped(TASKS)] == [WALK, CALL]


def test_every_measure_first_to_last_the_goals_what_helped_and_the_note_last() -> None:
    text = render_whole_therapy(words(Language.EN), WholeTherapy(sample_data(), TASKS, NOTE))
    assert text.startswith("<b>My therapy, from beginning to end</b>\n")
    assert "1 December 2025 – 22 February 2026 · 10 check-ins" in text
    assert "Mood: 3 → 7 (range 3–7)" in text
    assert "How therapy feels: 4.0 → 4.8" in text
    assert "PHQ-4: 5 (mild) → 2 (normal)" in text
    assert "felt understood: 4 → 5" in text
    assert "A. Sleep through the night more often: 2 → 6" in text
    assert f"• {WALK} (agreed 11 Dec): not this time, tried" in text
    assert "• Call my sister &amp; tell her (agreed 8 Jan): partly" in text
    assert DIARY not in text and "Not asked about yet" not in text
    kept = "<b>What I'd like to keep from this</b>\nGoing outside helped most. I'll watch for"
    assert kept in text and "&lt;waking at 4am&gt;" in text
    order = ["At a glance", "How therapy felt", "My goals", "What helped", "keep from this"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert text.rstrip().endswith("not a diagnosis.</i>")


def test_without_tasks_or_note_those_blocks_are_left_out() -> None:
    text = render_whole_therapy(words(Language.EN), WholeTherapy(sample_data()))
    assert "What helped" not in text and "keep from this" not in text


@pytest.mark.parametrize("language", [Language.DE, Language.ES, Language.RU])
def test_it_reads_in_each_language(language: Language) -> None:
    english = render_whole_therapy(words(Language.EN), WholeTherapy(sample_data(), TASKS, NOTE))
    text = render_whole_therapy(
        words(language), WholeTherapy(sample_data(language=language), TASKS, NOTE)
    )
    for phrase in ("My therapy, from beginning to end", "What helped", "not a diagnosis"):
        assert phrase in english and phrase not in text
    assert WALK in text and NOTE.split(".")[0] in text
