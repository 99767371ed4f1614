"""The check-in a client asks for with /checkin: their open one shown again, or one started
now and leased to this process. The Telegram layer shows it, then records it here."""

import logging
from dataclasses import dataclass

from services.checkins import View, open_view, request_checkin, show_again
from services.delivery import Delivery, claim_deliveries, delivered, sendable
from services.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Requested:
    """A check-in to show as a new message."""

    checkin_id: int
    view: View
    # Set when the check-in was just leased to this process: showing it is its delivery.
    # None for the open one, shown again: presses on its older message become "moved".
    delivery: Delivery | None = None


@dataclass(frozen=True)
class Underway:
    """The client's waiting check-in is being sent by another process right now."""

    checkin_id: int


async def checkin_to_show(runtime: Runtime, telegram_id: int) -> Requested | Underway | None:
    """The open check-in; else a snoozed one brought forward, or a new one due now, leased
    to this process. None if the client is not set up."""
    view = await open_view(runtime, telegram_id)
    if view is not None:
        return Requested(view.checkin_id, view)
    checkin_id = await request_checkin(runtime, telegram_id)
    if checkin_id is None:
        return None
    claimed = await claim_deliveries(runtime, checkin_id=checkin_id)
    for delivery in await sendable(runtime, claimed):
        return Requested(checkin_id, delivery.step, delivery)
    return Underway(checkin_id)


async def shown(runtime: Runtime, requested: Requested, message_id: int) -> bool:
    """Record that the check-in now lives in message `message_id`. False when a leased one
    changed while it was on its way (a stop, pause or erase won): the message must go."""
    if requested.delivery is None:
        await show_again(runtime, requested.checkin_id, message_id)
        return True
    runtime.metrics.sent.inc()
    if requested.checkin_id in await delivered(runtime, [(requested.checkin_id, message_id)]):
        log.info(
            "check-in %s sent to client %s", requested.checkin_id, requested.delivery.client_id
        )
        return True
    log.info("check-in %s changed while it was sent; taken back", requested.checkin_id)
    return False
