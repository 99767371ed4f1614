"""The one periodic job: everything that is due, claimed from storage and sent, batch by batch."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from config import Settings
from domain.round import Run, round_rate
from scheduler.ports import CheckinSender, ClientUnreachable, SendFailed
from services.checkins import show_again
from services.delivery import (
    Closed,
    Delivery,
    Reminder,
    Resumed,
    claim_deliveries,
    claim_reminders,
    client_unreachable,
    delivered,
    delivery_failed,
    expire_unfinished,
    miss_after_session,
    release,
    remindable,
    renew,
    resume_ended_pauses,
    runs_starting,
    schedule_due,
    sendable,
    still_active,
)
from services.retention import RetentionWarning, claim_warnings, erase_inactive, warning_not_sent
from services.runtime import Runtime
from services.sessions import SummaryOffer, summary_offers_due

log = logging.getLogger(__name__)

# Sends in flight at once: they overlap the round trips to Telegram; the limiter still
# holds the overall rate.
IN_FLIGHT = 8
# A client is read again at most about this long before their check-in goes out: a group
# of sends, read again together and recorded together, is what the budget allows in it.
RECHECK_SECONDS = 0.25


async def run_tick(runtime: Runtime, sender: CheckinSender) -> int:
    """One tick; returns how many check-ins were delivered."""
    now = runtime.clock.now()
    while resumed := await resume_ended_pauses(runtime, now):
        for client in resumed:
            if client.welcome and await still_active(runtime, [client.client_id]):
                await _welcome_back(runtime, sender, client)
    while closed := await expire_unfinished(runtime, now):
        for checkin in closed:
            await _close(sender, checkin)
    after: int | None = 0
    while after is not None:
        reminders = await claim_reminders(runtime, now, after)
        for reminder in reminders.claimed:
            if await remindable(runtime, [reminder]):
                await _remind(runtime, sender, reminder)
        after = reminders.after_id
    after = 0
    while after is not None:
        offers = await summary_offers_due(runtime, now, after)
        for offer in offers.claimed:
            await _offer(runtime, sender, offer)
        after = offers.after_id
    while await schedule_due(runtime, now):
        pass
    await miss_after_session(runtime, now)
    if runtime.settings.retention_days:
        await _retention(runtime, sender, now)
    runs = await runs_starting(runtime, now)
    sent = 0
    while not runtime.stopping.is_set():
        runs = await _create_ahead(runtime, now, runs)
        batch = await claim_deliveries(runtime)
        if not batch and not runs:
            break
        sent += await _deliver_batch(runtime, sender, batch)
    return sent


async def _create_ahead(runtime: Runtime, now: datetime, runs: list[Run]) -> list[Run]:
    """One batch of the first run planned to start early (`domain.round`); the runs left.

    Created between claims, so that the first of 100,000 check-ins goes out while the rest
    are still being created, not a minute later, and memory holds one batch at a time.
    """
    while runs and not await schedule_due(runtime, now, run=runs[0]):
        runs = runs[1:]
    return runs


async def _retention(runtime: Runtime, sender: CheckinSender, now: datetime) -> None:
    """Warn the clients due their week's notice, then erase those whose time is up."""
    after: int | None = 0
    while after is not None:
        page = await claim_warnings(runtime, now, after)
        for warning in page.claimed:
            await _warn(runtime, sender, warning)
        after = page.after_id
    while await erase_inactive(runtime, now):
        pass


async def _warn(runtime: Runtime, sender: CheckinSender, warning: RetentionWarning) -> None:
    """Sent at most once: a warning that may not have gone out is given back to the next tick;
    a client who blocked the bot is marked stopped and erased when the week is up."""
    try:
        await sender.warn_of_erasure(
            warning.telegram_id,
            warning.language,
            warning.last_active_at,
            warning.erased_on,
            warning.timezone,
        )
    except ClientUnreachable:
        await _unreachable(runtime, warning.client_id)
    except SendFailed:
        log.warning("retention warning for client %s not sent; will retry", warning.client_id)
        await warning_not_sent(runtime, warning)
    else:
        log.info("retention warning sent to client %s", warning.client_id)


def group_size(settings: Settings) -> int:
    """Check-ins read again together before they are sent and recorded together after: what
    goes out in RECHECK_SECONDS (8 at Telegram's 30 a second, 100 with the limiter off: a
    record per send would cost more than the send). Also how many may go out twice when
    a process dies between the sends and their record."""
    rate = round_rate(settings.send_rate, settings.paid_broadcast, settings.paid_send_rate)
    return max(IN_FLIGHT, int(rate * RECHECK_SECONDS))


async def _deliver_batch(runtime: Runtime, sender: CheckinSender, batch: list[Delivery]) -> int:
    """Send a claimed batch group by group, renewing the lease well before it runs out so
    that no other process takes over a check-in this one is about to send."""
    renew_every = timedelta(seconds=runtime.settings.lease_seconds / 3)
    renewed_at = runtime.clock.now()
    pending = list(batch)
    size = group_size(runtime.settings)
    sent = 0
    while pending:
        if runtime.stopping.is_set():
            await release(runtime, [d.checkin_id for d in pending])
            break
        if runtime.clock.now() - renewed_at > renew_every:
            held = await renew(runtime, [d.checkin_id for d in pending])
            renewed_at = runtime.clock.now()
            pending = [d for d in pending if d.checkin_id in held]
            continue
        group, pending = pending[:size], pending[size:]
        sent += await _send_group(runtime, sender, group)
    return sent


