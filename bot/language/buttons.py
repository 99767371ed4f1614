"""The choice of language's button."""

import re
from dataclasses import dataclass
from typing import Self

from telegram import InlineKeyboardMarkup

from bot.buttons import Button, one_of, rows
from domain.language import Language


@dataclass(frozen=True)
class LanguageChoice(Button):
    PATTERN = re.compile(rf"lg:({one_of(Language)})\Z")

    language: Language

    @classmethod
    def of(cls, groups: tuple[str, ...]) -> Self:
        return cls(Language(groups[0]))

    def encode(self) -> str:
        return f"lg:{self.language.value}"


def languages() -> InlineKeyboardMarkup:
    """Each language named in itself."""
    buttons = [LanguageChoice(language).button(language.autonym) for language in Language]
    return InlineKeyboardMarkup(rows(buttons, 2))
