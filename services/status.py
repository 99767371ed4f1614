"""What an operator sees of a running Between without reading a client's data: counts only
(`python -m bot status`, and the same numbers on /metrics)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.states import ClientStatus
from services.delivery import oldest_due
from services.runtime import Runtime
from storage import status

RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Status:
    clients: dict[ClientStatus, int]  # every state, 0 where none
    sent: int  # check-ins and ratings delivered in the last 7 days
    answered: int  # and finished by the client
    last_sent_at: datetime | None
    due_lag: timedelta  # how late the oldest check-in owed and not sent is (0: none)


async def current_status(runtime: Runtime) -> Status:
    now = runtime.clock.now()
    async with runtime.db() as session:
        by_status = await status.clients_by_status(session)
        sent = await status.sent_since(session, now - RECENT)
        answered = await status.answered_since(session, now - RECENT)
        last_sent = await status.last_sent_at(session)
    oldest = await oldest_due(runtime, now)
    return Status(
        clients={state: by_status.get(state, 0) for state in ClientStatus},
        sent=sent,
        answered=answered,
        last_sent_at=last_sent,
        due_lag=now - oldest if oldest else timedelta(0),
    )