async def _send_group(runtime: Runtime, sender: CheckinSender, group: list[Delivery]) -> int:
    """Send what may still go out, IN_FLIGHT at a time, record it, and take back what lost
    a race meanwhile.

    The clients' state is read again just before the sends. A stop, pause or erase that
    lands while a message is on its way leaves the row no longer due and claimed by
    us, so it is not recorded, and the message is deleted: a stop wins over a round.
    """
    group = await sendable(runtime, group)
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def send(delivery: Delivery) -> int | None:
        async with slots:
            return await _send(runtime, sender, delivery)

    message_ids = await asyncio.gather(*(send(d) for d in group))
    went_out = [(d, m) for d, m in zip(group, message_ids, strict=True) if m is not None]
    recorded = await delivered(runtime, [(d.checkin_id, m) for d, m in went_out])
    for delivery, message_id in went_out:
        if delivery.checkin_id in recorded:
            log.info("check-in %s sent to client %s", delivery.checkin_id, delivery.client_id)
            if delivery.replaces is not None:
                await _close(sender, delivery.replaces)
        else:
            log.info("check-in %s changed while it was sent; taken back", delivery.checkin_id)
            await sender.retract(delivery.telegram_id, message_id)
    return len(recorded)


async def _send(runtime: Runtime, sender: CheckinSender, delivery: Delivery) -> int | None:
    """Send one check-in; the message id, or None when it did not go out (already recorded).

    At-least-once: a check-in is marked sent only after Telegram accepted it. A process that
    dies in between leaves its lease to run out, and another sends it again, so up to
    a group (`group_size`) may arrive twice after a crash. A duplicate is visible and harmless
    (presses on the older message are told the check-in moved on); a check-in lost to
    at-most-once delivery would be silently missing.
    """
    started = time.perf_counter()
    try:
        message_id = await sender.send_checkin(
            delivery.telegram_id, delivery.language, delivery.step
        )
    except ClientUnreachable:
        await _unreachable(runtime, delivery.client_id)
        return None
    except SendFailed:
        log.warning("check-in %s not sent; will retry", delivery.checkin_id)
        runtime.metrics.failed.inc()
        await delivery_failed(runtime, delivery.checkin_id)
        return None
    runtime.metrics.send_latency.observe(time.perf_counter() - started)
    runtime.metrics.sent.inc()
    return message_id


async def _remind(runtime: Runtime, sender: CheckinSender, reminder: Reminder) -> None:
    failed = "reminder for check-in %s not sent; not retried"
    async with _send_errors(runtime, reminder.client_id, failed, reminder.checkin_id):
        message_id = await sender.send_checkin(
            reminder.telegram_id, reminder.language, reminder.step, reminder=True
        )
        await show_again(runtime, reminder.checkin_id, message_id)
        log.info("reminder sent for check-in %s", reminder.checkin_id)


async def _welcome_back(runtime: Runtime, sender: CheckinSender, client: Resumed) -> None:
    failed = "welcome back for client %s not sent"
    async with _send_errors(runtime, client.client_id, failed, client.client_id):
        await sender.send_welcome_back(
            client.telegram_id, client.language, client.next_checkin_at, client.timezone
        )
    log.info("pause ended for client %s", client.client_id)


async def _offer(runtime: Runtime, sender: CheckinSender, offer: SummaryOffer) -> None:
    failed = "summary offer for check-in %s not sent; not retried"
    async with _send_errors(runtime, offer.client_id, failed, offer.checkin_id):
        await sender.offer_summary(
            offer.telegram_id, offer.language, offer.session_at, offer.timezone
        )
        log.info("summary offered before the session of check-in %s", offer.checkin_id)


@asynccontextmanager
async def _send_errors(
    runtime: Runtime, client_id: int, failed: str, *args: object
) -> AsyncIterator[None]:
    """Around a message sent once and never retried: a client who blocked the bot is
    marked stopped, any other failure is logged (`failed` % `args`); the rest of the block
    runs only when the message went out."""
    try:
        yield
    except ClientUnreachable:
        await _unreachable(runtime, client_id)
    except SendFailed:
        log.warning(failed, *args)


async def _close(sender: CheckinSender, checkin: Closed) -> None:
    log.info("check-in %s expired", checkin.checkin_id)
    if not (checkin.notify and checkin.message_id):
        return
    try:
        await sender.close_checkin(checkin.telegram_id, checkin.language, checkin.message_id)
    except (ClientUnreachable, SendFailed):
        log.info("could not mark check-in %s closed on screen", checkin.checkin_id)


async def _unreachable(runtime: Runtime, client_id: int) -> None:
    log.info("client %s has blocked the bot; marked stopped", client_id)
    runtime.metrics.unreachable.inc()
    await client_unreachable(runtime, client_id)
