"""What every use case needs: the database, the clock, the instruments, the note cipher."""

import asyncio
from dataclasses import dataclass, field
from uuid import uuid4

from bot.settings import Settings
from domain.clock import Clock
from domain.instruments import Instrument
from services.metrics import Metrics
from storage.crypto import NoteCipher
from storage.db import Database


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    db: Database
    clock: Clock
    instruments: dict[str, Instrument]
    cipher: NoteCipher
    worker_id: str = field(default_factory=lambda: uuid4().hex[:12])
    metrics: Metrics = field(default_factory=Metrics)
    # Set on SIGTERM: the tick takes no new work and hands back what it has not sent.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
