"""The consent and the erasure say exactly what Between keeps safe and what it cannot: only
notes, goals and tasks are encrypted, whoever runs the bot holds the key, and the chat history
stays in Telegram until the client deletes the chat."""

import re

import pytest

from bot.controls import words as controls_words
from bot.setup import words as setup_words
from config import Settings
from domain.language import Language, words

EN = words(Language.EN)
# What the client taps in Telegram to delete a chat, as Telegram names it in each language.
DELETE_CHAT = {
    Language.EN: "“Delete chat”",
    Language.DE: "„Chat löschen“",
    Language.ES: "«Eliminar chat»",
    Language.RU: "«Удалить чат»",
}


def plain(text: str) -> str:
    return re.sub(r"</?b>", "", text)


def run_by(operator: str) -> Settings:
    return Settings(_env_file=None, operator_name=operator)  # type: ignore[call-arg]


def test_the_consent_says_what_is_encrypted_who_holds_the_key_and_that_the_chat_stays() -> None:
    consent = plain(setup_words.welcome(EN, "Call 112.", run_by("Sun Clinic")))
    assert (
        "What is encrypted: only what you write in your own words (notes, goals and tasks)."
        in consent
    )
    assert "Shortly after a session I'll ask how it was (you can turn that off)." in consent
    assert "Your mood and therapy answers and your settings are stored unencrypted." in consent
    assert "The key is kept on the same server by Sun Clinic" in consent
    assert "whoever runs this bot could read your notes too" in consent
    assert "stays in Telegram until you delete the chat there (“Delete chat”)" in consent
    assert "Erasing your data in Between cannot remove it." in consent


def test_without_an_operator_name_the_consent_still_says_who_holds_the_key() -> None:
    consent = plain(setup_words.welcome(EN, "Call 112.", run_by("")))
    assert "kept on the same server by the person or organisation who set up this bot" in consent


def test_the_erasure_says_the_chat_history_stays_in_telegram() -> None:
    confirm, erased = EN._(controls_words.CONFIRM_ERASE), EN._(controls_words.ERASED)
    assert "notes, goals and tasks" in confirm
    assert "stays in Telegram until you delete this chat there (“Delete chat”)" in confirm
    assert "I've kept nothing" not in erased
    assert "stay in Telegram until you delete the chat there (“Delete chat”)" in erased


@pytest.mark.parametrize("language", list(Language))
def test_every_language_names_telegrams_own_delete_chat(language: Language) -> None:
    w = words(language)
    consent = setup_words.welcome(w, "112", run_by("Sun Clinic"))
    for text in (consent, w._(controls_words.CONFIRM_ERASE), w._(controls_words.ERASED)):
        assert DELETE_CHAT[language] in text
    assert consent.count("Sun Clinic") == 2, "the server and the key: both named"


@pytest.mark.parametrize(
    ("days", "kept"),
    [
        (365, "until you erase them, or once you haven't used Between for 365 days"),
        (0, "on the server of Sun Clinic, until you erase them.\n"),
    ],
)
def test_the_consent_says_how_long_answers_are_kept(days: int, kept: str) -> None:
    settings = Settings(_env_file=None, operator_name="Sun Clinic", retention_days=days)  # type: ignore[call-arg]
    assert kept in plain(setup_words.welcome(EN, "Call 112.", settings))
