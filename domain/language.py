"""The languages Between speaks, and `Words`: one language's catalog, numbers and dates.

Every word a client reads goes through a `Words`: `w._("Time zone: {zone}.", zone=…)`
looks the English message up in the language's gettext catalog (`domain/locales/`) and
fills in the named values; `w.ngettext` picks the plural form the language needs. Dates and
times are formatted for the language by Babel, in the zone the caller converted them to.

Adding a language is adding its `.po` file and one line to `Language`.
"""

import gettext
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_day_names
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "between"


class Language(StrEnum):
    EN = "en"
    DE = "de"
    ES = "es"
    RU = "ru"

    @property
    def autonym(self) -> str:
        """The language's name in itself, as a client looks for it in a list."""
        return Locale.parse(self.value).get_display_name(self.value).capitalize()


ENGLISH = Language.EN


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; `Words._` translates it later."""
    return message


# English dates read "Monday 7 December", the British way the texts are written in.
_BABEL_LOCALES = {Language.EN: "en_GB"}


def language_of(code: str | None) -> Language:
    """The language for a stored or Telegram `language_code` ("de", "pt-br"); English if unknown."""
    primary = (code or "").replace("_", "-").split("-")[0].lower()
    return Language(primary) if primary in set(Language) else ENGLISH


class CatalogMissing(Exception):
    """A language's compiled catalog (`.mo`) is not there: the set-up step was not run."""


def mo_path(language: Language) -> Path:
    return LOCALES_DIR / language.value / "LC_MESSAGES" / f"{DOMAIN}.mo"


class Words:
    """One language's words. English is the source language and needs no catalog."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.locale = Locale.parse(_BABEL_LOCALES.get(language, language.value))
        self._catalog = _translations(language)

    def _(self, message: str, /, **values: object) -> str:
        """The message in this language, with `{name}` fields filled in from `values`."""
        translated = self._catalog.gettext(message)
        return translated.format(**values) if values else translated

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form for `n` (Russian has three); `{n}` is filled in, formatted."""
        translated = self._catalog.ngettext(singular, plural, n)
        return translated.format(n=self.number(n), **values)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def decimal(self, value: float) -> str:
        """One decimal place: 4.5, or 4,5 where that is how the language writes it."""
        return format_decimal(value, "0.0", locale=self.locale)

    def weekday(self, index: int) -> str:
        """Monday is 0, as in `date.weekday()`; as written inside a sentence (lunes, Montag)."""
        return get_day_names("wide", locale=self.locale)[index]

    def short_weekday(self, index: int) -> str:
        """A button's weekday: Mon, Lun, Пн."""
        name = get_day_names("abbreviated", context="stand-alone", locale=self.locale)[index]
        return name[:1].upper() + name[1:]

    def day(self, day: date | datetime) -> str:
        # Translators: a date pattern (Unicode CLDR) for a weekday with its date, no year.
        return format_date(day, self._("EEEE d MMMM"), locale=self.locale)

    def short_day(self, day: date | datetime) -> str:
        """A button's date: Thu 5 Mar."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def day_month(self, day: date | datetime) -> str:
        """7 December."""
        return format_skeleton("MMMMd", day, locale=self.locale)

    def short_day_month(self, day: date | datetime) -> str:
        """7 Dec, for a summary's week lines and a chart's axis."""
        return format_skeleton("MMMd", day, locale=self.locale)

    def long_date(self, day: date | datetime) -> str:
        """7 December 2026."""
        return format_skeleton("yMMMMd", day, locale=self.locale)

    def month_year(self, day: date | datetime) -> str:
        """Dec 2026, for a month's line."""
        return format_skeleton("yMMM", day, locale=self.locale)

    def clock(self, at: time | datetime) -> str:
        return format_time(at, "HH:mm", locale=self.locale)

    def when(self, local: datetime) -> str:
        """A local moment the way a person says it: Monday 7 December at 09:00."""
        return self._("{day} at {time}", day=self.day(local), time=self.clock(local))


@cache
def words(language: Language) -> Words:
    return Words(language)


@cache
def _translations(language: Language) -> gettext.NullTranslations:
    if language is ENGLISH:
        return gettext.NullTranslations()
    path = mo_path(language)
    if not path.exists():
        raise CatalogMissing(
            f"The {language.autonym} translations are not compiled ({path} is missing). "
            "`make run` and `make test` compile them; run Between through make, or run "
            "`make catalogs`, then start again."
        )
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def check_catalogs() -> None:
    """Load every language's catalog now, so a missing one stops the start, not a client."""
    for language in Language:
        words(language)
