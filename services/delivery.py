"""Use cases of delivery: turning due slots into check-ins, leasing them to a sender, and
recording what happened, so that each client gets exactly one check-in per slot.

Two steps, each an atomic claim that any number of processes may run at once:
1. `schedule_due` turns every client whose slot has come into a check-in row and moves the
   client on to their next slot. The UPDATE is guarded by the slot it read, and
   (client_id, due_at) is unique, so a slot becomes at most one check-in.
2. `claim_deliveries` leases check-ins that are due to be sent. A lease that runs out
   (the process died, or the send failed) makes the check-in claimable again.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import consent
from domain.cadence import next_checkin_at
from domain.quiet_hours import outside_quiet_hours, quiet
from domain.round import Run, plan, round_rate, send_from
from domain.sessions import Change, Rhythm, next_slot, session_expected
from domain.states import SET_UP, CheckinKind, ClientStatus
from services.clients import sessions_of
from services.controls import reactivate
from services.plans import Step, current_step, new_checkin, new_plans, new_rating, own_words
from services.runtime import Runtime
from storage import checkins, clients, courses, goals, leases, pauses, ratings, tasks
from storage.models import CheckIn, Client

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=2)
MAX_WAIT = timedelta(hours=1)
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Closed:
    checkin_id: int
    telegram_id: int
    message_id: int | None
    notify: bool
    language: str | None


@dataclass(frozen=True)
class Delivery:
    checkin_id: int
    client_id: int
    telegram_id: int
    step: Step
    requested: bool = False  # asked for with /checkin, so a paused client gets it too
    language: str | None = None  # the client's (see `domain.language`)
    # The client's check-in this one closed, left open: shown closed once this one is
    # sent, so that its buttons do not stay on screen.
    replaces: Closed | None = None


@dataclass(frozen=True)
class Reminder:
    checkin_id: int
    client_id: int
    telegram_id: int
    step: Step
    language: str | None


@dataclass(frozen=True)
class Resumed:
    client_id: int
    telegram_id: int
    next_checkin_at: datetime | None
    timezone: str | None
    language: str | None
    welcome: bool = True  # False at night: the pause ends quietly, the next check-in says it


@dataclass(frozen=True)
class Page:
    """A page of reminders claimed, and where the next page starts (None: it was the last)."""

    claimed: list[Reminder]
    after_id: int | None


async def schedule_due(
    runtime: Runtime, now: datetime, limit: int = 500, run: Run | None = None
) -> int:
    """Create a check-in for each client whose slot is due; returns how many were created.
    With `run`, for each client whose slot is in that run, ahead of time: their check-ins
    may go from the run's start (`runs_starting`).

    Set-based: one guarded UPDATE for the batch, one read-back, one INSERT of the new rows.
    A slot whose session has already started (the bot was down) gets no check-in: it is
    moved on, never sent after the session.
    """
    async with runtime.db.begin() as session:
        if run is None:
            due = await clients.claim_due(session, now, consent.CONSENT_VERSION, limit)
        else:
            due = await clients.claim_ahead(
                session, run.first, run.end, consent.CONSENT_VERSION, limit
            )
        if not due:
            return 0
        changes = await clients.session_changes_of(session, [c.id for c in due])
        slots = {c.id: (c, c.next_checkin_at, c.next_session_at) for c in due if c.next_checkin_at}
        following = {i: _following(c, changes.get(i, []), now) for i, (c, _, _) in slots.items()}
        moved = await clients.move_slots(
            session, [(i, slot, *following[i]) for i, (_, slot, _) in slots.items() if slot]
        )
        created = [i for i in moved if (s := slots[i][2]) is None or s > now]
        if not created:
            return 0
        rated = await ratings.rated_last_session(session, created, now)
        await ratings.cancel_waiting(session, created)
        plans = new_plans(runtime)
        active = await goals.active_ids_of(session, created)
        # After an ending, until the client chooses how to go on, check-ins keep their times
        # but belong to no session: nothing is asked about one, and no summary is offered.
        ended = await courses.ended_among(session, created)
        agreed = await tasks.open_ids_of(session, created)
        rows = [
            new_checkin(
                runtime,
                slots[i][0],
                slots[i][1],
                plans,
                session_at=None if i in ended else slots[i][2],
                session_expected=None
                if i in ended
                else _expected(slots[i][0], changes.get(i, []), slots[i][2]),
                goal_ids=active.get(i, []),
                sessions=i not in ended,
                task_ids=agreed.get(i, []),
                rated=i in rated,
            )
            for i in created
        ]
        if run is not None:
            # From the run's start, or now if that is sooner: the tick that creates them
            # sends them, with no wait for the next one.
            starts_at = min(run.starts_at, now)
            for row in rows:
                zone = ZoneInfo(slots[row.client_id][0].timezone or "UTC")
                row.deliver_at = send_from(starts_at, row.due_at, zone)
        session.add_all(rows)
        session.add_all(
            new_rating(runtime, slots[i][0], session_at)
            for i in created
            if (session_at := slots[i][2]) is not None
            and i not in ended
            and slots[i][0].rating_enabled
        )
        return len(created)


async def runs_starting(runtime: Runtime, now: datetime) -> list[Run]:
    """The runs of check-ins that start early (`domain.round`) and whose start is within
    the next tick: their check-ins are created now, ahead of their slots.

    One aggregate over the slots of the next two bounds: a run starts at most one bound
    before its slots, and pushes the minutes before it back by no more than one again.
    """
    settings = runtime.settings
    early = timedelta(minutes=settings.early_start_minutes)
    if not early:
        return []
    async with runtime.db.begin() as session:
        due = await clients.due_per_minute(session, now, now + 2 * early, consent.CONSENT_VERSION)
    rate = round_rate(settings.send_rate, settings.paid_broadcast, settings.paid_send_rate)
    soon = now + timedelta(seconds=settings.tick_seconds)
    runs = [run for run in plan(due, rate, early) if run.starts_at <= soon]
    for run in runs:
        if run.late:
            log.warning(
                "%s check-ins due from %s to %s arrive late, even starting %s minutes early",
                run.late,
                run.first.isoformat(),
                run.end.isoformat(),
                settings.early_start_minutes,
            )
    return runs


def _expected(client: Client, changes: list[Change], session_at: datetime | None) -> bool | None:
    """Which answer to the session question comes first (None: Yes, no rhythm to go by)."""
    if session_at is None:
        return None
    return session_expected(sessions_of(client, changes), session_at)


def _following(
    client: Client, changes: list[Change], now: datetime
) -> tuple[datetime | None, datetime | None]:
    """The next check-in after this one, and the session it comes before. A slot missed while
    the bot was down is handled once, late; the next one is in the future."""
    slot = client.next_checkin_at
    assert slot is not None
    rhythm = Rhythm(client.rhythm) if client.rhythm else Rhythm.CHECKIN_ONLY
    if rhythm is Rhythm.CHECKIN_ONLY:
        assert client.weekday is not None and client.local_time
        at = time.fromisoformat(client.local_time)
        zone = ZoneInfo(client.timezone or "UTC")
        return next_checkin_at(max(slot, now), zone, client.weekday, at), None
    after = client.next_session_at or slot
    following = next_slot(sessions_of(client, changes), after, now)
    return (following.checkin_at, following.session_at) if following else (None, None)


async def claim_deliveries(
    runtime: Runtime, limit: int = 100, checkin_id: int | None = None
) -> list[Delivery]:
    """Lease up to `limit` check-ins that are due to be sent (or just `checkin_id`).

    The time is read afresh for every claim: a lease counted from the start of a long tick
    would already have run out, and another process would send the same check-ins.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        rows = await leases.claim(
            session,
            now,
            runtime.worker_id,
            _lease_end(runtime, now),
            consent.CONSENT_VERSION,
            limit,
            checkin_id,
        )
        rows = _outside_quiet_hours(rows, now)
        # A check-in (or rating) about to go out closes the one before it, left open: only
        # now, since one planned to start early is created ahead of its slot.
        closed = await checkins.expire_open(session, [client.id for _, client in rows], now)
        words = await own_words(runtime, session, [checkin for checkin, _ in rows])
        return [
            Delivery(
                checkin.id,
                client.id,
                client.telegram_id,
                step,
                requested=checkin_id is not None,
                language=client.language,
                replaces=_replaced(closed.pop(client.id, None), client),  # once, if two go
            )
            for checkin, client in rows
            if (step := current_step(runtime, checkin, words, client.timezone)) is not None
        ]


