"""The bot token's send budget, shared through PostgreSQL by every instance of the bot.

Telegram's limit belongs to the token, not to a process: every instance on one database
claims its send slots from one row, and a 429 met by any of them holds them all.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import send_budgets
from storage.db import Database


@dataclass(frozen=True)
class SlotGrant:
    """Slots reserved for one instance: the first, each next one `spacing` later; and the
    latest hold on the bot known when they were reserved (its end, possibly past)."""

    first: datetime
    held_until: datetime


def bot_of(token: str) -> str:
    """The bot's id, the part of its token before the colon: never the secret after it."""
    return token.partition(":")[0]


@dataclass(frozen=True)
class SharedSlots:
    """Slots for one bot, from its row in the database (`bot/budget.py`'s `SlotLine`)."""

    db: Database
    bot: str

    async def claim(self, now: datetime, slots: int, spacing: timedelta) -> SlotGrant:
        async with self.db.begin() as session:
            claimed = await send_budgets.claim(session, self.bot, now, slots, spacing)
            if claimed is None:  # the first claim of this bot on this database
                await send_budgets.add(session, self.bot, now)
                claimed = await send_budgets.claim(session, self.bot, now, slots, spacing)
        assert claimed is not None
        end, held_until = claimed
        return SlotGrant(end - spacing * slots, held_until)

    async def hold(self, until: datetime) -> None:
        async with self.db.begin() as session:
            await send_budgets.hold(session, self.bot, until)
