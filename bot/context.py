"""The callback context every handler gets: PTB's, plus Between's runtime."""

from telegram.ext import Application, CallbackContext, ExtBot

from services.runtime import Runtime

RUNTIME_KEY = "runtime"


class BetweenContext(CallbackContext[ExtBot[None], dict, dict, dict]):  # type: ignore[type-arg]
    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.application.bot_data[RUNTIME_KEY]
        return runtime


BetweenApp = Application[ExtBot[None], BetweenContext, dict, dict, dict, None]  # type: ignore[type-arg]