def _replaced(closed: tuple[int, int | None] | None, client: Client) -> Closed | None:
    """The check-in a claim closed, to be shown closed: None if it had no message."""
    if closed is None or closed[1] is None:
        return None
    checkin_id, message_id = closed
    return Closed(checkin_id, client.telegram_id, message_id, True, client.language)


def _outside_quiet_hours(
    rows: list[tuple[CheckIn, Client]], now: datetime
) -> list[tuple[CheckIn, Client]]:
    """The claimed rows that may go out now. A rating caught by the night (it was late: the
    bot was down, or Telegram did not take it) waits for the morning instead, unclaimed;
    a check-in comes at the time the client chose, whatever it is."""
    kept = []
    for checkin, client in rows:
        if checkin.kind == CheckinKind.RATING and quiet(now, client.timezone):
            checkin.deliver_at = outside_quiet_hours(now, client.timezone)
            checkin.claimed_by, checkin.claimed_until = None, None
        else:
            kept.append((checkin, client))
    return kept


async def sendable(runtime: Runtime, deliveries: list[Delivery]) -> list[Delivery]:
    """The claimed check-ins that may go out at this moment.

    Read again just before sending, so that a stop, pause, erase or changed consent text
    that happened since the claim wins: nothing is sent to a client who is no longer
    taking part, or for a row this process no longer holds.
    """
    if not deliveries:
        return []
    requested = [d.checkin_id for d in deliveries if d.requested]
    async with runtime.db.begin() as session:
        ids = [d.checkin_id for d in deliveries]
        allowed = await leases.still_sendable(
            session, ids, runtime.worker_id, (ClientStatus.ACTIVE,), consent.CONSENT_VERSION
        )
        if requested:
            allowed |= await leases.still_sendable(
                session, requested, runtime.worker_id, SET_UP, consent.CONSENT_VERSION
            )
    return [d for d in deliveries if d.checkin_id in allowed]


