"""What every use case needs: the database, the clock, the instruments, the note cipher."""

import asyncio
from dataclasses import dataclass, field
from uuid import uuid4

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from config import Settings
from domain.clock import Clock, SystemClock
from domain.instruments import Instrument, load_instruments
from domain.language import check_catalogs
from services.metrics import Metrics
from storage.crypto import NoteCipher, load_key
from storage.db import Database, create_engine, session_factory


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: AsyncEngine
    db: Database
    clock: Clock
    instruments: dict[str, Instrument]
    cipher: NoteCipher
    worker_id: str = field(default_factory=lambda: uuid4().hex[:12])
    metrics: Metrics = field(default_factory=Metrics)
    # Set on SIGTERM: the tick takes no new work and hands back what it has not sent.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


def build_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    """Everything the use cases need; fails early on a bad instrument file, catalog or key."""
    check_catalogs()
    engine = create_engine(settings.database_url)
    key = load_key(settings.encryption_key, settings.data_dir / "encryption.key")
    metrics = Metrics()
    event.listen(engine.sync_engine, "begin", lambda _: metrics.transactions.inc())
    return Runtime(
        settings=settings,
        engine=engine,
        db=session_factory(engine),
        clock=clock or SystemClock(),
        instruments=load_instruments(),
        cipher=NoteCipher(key),
        metrics=metrics,
    )
