"""Between in the client's language: the catalogs match the code, and a German, Spanish or
Russian client goes through set-up, a check-in and a summary without an English sentence."""

import io
import json
import logging
import re
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from PIL import Image
from pypdf import PdfReader

from bot import words as shared_words
from bot.app import publish_commands
from bot.controls import words as controls_words
from bot.goals import words as goals_words
from bot.help.words import help_text, menu_commands
from bot.language import words as language_words
from bot.runner import warn_of_untranslated_words
from bot.setup import words as setup_words
from bot.summary import words as summary_words
from botapi import TelegramTestClient
from config import Settings, load_settings
from domain.chart import ChartData, summary_chart
from domain.instruments import load_instruments
from domain.language import LOCALES_DIR, Language, language_of, words
from domain.sessions import Rhythm
from domain.summary import Period, Section
from storage.models import Client
from tests.conftest import onboard
from tests.harness import BotHarness
from tests.summary_sample import sample_data

ROOT = Path(__file__).parent.parent
TRANSLATED = [language for language in Language if language is not Language.EN]
FIELD = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?(?:b|i|code)>")
MONDAY_0900 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
# Words that mark an English sentence; none of them is a word of German, Spanish or Russian.
ENGLISH_WORDS = {"the", "your", "you", "and", "with", "this", "what", "please", "thank", "when"}
# What may stay as it is in every language: names, and what a client types.
NAMES = re.compile(r"Between|Telegram|PHQ-\d|GAD-2|https?://\S+|[A-Z][a-z]+/[A-Za-z_]+|UTC")


@cache
def code_messages() -> dict[str, tuple[str, ...]]:
    """Every message the code marks for translation, as `make catalogs` extracts them."""
    method_map = [
        (pattern, "python") for pattern in ("bot/**.py", "services/**.py", "domain/**.py")
    ]
    found = {}
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = ids
    return found


def catalog(language: Language) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]]:
    path = LOCALES_DIR / language.value / "LC_MESSAGES" / "between.po"
    with path.open("rb") as file:
        messages = read_po(file)
    entries = {}
    for message in messages:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries[ids[0]] = (ids, strings, message.fuzzy)
    return entries


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_has_exactly_the_messages_the_code_uses(language: Language) -> None:
    used, held = code_messages(), catalog(language)
    assert not used.keys() - held.keys(), "missing: run `make catalogs` and translate"
    assert not held.keys() - used.keys(), "no longer used: run `make catalogs`"
    for message_id, (ids, strings, fuzzy) in held.items():
        assert ids == used[message_id], f"{message_id!r}: the plural changed"
        assert all(strings) and not fuzzy, f"{message_id!r} is not translated"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_field_and_tag(language: Language) -> None:
    for message_id, (ids, strings, _) in catalog(language).items():
        fields = set(FIELD.findall(" ".join(ids)))
        for string in strings:
            # A plural's singular may say "one" instead of {n}; nothing may be invented.
            assert set(FIELD.findall(string)) <= fields, message_id
            assert set(FIELD.findall(ids[0])) - {"{n}"} <= set(FIELD.findall(string)), message_id
            assert sorted(TAG.findall(string)) == sorted(TAG.findall(ids[0])), message_id


def test_an_unknown_language_code_falls_back_to_english() -> None:
    assert language_of("pt-br") is Language.EN
    assert language_of(None) is Language.EN
    assert language_of("de-AT") is Language.DE
    assert language_of("RU") is Language.RU


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        (Language.EN, ["1 check-in", "2 check-ins", "5 check-ins", "21 check-ins"]),
        (Language.DE, ["1 Check-in", "2 Check-ins", "5 Check-ins", "21 Check-ins"]),
        (Language.RU, ["1 опрос", "2 опроса", "5 опросов", "21 опрос"]),
    ],
)
def test_plural_forms_follow_the_language(language: Language, forms: list[str]) -> None:
    w = words(language)
    assert [w.ngettext("{n} check-in", "{n} check-ins", n) for n in (1, 2, 5, 21)] == forms


