"""A statement on a tap's path, compiled once and run on SQLite in one call to the driver.

SQLAlchemy's adapter for aiosqlite makes four calls to aiosqlite's thread for each
statement (a cursor, the statement, its rows, closing the cursor), and each call hands the
GIL to that thread and back. Under 16 clients tapping at once that hand-over was a fifth of
the bot's samples (py-spy: `Connection._execute (aiosqlite/core.py)`, at `put_nowait`).
Here the statement runs on the session's own connection, in its transaction, in one call;
its values and columns go through the columns' own types, as SQLAlchemy would send and
read them. On PostgreSQL the session runs it (asyncpg makes one round trip per statement).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Delete, Insert, Select, Update
from sqlalchemy.sql.elements import BindParameter

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Fixed:
    value: Any  # as sent to the driver


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Each parameter in order: its name and conversion, or the value the statement fixed.
    binds: tuple[tuple[str, Processor] | _Fixed, ...]
    columns: tuple[Processor, ...] | None  # each column's conversion; None: no rows


@dataclass(frozen=True)
class Outcome:
    rows: Sequence[tuple[Any, ...]]
    rowcount: int


class Prepared:
    """One statement with named bind parameters (`bindparam`, or an INSERT's columns), the
    same names given at every run."""

    def __init__(self, statement: Select[Any] | Update | Insert | Delete) -> None:
        self.statement = statement
        self._compiled: _Compiled | None = None

    async def run(self, session: AsyncSession, values: Mapping[str, Any]) -> Outcome:
        connection = await session.connection()
        if connection.dialect.name != "sqlite":
            result = await session.execute(self.statement, dict(values))
            rows = [tuple(row) for row in result] if result.returns_rows else []
            return Outcome(rows, result.rowcount)  # type: ignore[attr-defined]
        compiled = self._compiled or self._compile(connection.dialect, list(values))
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        given = [_given(bind, values) for bind in compiled.binds]
        if compiled.columns is None:
            cursor = await driver.execute(compiled.sql, given)
            return Outcome([], cursor.rowcount)
        rows = await driver.execute_fetchall(compiled.sql, given)
        reads = compiled.columns
        return Outcome([tuple(_read(reads, row)) for row in rows], -1)

    def _compile(self, dialect: Dialect, names: list[str]) -> _Compiled:
        keys = names if isinstance(self.statement, Insert) else None  # the columns it fills
        compiled = self.statement.compile(dialect=dialect, column_keys=keys)
        assert compiled.positiontup is not None, "SQLite's parameters are positional"
        binds = tuple(_bind(compiled.binds[name], dialect) for name in compiled.positiontup)
        columns = None
        if isinstance(self.statement, Select):
            columns = tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.statement.selected_columns
            )
        self._compiled = _Compiled(compiled.string, binds, columns)
        return self._compiled


def _bind(parameter: BindParameter[Any], dialect: Dialect) -> tuple[str, Processor] | _Fixed:
    convert = parameter.type.dialect_impl(dialect).bind_processor(dialect)
    if parameter.required:
        return parameter.key, convert
    return _Fixed(parameter.value if convert is None else convert(parameter.value))


def _given(bind: tuple[str, Processor] | _Fixed, values: Mapping[str, Any]) -> Any:
    if isinstance(bind, _Fixed):
        return bind.value
    key, convert = bind
    return values[key] if convert is None else convert(values[key])


def _read(reads: tuple[Processor, ...], row: Sequence[Any]) -> list[Any]:
    return [v if read is None else read(v) for v, read in zip(row, reads, strict=True)]
