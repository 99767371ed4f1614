"""Instrument files are validated at start-up; a broken one names its file and field."""

from pathlib import Path

import pytest

from domain.instruments import InstrumentFileError, load_instrument, load_instruments
from domain.plan import build_plan, decode_plan, encode_plan


def test_the_shipped_instruments_load() -> None:
    instruments = load_instruments()
    assert set(instruments) == {"weekly", "phq4", "goals", "agenda", "tasks", "rating"}
    weekly = instruments["weekly"]
    assert weekly.item("mood").values == range(0, 11)
    assert weekly.item("mood").crisis_on_lowest
    assert all(weekly.item(k).values == range(1, 6) for k in ("heard", "accepted", "genuine"))


def test_phq4_comes_before_the_closing_note_when_chosen() -> None:
    instruments = load_instruments()
    keys = [step.item_key for step in build_plan(instruments, phq4=True)]
    assert keys[-1] == "note"
    assert keys[-5:-1] == ["anxious", "worry", "interest", "down"]
    assert "anxious" not in [step.item_key for step in build_plan(instruments, phq4=False)]


def test_the_clients_own_goals_come_after_phq4_and_before_the_note() -> None:
    instruments = load_instruments()
    plan = build_plan(instruments, phq4=True, goals=[7, 3])
    assert [step.item_key for step in plan][-7:] == [
        "anxious",
        "worry",
        "interest",
        "down",
        "close",
        "close",
        "note",
    ]
    assert [step.goal_id for step in plan[-3:]] == [7, 3, None]
    assert decode_plan(encode_plan(plan)) == plan


def test_the_agenda_is_the_last_question_before_the_note_when_a_session_is_ahead() -> None:
    instruments = load_instruments()
    plan = build_plan(instruments, phq4=True, goals=[7], agenda=True)
    assert [(step.instrument_id, step.item_key) for step in plan][-3:] == [
        ("goals", "close"),
        ("agenda", "topic"),
        ("weekly", "note"),
    ]
    assert "agenda" not in {step.instrument_id for step in build_plan(instruments, phq4=True)}


def test_every_choice_of_the_agenda_has_words_in_every_language() -> None:
    topic = load_instruments()["agenda"].item("topic")
    assert topic.kind == "choice" and list(topic.values) == [0, 1, 2, 3]
    for language in ("de", "es", "ru"):
        assert set(topic.translated(language).labels) == set(topic.labels)


def test_a_choice_without_a_label_for_each_value_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "choice.toml"
    broken.write_text(
        'id = "x"\nversion = 1\ntitle = "X"\nlicence = "ours"\n'
        '[[items]]\nkey = "pick"\nkind = "choice"\ntext = "Which?"\nmin = 0\nmax = 2\n'
        'labels = { 0 = "A", 1 = "B" }\n'
    )
    with pytest.raises(InstrumentFileError, match="label for every value"):
        load_instrument(broken)


def test_each_open_task_is_asked_after_the_goals_how_it_went_then_what_got_in_the_way() -> None:
    instruments = load_instruments()
    plan = build_plan(instruments, phq4=False, goals=[7], tasks=[4, 9])
    assert [(s.item_key, s.goal_id, s.task_id) for s in plan][-6:] == [
        ("close", 7, None),
        ("outcome", None, 4),
        ("obstacle", None, 4),
        ("outcome", None, 9),
        ("obstacle", None, 9),
        ("note", None, None),
    ]
    assert decode_plan(encode_plan(plan)) == plan
    # Plans stored before tasks existed read as they always did.
    stored = '[["goals", 1, "close", 7], ["weekly", 3, "note"]]'
    assert decode_plan(stored) == [plan[-6], plan[-1]]


def test_a_malformed_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'id = "broken"\nversion = 1\ntitle = "x"\nlicence = "x"\n'
        '[[items]]\nkey = "a"\ntext = "A"\nmin = 5\nmax = 1\n'
    )
    with pytest.raises(InstrumentFileError, match=r"broken\.toml: items\.0"):
        load_instrument(broken)


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "nonsense.toml"
    broken.write_text("this is = = not toml")
    with pytest.raises(InstrumentFileError, match=r"nonsense\.toml"):
        load_instrument(broken)


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "nolicence.toml"
    broken.write_text('id = "x"\nversion = 1\ntitle = "x"\n[[items]]\nkey = "a"\ntext = "A"\n')
    with pytest.raises(InstrumentFileError, match=r"nolicence\.toml: licence"):
        load_instrument(broken)
