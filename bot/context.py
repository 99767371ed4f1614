"""The callback context every handler gets: PTB's, plus Between's runtime, the client's words,
and the doors from one conversation to another."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackContext, ExtBot

from domain.language import ENGLISH, Words, language_of, words
from domain.states import SetupStep
from services.runtime import Runtime

RUNTIME_KEY = "runtime"
DOORS_KEY = "doors"

Handler = Callable[[Update, "BetweenContext"], Awaitable[None]]
Offer = tuple[str, InlineKeyboardMarkup]


@dataclass(frozen=True)
class Doors:
    """Where one conversation hands the client on to another, without importing it (each
    conversation package stands alone; `bot/app.py` fills these in)."""

    start: Handler  # set-up: welcome, carry on with the set-up, or say where things are
    not_ready: Handler  # set-up: for a command that needs a finished set-up
    ask: Callable[[Update, "BetweenContext", SetupStep], Awaitable[None]]  # one set-up step
    choose_language: Handler  # language: the choice of languages
    keep_or_erase: Handler  # controls: after a stop, keep the answers or erase everything
    goals_offer: Callable[[Words], Offer]  # goals: name some at the end of set-up?
    summary_offer: Callable[[Words, datetime, str], Offer]  # summary: one for this session?
    ending_offer: Callable[[Words], Offer]  # controls: sessions stopped; is therapy ending?
    tasks_offer: Handler  # tasks: agreed on something to try before next time? (after a rating)


class BetweenContext(CallbackContext[ExtBot[None], dict, dict, dict]):  # type: ignore[type-arg]
    # Set for each update by `bot.app.find_words` before any handler runs.
    found_words: Words | None = None

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.application.bot_data[RUNTIME_KEY]
        return runtime

    @property
    def doors(self) -> Doors:
        doors: Doors = self.application.bot_data[DOORS_KEY]
        return doors

    @property
    def words(self) -> Words:
        """The language of the client this update is from (English before it is known)."""
        return self.found_words or words(ENGLISH)


def telegram_language(update: Update) -> str | None:
    """The language of the client's Telegram app, as Telegram says it."""
    user = update.effective_user
    return user.language_code if user else None


def words_for(code: str | None) -> Words:
    return words(language_of(code))


BetweenApp = Application[ExtBot[None], BetweenContext, dict, dict, dict, None]  # type: ignore[type-arg]
