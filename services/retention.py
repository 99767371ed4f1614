"""Use cases of the retention limit (RETENTION_DAYS): the warning a week before, claimed so
it goes out once, and the erasure, exactly as /delete erases. Rules: `domain/retention.py`."""

import logging
from dataclasses import dataclass
from datetime import datetime

from domain import retention
from domain.quiet_hours import quiet
from services.controls import erase
from services.runtime import Runtime
from storage import retention as queries
from storage.models import Client

log = logging.getLogger(__name__)

BATCH = 100


@dataclass(frozen=True)
class RetentionWarning:
    client_id: int
    telegram_id: int
    language: str | None
    timezone: str | None
    last_active_at: datetime
    warned_at: datetime
    erased_on: datetime


@dataclass(frozen=True)
class Warnings:
    claimed: list[RetentionWarning]
    after_id: int | None  # where the next page starts; None when every client was looked at


async def claim_warnings(runtime: Runtime, now: datetime, after_id: int = 0) -> Warnings:
    """Claim the warnings due among a page of clients (by id after `after_id`); a client for
    whom it is night keeps theirs for the first tick after 08:00 local."""
    days = runtime.settings.retention_days
    since = retention.warn_if_inactive_since(now, days)
    async with runtime.db.begin() as session:
        page = await queries.due_warning(session, since, after_id, BATCH)
        claimed = []
        for client in page:
            if quiet(now, client.timezone):
                continue
            if await queries.claim_warning(session, client.client_id, since, now):
                claimed.append(warning_for(client, now))
    return Warnings(claimed, page[-1].client_id if len(page) == BATCH else None)


def warning_for(client: queries.Inactive, now: datetime) -> RetentionWarning:
    return RetentionWarning(
        client.client_id,
        client.telegram_id,
        client.language,
        client.timezone,
        client.last_active_at,
        warned_at=now,
        erased_on=retention.erased_on(now),
    )


async def warning_not_sent(runtime: Runtime, warning: RetentionWarning) -> None:
    async with runtime.db.begin() as session:
        await queries.release_warning(session, warning.client_id, warning.warned_at)


async def erase_inactive(runtime: Runtime, now: datetime) -> int:
    """Erase a batch of clients whose time is up; how many were erased."""
    days = runtime.settings.retention_days
    inactive_since = retention.erase_if_inactive_since(now, days)
    async with runtime.db.begin() as session:
        due = await queries.due_erasure(
            session, inactive_since, retention.erase_if_warned_by(now), BATCH
        )

    def still_due(client: Client) -> bool:
        agreed = client.consent_version is not None
        return retention.erasable(
            client.last_active_at, client.retention_warned_at, agreed, now, days
        )

    erased = 0
    for telegram_id in due:
        if await erase(runtime, telegram_id, only_if=still_due):
            erased += 1
    if erased:
        log.info("retention limit: %s clients erased", erased)
    return erased