@pytest.mark.parametrize(
    ("language", "day", "at"),
    [
        (Language.EN, "Monday 7 December", "Monday 7 December at 09:00"),
        (Language.DE, "Montag, 7. Dezember", "Montag, 7. Dezember um 09:00 Uhr"),
        (Language.ES, "lunes, 7 de diciembre", "lunes, 7 de diciembre a las 09:00"),
        (Language.RU, "понедельник, 7 декабря", "понедельник, 7 декабря в 09:00"),
    ],
)
def test_dates_and_times_read_as_the_language_writes_them(
    language: Language, day: str, at: str
) -> None:
    w = words(language)
    assert w.day(date(2026, 12, 7)) == day
    assert shared_words.when(w, datetime(2026, 12, 7, 8, 0, tzinfo=UTC), "Europe/Berlin") == at


def test_the_weekly_questions_are_translated_and_phq4_only_where_official() -> None:
    instruments = load_instruments()
    for language in TRANSLATED:
        assert instruments["weekly"].available_in(language)
    assert instruments["phq4"].available_in("de")
    assert not instruments["phq4"].available_in("es")
    spanish = instruments["phq4"].in_language("es")
    assert spanish.items[0].text == "Feeling nervous, anxious or on edge", "verbatim or English"
    assert spanish.scores[0].bands[1].label == "leve", "Between's own words are translated"


async def test_each_language_has_its_command_menu(bot: BotHarness) -> None:
    await publish_commands(bot.app)
    for language in Language:
        code = "" if language is Language.EN else language.value
        menu = {c["command"]: c["description"] for c in bot.api.commands_for(code)}
        assert menu == dict(menu_commands(words(language)))
    assert bot.api.commands_for("pt") == bot.api.commands_for("")


def transcript(bot: BotHarness, chat_id: int) -> list[str]:
    """Everything Between showed in a chat: each message as sent and as edited, each button,
    and each pop-up notice."""
    shown = []
    for called, params in bot.api.calls:
        method = called.lower()
        if str(params.get("chat_id", chat_id)) != str(chat_id):
            continue
        if method in ("sendmessage", "editmessagetext"):
            shown.append(str(params["text"]))
        if method == "answercallbackquery" and params.get("text"):
            shown.append(str(params["text"]))
        for row in _keyboard(params):
            shown.extend(str(button["text"]) for button in row)
    return shown


def _keyboard(params: dict[str, object]) -> list[list[dict[str, object]]]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup.get("inline_keyboard", []) if isinstance(markup, dict) else []


def english_in(text: str) -> list[str]:
    """English words or sentences in `text`, names apart."""
    plain = NAMES.sub(" ", TAG.sub(" ", text))
    found = [word for word in re.findall(r"[A-Za-z']+", plain) if word.lower() in ENGLISH_WORDS]
    for message in code_messages():
        for fragment in FIELD.split(TAG.sub("", message)):
            fragment = fragment.strip(" .,:;!?()•\n")
            if len(fragment.split()) >= 3 and fragment in plain:
                found.append(fragment)
    return found


def test_english_is_found_where_it_is() -> None:
    english = words(Language.EN)
    assert english_in(help_text(english, "Call 112."))
    assert english_in("Ihre Zusammenfassung: the weekly check-in")
    assert not english_in(help_text(words(Language.DE), "Rufen Sie 112 an."))


@pytest.mark.slow  # a whole journey, PDF and all, per language
@pytest.mark.parametrize("language", TRANSLATED)
async def test_a_client_goes_through_setup_a_checkin_and_a_summary_in_their_language(
    bot: BotHarness, language: Language
) -> None:
    bot.settings.crisis_text = None  # Between's own crisis text, translated
    w = words(language)
    weekly = load_instruments()["weekly"].in_language(language)
    client = TelegramTestClient(bot.api, bot.deliver, 2001, "Alex", language_code=language.value)

    await client.send("/start")
    assert w._(setup_words.AGREE) in client.last_message.button_labels()  # type: ignore[union-attr]
    await client.press(w._(setup_words.AGREE))
    await client.press("Europe/Berlin")
    await client.press(w._(setup_words.RHYTHM_BUTTONS[Rhythm.CHECKIN_ONLY]))
    await client.press(w.short_weekday(0))
    await client.press("09:00")
    [stored] = await bot.rows(Client)
    assert stored.language == language.value
    await client.press(w._(goals_words.ADD_GOAL))
    await client.send("Ruhiger schlafen / dormir mejor / спать спокойнее")

    bot.clock.set(MONDAY_0900)
    assert await bot.tick() == 1
    await client.press(weekly.item("session").labels[1])
    await client.press("0")  # the lowest mood: the crisis text, in the language
    for _ in range(6):
        await client.press("4")
    await client.press("5")  # how close to the goal
    await client.send("Ein Gedanke / una idea / мысль")

    await client.send("/summary")
    await client.press(w._(summary_words.PERIOD_LABELS[Period.FOUR_WEEKS]))
    await client.press(w._(summary_words.ALSO_PDF))
    await client.press(w._(summary_words.SEND))
    await client.send("/settings")
    await client.send("/help")
    await client.send("something typed")

    shown = transcript(bot, client.chat_id)
    goals = TAG.sub("", w._("<b>My goals</b> <i>(how close I feel, 0–10: first → latest)</i>"))
    assert any(goals in text and "dormir mejor" in text for text in client.texts())
    assert shared_words.crisis_text(w, bot.settings) in "\n".join(shown)
    assert {text: english_in(text) for text in shown if english_in(text)} == {}
    [pdf] = [m for m in client.bot_messages() if m.kind == "document"]
    pages = PdfReader(io.BytesIO(pdf.content or b"")).pages
    assert english_in(" ".join(page.extract_text() for page in pages)) == []


