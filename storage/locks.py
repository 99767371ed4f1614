"""Row claiming that works the same for every process, on either database."""

from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession


def skip_locked(session: AsyncSession, query: Select[Any], of: Any) -> Select[Any]:
    """On PostgreSQL, rows another process is claiming are skipped rather than waited for.

    SQLite has no row locks; its single writer and the guarded UPDATEs keep claims unique.
    """
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True, of=of)
    return query
