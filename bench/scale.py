"""The database work of one check-in, counted: what docs/deploy.md's scale arithmetic rests on.

    .venv/bin/python -m bench.scale [--clients 200] [--database sqlite|postgresql]

`--clients` clients fall due at once; through the real use cases (no Telegram), each one's
check-in is scheduled, claimed, re-checked, marked sent and then answered step by step, the
way taps answer it (a value, or Skip where there is one). Every statement the database
runs through SQLAlchemy is counted by kind, with the rows written and the transactions,
and divided per check-in and per tap (a batch of rows in one statement counts once as a
statement, and as all its rows). On SQLite a tap's own statements run on the driver
directly (storage/prepared.py), past those counts: its rows are SQLite's own count. The
largest number of connections the pool held at once is read as well.
"""

import argparse
import asyncio
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.common import database, seed_clients
from bench.idle import SteppedClock
from config import Settings
from services.checkins import Finished, Rejected, answer_press
from services.delivery import claim_deliveries, delivered, schedule_due, sendable
from services.plans import Step
from services.runtime import Runtime, build_runtime
from storage.crypto import new_key

NOW = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class ScaleResult:
    database: str
    clients: int
    taps: float  # per check-in
    delivery: dict[str, float]  # statements per check-in, by verb, to get it sent
    answering: dict[str, float]  # the same, to answer it
    rows_written: float  # per check-in, sent and answered
    transactions_per_tap: float
    connections: int  # the most the pool held at once

    @property
    def writes(self) -> float:
        """Statements that write (INSERT, UPDATE, DELETE) per check-in, sent and answered."""
        return sum(self.delivery[v] + self.answering[v] for v in VERBS[1:])


async def measure(kind: str, clients: int) -> ScaleResult:
    async with database(kind) as url:
        await seed_clients(url, clients, due_now=clients, now=NOW)
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=url,
                data_dir=Path(folder),
                encryption_key=new_key(),
            )
            runtime = build_runtime(settings, SteppedClock(NOW))
            changes = await _sqlite_changes(runtime)
            counted = _count(runtime)
            steps = await _deliver(runtime)
            delivery = _per(counted.pop("statements"), clients)
            transactions_before = counted["transactions"]
            taps = await _answer(runtime, steps)
            answering = _per(counted["statements"], clients)
            transactions = counted["transactions"] - transactions_before
            if changes is not None:  # a tap's statements run past SQLAlchemy there
                counted["rows"] = (await _sqlite_changes(runtime) or 0) - changes
            await runtime.engine.dispose()
    return ScaleResult(
        kind,
        clients,
        taps / clients,
        delivery,
        answering,
        counted["rows"] / clients,
        transactions / taps,
        counted["connections"],
    )


async def _sqlite_changes(runtime: Runtime) -> int | None:
    """SQLite's own count of rows written on its one connection (None elsewhere): a tap's
    statements run on the driver directly there (storage/prepared.py), where no event of
    SQLAlchemy's sees them."""
    if runtime.engine.dialect.name != "sqlite":
        return None
    async with runtime.engine.connect() as connection:
        return int((await connection.exec_driver_sql("SELECT total_changes()")).scalar_one())


def _count(runtime: Runtime) -> dict[str, Any]:
    """Statements by verb, transactions, and the most connections checked out at once."""
    counted: dict[str, Any] = {
        "statements": Counter(),
        "rows": 0,
        "transactions": 0,
        "connections": 0,
    }
    out = [0]
    engine = runtime.engine.sync_engine

    def statement(_c: Any, cursor: Any, sql: str, params: Any, _x: Any, many: bool) -> None:
        verb = sql.lstrip().split(None, 1)[0].upper()
        counted.setdefault("statements", Counter())[verb] += 1
        if verb in VERBS[1:]:
            written = cursor.rowcount
            counted["rows"] += written if written >= 0 else len(params) if many else 1

    def began(_: Any) -> None:
        counted["transactions"] += 1

    def checked_out(*_: Any) -> None:
        out[0] += 1
        counted["connections"] = max(counted["connections"], out[0])

    def checked_in(*_: Any) -> None:
        out[0] -= 1

    event.listen(engine, "after_cursor_execute", statement)
    event.listen(engine, "begin", began)
    event.listen(engine.pool, "checkout", checked_out)
    event.listen(engine.pool, "checkin", checked_in)
    return counted


async def _deliver(runtime: Runtime) -> list[tuple[int, Step]]:
    """Every due check-in scheduled, claimed, re-checked and marked sent, as the tick does."""
    while await schedule_due(runtime, NOW):
        pass
    firsts: list[tuple[int, Step]] = []
    while batch := await claim_deliveries(runtime):
        for chunk in (batch[i : i + 8] for i in range(0, len(batch), 8)):
            allowed = await sendable(runtime, chunk)
            await delivered(runtime, [(d.checkin_id, 1) for d in allowed])
        firsts += [(d.telegram_id, d.step) for d in batch]
    return firsts


async def _answer(runtime: Runtime, firsts: list[tuple[int, Step]]) -> int:
    """Each check-in answered to its end, tap by tap; how many taps it took."""
    taps = 0
    for telegram_id, step in firsts:
        view: Any = step
        while isinstance(view, Step):
            value = None if view.item.skippable else max(view.item.values)
            pressed = await answer_press(
                runtime, telegram_id, view.checkin_id, view.position, value, 1
            )
            taps += 1
            view = pressed.outcome
            if isinstance(view, Rejected):
                raise RuntimeError(f"a tap was refused: {view.reason}")
        assert isinstance(view, Finished)
    return taps


def _per(statements: Counter[str], clients: int) -> dict[str, float]:
    return {verb: statements[verb] / clients for verb in VERBS}


def describe(result: ScaleResult) -> str:
    def verbs(counts: dict[str, float]) -> str:
        return ", ".join(f"{counts[v]:.2f} {v}" for v in VERBS)

    return (
        f"{result.clients} check-ins on {result.database}: {result.taps:.1f} taps each; "
        f"to send one: {verbs(result.delivery)}; to answer it: {verbs(result.answering)}; "
        f"{result.writes:.1f} statements that write through SQLAlchemy, "
        f"{result.rows_written:.1f} rows written a check-in in all; "
        f"{result.transactions_per_tap:.2f} "
        f"transactions a tap; at most {result.connections} connections at once"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    arguments = parser.parse_args()
    print(describe(asyncio.run(measure(arguments.database, arguments.clients))))


if __name__ == "__main__":
    main()
