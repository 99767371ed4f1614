"""ENCRYPTION_KEY_FILE: the key as a compose or systemd secret gives it, a file, read at
start; a file that holds no key is a setting that is not valid, said without its content.
A line of `.env` that is not a setting stops start-up too, named by its number."""

from pathlib import Path

import pytest

from config import SettingsError, load_settings
from storage.crypto import new_key


def test_the_key_is_read_from_encryption_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key()
    (tmp_path / "encryption_key").write_text(key + "\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENCRYPTION_KEY", raising=False)
    monkeypatch.setenv("ENCRYPTION_KEY_FILE", str(tmp_path / "encryption_key"))
    assert load_settings().encryption_key == key


@pytest.mark.parametrize(
    ("content", "key_too", "said"),
    [
        (None, False, "cannot be read"),
        ("not a key at all", False, "does not hold a key"),
        ("KEY", True, "not both"),
    ],
)
def test_a_key_file_that_cannot_be_used_is_one_line_without_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, key_too: bool, said: str
) -> None:
    path = tmp_path / "encryption_key"
    if content is not None:
        path.write_text(new_key() if content == "KEY" else content)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ENCRYPTION_KEY_FILE", str(path))
    if key_too:
        monkeypatch.setenv("ENCRYPTION_KEY", new_key())
    else:
        monkeypatch.delenv("ENCRYPTION_KEY", raising=False)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    [line] = [line for line in str(refused.value).splitlines() if "ENCRYPTION_KEY_FILE" in line]
    assert said in line
    assert "not a key at all" not in str(refused.value)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("TELEGRAM_BOT_TOKEN 123:secret", "line 3 (TELEGRAM_BOT_TOKEN…)"),
        ("123:secret", "line 3"),
        ('"TICK_SECONDS=5', "line 3"),
        ("TICK_SECONDS='5", "line 3 (TICK_SECONDS…)"),
    ],
)
def test_a_line_of_env_that_is_not_a_setting_is_named_without_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, said: str
) -> None:
    (tmp_path / ".env").write_text(f"# Between\nLOG_LEVEL=INFO\n{line}\n\nexport TICK_SECONDS=2\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert f"lines that are not a setting: {said}." in str(refused.value)
    assert "secret" not in str(refused.value)


def test_comments_blank_lines_and_export_are_settings_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("# Between\n\nexport TICK_SECONDS=2\nLOG_LEVEL=  # unset\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TICK_SECONDS", raising=False)
    assert load_settings().tick_seconds == 2
