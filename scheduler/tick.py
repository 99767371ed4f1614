"""The one periodic job: schedule what is due, then deliver it, batch by batch."""

import logging
from typing import Protocol

from scheduler.dispatch import (
    Delivery,
    claim_deliveries,
    client_unreachable,
    delivered,
    delivery_failed,
    schedule_due,
)
from services.checkins import Step
from services.runtime import Runtime

log = logging.getLogger(__name__)


class ClientUnreachable(Exception):
    """The client has blocked the bot or deleted their account."""


class SendFailed(Exception):
    """The message may not have been sent; trying again later is safe."""


class CheckinSender(Protocol):
    async def send_checkin(self, telegram_id: int, step: Step) -> int:
        """Send the check-in at `step` as a new message and return its message id."""
        ...


async def run_tick(runtime: Runtime, sender: CheckinSender) -> int:
    """One tick: returns how many check-ins were delivered."""
    now = runtime.clock.now()
    while await schedule_due(runtime, now):
        pass
    sent = 0
    while batch := await claim_deliveries(runtime, now):
        for delivery in batch:
            sent += await deliver(runtime, sender, delivery)
    return sent


async def deliver(runtime: Runtime, sender: CheckinSender, delivery: Delivery) -> int:
    """Send one claimed check-in and record the outcome; returns 1 if it went out."""
    try:
        message_id = await sender.send_checkin(delivery.telegram_id, delivery.step)
    except ClientUnreachable:
        log.info("client %s is unreachable; marked stopped", delivery.client_id)
        await client_unreachable(runtime, delivery.client_id)
        return 0
    except SendFailed:
        log.warning("check-in %s not sent; will retry", delivery.checkin_id)
        await delivery_failed(runtime, delivery.checkin_id)
        return 0
    await delivered(runtime, delivery.checkin_id, message_id)
    log.info("check-in %s sent to client %s", delivery.checkin_id, delivery.client_id)
    return 1
