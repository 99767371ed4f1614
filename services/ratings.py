"""Use cases of the rating after a session outside its own messages (it is answered like a
check-in: services/checkins.py; planned with the check-in before the session:
services/delivery.py)."""

from datetime import datetime

from services.runtime import Runtime
from storage import clients, ratings


async def next_rating_at(runtime: Runtime, telegram_id: int) -> datetime | None:
    """When the client's next rating after a session goes out, if one is waiting."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        return await ratings.next_waiting(session, client.id) if client else None