async def delivered(runtime: Runtime, sent: list[tuple[int, int]]) -> set[int]:
    """Mark check-ins as sent, with their message ids; returns the ids recorded.

    A check-in whose row changed while its message was on the way (the client stopped,
    paused or erased, or the lease was taken over) is not recorded; the others are.
    """
    if not sent:
        return set()
    async with runtime.db.begin() as session:
        return await leases.mark_sent(session, sent, runtime.worker_id, runtime.clock.now())


async def remindable(runtime: Runtime, reminders: list[Reminder]) -> list[Reminder]:
    """The reminders whose check-in is still open for an active client, right now."""
    async with runtime.db.begin() as session:
        ids = [r.checkin_id for r in reminders]
        allowed = await leases.still_open(session, ids, consent.CONSENT_VERSION)
    return [r for r in reminders if r.checkin_id in allowed]


async def still_active(runtime: Runtime, client_ids: list[int]) -> set[int]:
    """Of these clients, those still active right now (not stopped, paused or erased)."""
    async with runtime.db.begin() as session:
        return await clients.active_among(session, client_ids)


async def delivery_failed(runtime: Runtime, checkin_id: int) -> None:
    """Keep the check-in due; it is claimable again after a wait that doubles each time."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        attempts = await leases.failed_attempts(session, checkin_id, runtime.worker_id)
        if attempts is None:  # no longer ours: a stop, an erase or another process came first
            return
        await leases.back_off(
            session,
            checkin_id,
            runtime.worker_id,
            attempts,
            until=now + min(RETRY_AFTER * 2**attempts, MAX_WAIT),
            given_up_at=now if attempts + 1 >= MAX_ATTEMPTS else None,
        )


async def client_unreachable(runtime: Runtime, client_id: int) -> None:
    """The client blocked the bot: treat them as stopped and send nothing more."""
    async with runtime.db.begin() as session:
        await clients.mark_stopped(session, client_id)
        await pauses.end(session, client_id, runtime.clock.now())
        await checkins.close_undelivered(session, client_id, runtime.clock.now())


async def resume_ended_pauses(runtime: Runtime, now: datetime, limit: int = 500) -> list[Resumed]:
    """Clients whose pause has run out become active again, from their next slot on."""
    async with runtime.db.begin() as session:
        resumed = []
        for client in await clients.ended_pauses(session, now, limit):
            await reactivate(runtime, session, client)
            resumed.append(
                Resumed(
                    client.id,
                    client.telegram_id,
                    client.next_checkin_at,
                    client.timezone,
                    client.language,
                    welcome=not quiet(now, client.timezone),
                )
            )
        return resumed


async def expire_unfinished(runtime: Runtime, now: datetime, limit: int = 500) -> list[Closed]:
    """Close check-ins left open too long. Answers given are kept; the rest stay unanswered."""
    cutoff = now - timedelta(hours=runtime.settings.expire_hours)
    async with runtime.db.begin() as session:
        due = await leases.open_since(session, cutoff, limit)
        expired = await leases.expire(session, [checkin.id for checkin, _ in due], now)
        return [
            Closed(
                checkin.id,
                client.telegram_id,
                checkin.message_id,
                client.status == ClientStatus.ACTIVE,
                client.language,
            )
            for checkin, client in due
            if checkin.id in expired
        ]


async def claim_reminders(
    runtime: Runtime, now: datetime, after_id: int = 0, limit: int = 500
) -> Page:
    """Open check-ins due their one reminder, among a page of them (by id after
    `after_id`). Marked before sending: never a second one. A client for whom it is night
    keeps theirs for the first tick after 08:00 local."""
    cutoff = now - timedelta(hours=runtime.settings.reminder_hours)
    async with runtime.db.begin() as session:
        page = await leases.due_reminder(session, cutoff, consent.CONSENT_VERSION, limit, after_id)
        due = [(checkin, client) for checkin, client in page if not quiet(now, client.timezone)]
        marked = await leases.mark_reminded(session, [checkin.id for checkin, _ in due], now)
        words = await own_words(runtime, session, [checkin for checkin, _ in due])
        claimed = [
            Reminder(checkin.id, client.id, client.telegram_id, step, client.language)
            for checkin, client in due
            if checkin.id in marked
            and (step := current_step(runtime, checkin, words, client.timezone))
        ]
        return Page(claimed, page[-1][0].id if len(page) == limit else None)


async def renew(runtime: Runtime, checkin_ids: list[int]) -> set[int]:
    """Extend this process's lease on check-ins it has not sent yet; returns those it holds.

    A lease that ran out may have been taken over: such a check-in is not sent here.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        return await leases.renew(
            session, checkin_ids, runtime.worker_id, now, _lease_end(runtime, now)
        )


async def release(runtime: Runtime, checkin_ids: list[int]) -> None:
    """Hand back claimed check-ins this process will not send (it is stopping)."""
    if not checkin_ids:
        return
    async with runtime.db.begin() as session:
        await leases.release(session, checkin_ids, runtime.worker_id)


async def miss_after_session(runtime: Runtime, now: datetime) -> int:
    """Close the check-ins whose session started before they could go out."""
    async with runtime.db.begin() as session:
        return await leases.miss_after_session(session, now)


async def oldest_due(runtime: Runtime, now: datetime) -> datetime | None:
    """When the oldest check-in that should have gone out by now was due."""
    async with runtime.db.begin() as session:
        slot = await clients.oldest_due_slot(session, now)
        unsent = await leases.oldest_unsent(session, now)
    due = [moment for moment in (slot, unsent) if moment is not None]
    return min(due) if due else None


def _lease_end(runtime: Runtime, now: datetime) -> datetime:
    return now + timedelta(seconds=runtime.settings.lease_seconds)