async def test_the_client_changes_language_in_settings(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press(words(Language.EN)._(controls_words.CHANGE_LANGUAGE))
    await alex.press("Español")
    assert alex.last_text == words(Language.ES)._(language_words.CHOSEN)
    [stored] = await bot.rows(Client)
    assert stored.language == "es"
    await alex.send("/help")
    assert english_in(alex.last_text) == []


@pytest.mark.usefixtures("checked_in")
async def test_the_summary_is_written_in_the_language_picked_in_the_preview(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "My check-ins between sessions" in alex.last_text
    await alex.press("Summary in: English")
    assert "Meine Check-ins zwischen den Sitzungen" in alex.last_text
    assert "Send" in alex.last_message.button_labels()  # type: ignore[union-attr]
    await alex.press("Send")
    summary = alex.texts()[-2]
    assert summary.startswith("Meine Check-ins zwischen den Sitzungen")


async def test_a_crisis_text_set_for_a_language_is_the_one_its_clients_read(
    bot: BotHarness,
) -> None:
    bot.settings.worded = {("crisis_text", "de"): "Rufen Sie 112 an."}
    german = TelegramTestClient(bot.api, bot.deliver, 2002, "Kim", language_code="de")
    spanish = TelegramTestClient(bot.api, bot.deliver, 2003, "Ana", language_code="es")
    await german.send("/help")
    await spanish.send("/help")
    assert "Rufen Sie 112 an." in german.last_text
    assert bot.settings.crisis_text is not None
    assert bot.settings.crisis_text in spanish.last_text, "falls back to CRISIS_TEXT"


def test_worded_settings_are_read_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISIS_TEXT_DE", "Rufen Sie 112 an.")
    monkeypatch.setenv("OPERATOR_NAME_ES", "Clínica Sol")
    monkeypatch.setenv("OPERATOR_NAME", "Sun Clinic")
    settings = load_settings()
    assert settings.in_language("crisis_text", "de") == "Rufen Sie 112 an."
    assert settings.in_language("operator_name", "es") == "Clínica Sol"
    assert settings.in_language("operator_name", "ru") == "Sun Clinic"


def test_no_day_is_missing_a_translation_for_the_weekday_buttons() -> None:
    for language in Language:
        w = words(language)
        assert len({w.short_weekday(day) for day in range(7)}) == 7
        assert all(w.weekday(day) for day in range(7))


@pytest.mark.parametrize("language", list(Language))
def test_the_chart_keeps_every_word_inside_the_picture(language: Language) -> None:
    png = summary_chart(ChartData.of(words(language), sample_data(), set(Section)))
    image = Image.open(io.BytesIO(png)).convert("L")
    edge = image.crop((image.width - 4, 0, image.width, image.height))
    assert edge.getextrema()[0] > 200, "a word runs past the right edge"


def test_a_crisis_text_of_the_deployment_without_translations_is_warned_of(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        crisis_text="Call 112.",
        worded={("crisis_text", "de"): "Rufen Sie 112 an."},
    )
    with caplog.at_level(logging.WARNING):
        warn_of_untranslated_words(settings)
    [warning] = caplog.messages
    assert "CRISIS_TEXT_ES, CRISIS_TEXT_RU" in warning
    caplog.clear()
    warn_of_untranslated_words(Settings(_env_file=None))  # type: ignore[call-arg]
    assert caplog.messages == [], "Between's own crisis text is translated"
