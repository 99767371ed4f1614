"""What the scheduler needs from whoever sends its messages, and the two ways a send fails.

The Telegram layer implements `CheckinSender` (bot/sender.py) and raises these errors; the
scheduler only ever sees them.
"""

from datetime import datetime
from typing import Protocol

from services.plans import Step


class ClientUnreachable(Exception):
    """The client has blocked the bot or deleted their account."""


class SendFailed(Exception):
    """The message may not have been sent; trying again later is safe."""


class CheckinSender(Protocol):
    async def send_checkin(
        self, telegram_id: int, language: str | None, step: Step, *, reminder: bool = False
    ) -> int:
        """Send the check-in at `step` as a new message and return its message id.

        `language` is the one stored for the client; each method writes in it."""
        ...

    async def send_welcome_back(
        self, telegram_id: int, language: str | None, next_at: datetime | None, zone: str | None
    ) -> None: ...

    async def close_checkin(self, telegram_id: int, language: str | None, message_id: int) -> None:
        """Show on the check-in's message that it has closed, without its buttons."""
        ...

    async def offer_summary(
        self, telegram_id: int, language: str | None, session_at: datetime, zone: str
    ) -> None:
        """Offer, once, to prepare a summary before the session."""
        ...

    async def warn_of_erasure(
        self,
        telegram_id: int,
        language: str | None,
        last_active_at: datetime,
        erased_on: datetime,
        zone: str | None,
    ) -> None:
        """Tell a client who has not used Between for a long time when everything is erased."""
        ...

    async def retract(self, telegram_id: int, message_id: int) -> None:
        """Delete a message that should not have gone out; best-effort, never raises."""
        ...
