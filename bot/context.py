"""The callback context every handler gets: PTB's, plus Between's runtime and the client's words."""

from telegram.ext import Application, CallbackContext, ExtBot

from domain.language import ENGLISH, Words, words
from services.runtime import Runtime

RUNTIME_KEY = "runtime"


class BetweenContext(CallbackContext[ExtBot[None], dict, dict, dict]):  # type: ignore[type-arg]
    # Set for each update by `bot.language.find_words` before any handler runs.
    found_words: Words | None = None

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.application.bot_data[RUNTIME_KEY]
        return runtime

    @property
    def words(self) -> Words:
        """The language of the client this update is from (English before it is known)."""
        return self.found_words or words(ENGLISH)


BetweenApp = Application[ExtBot[None], BetweenContext, dict, dict, dict, None]  # type: ignore[type-arg]
