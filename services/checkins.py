"""Use cases of one check-in: starting it, answering each step, and what the client sees next."""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from domain import consent
from domain.instruments import Item
from domain.nudge import Declined, NudgeReason, NudgeState, alliance_nudge, average_of
from domain.plan import WEEKLY, PlannedItem, decode_plan, next_position, resolve
from domain.states import COUNTED, SET_UP, CheckinKind, CheckinStatus
from domain.summary import alliance_keys
from domain.tasks import asks_obstacle, closes, outcome_of
from services.clients import standing_of
from services.plans import OwnWords, Step, current_step, new_checkin, own_words
from services.runtime import Runtime
from storage import answers, checkins, clients, courses, goals, retention, taps, tasks
from storage.models import Client
from storage.taps import PressedCheckin

NOTE_LIMIT = 2000
# The kinds of question answered by tapping a button (a note is typed).
BUTTON_KINDS = ("scale", "session", "choice")

T = TypeVar("T")


@dataclass(frozen=True)
class Nudge:
    """The private nudge this check-in's answers brought, and why."""

    reason: NudgeReason
    average: float | None  # of the alliance answers given; None: all left out


@dataclass(frozen=True)
class Finished:
    """A check-in the client has just completed."""

    checkin_id: int
    next_checkin_at: datetime | None
    timezone: str | None
    show_crisis: bool
    nudge: Nudge | None = None
    session_at: datetime | None = None  # the session this check-in comes before
    rating: bool = False  # the rating after a session, not a check-in


View = Step | Finished


class Later(StrEnum):
    ONE_HOUR = "1h"
    THREE_HOURS = "3h"
    TOMORROW = "1d"


LATER_DELAYS = {
    Later.ONE_HOUR: timedelta(hours=1),
    Later.THREE_HOURS: timedelta(hours=3),
    Later.TOMORROW: timedelta(days=1),
}


class Rejection(StrEnum):
    NOT_YOURS = "not_yours"
    CLOSED = "closed"
    MOVED = "moved"
    ANSWERED = "answered"
    CONSENT = "consent"  # the consent text changed since the client agreed


@dataclass(frozen=True)
class Rejected:
    reason: Rejection
    # Where the check-in really is, when the press came from its current message: the
    # message may lag behind (the edit after an answer was lost to a crash or a network
    # error), and showing the right question again is how the client carries on.
    current: View | None = None


@dataclass(frozen=True)
class Pressed(Generic[T]):
    """What a press on a check-in came to, with the language of the client who made it,
    read in the press's own transaction: a tap costs one (None: not their check-in)."""

    outcome: T | Rejected
    language: str | None = None


@dataclass(frozen=True)
class Snoozed:
    back_at: datetime
    timezone: str | None  # the client's, to say when in their time


@dataclass(frozen=True)
class NoteSaved:
    view: View
    message_id: int | None
    truncated: bool
    about_task: bool = False  # what got in the way of a task, not the check-in's note


def view_of(runtime: Runtime, checkin: PressedCheckin, words: OwnWords | None = None) -> View:
    step = current_step(runtime, checkin, words) if checkin.status == CheckinStatus.OPEN else None
    return step or Finished(
        checkin.id,
        checkin.next_checkin_at,
        checkin.timezone,
        checkin.crisis_shown,
        session_at=checkin.session_at,
        rating=checkin.kind == CheckinKind.RATING,
    )


async def request_checkin(runtime: Runtime, telegram_id: int) -> int | None:
    """For /checkin: the client's open check-in, a snoozed one brought forward, or a new one
    due now. None if not set up."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is None or not standing_of(client).set_up:
            return None
        current = await checkins.open_for(session, client.id)
        if current is not None:
            return current.id
        waiting = await checkins.waiting_for(session, client.id)
        if waiting is not None:
            await checkins.bring_forward(session, waiting.id, now)
            return waiting.id
        active = (await goals.active_ids_of(session, [client.id])).get(client.id, [])
        agreed = (await tasks.open_ids_of(session, [client.id])).get(client.id, [])
        ended = await courses.ended_among(session, [client.id])
        checkin = new_checkin(
            runtime, client, now, goal_ids=active, task_ids=agreed, sessions=not ended
        )
        session.add(checkin)
        await session.flush()
        return checkin.id


async def answer_press(
    runtime: Runtime,
    telegram_id: int,
    checkin_id: int,
    position: int,
    value: int | None,
    message_id: int | None,
) -> Pressed[View]:
    """Store one tapped answer (None = Skip) after checking it is the one expected."""

    async def answer(session: AsyncSession, checkin: PressedCheckin) -> View | Rejected:
        words = await own_words(runtime, session, [checkin])
        step = view_of(runtime, checkin, words)
        if position != (step.position if isinstance(step, Step) else checkin.position):
            return Rejected(Rejection.ANSWERED, current=step)
        if not isinstance(step, Step) or not _acceptable(step.item, value):
            return Rejected(Rejection.ANSWERED)
        crisis = value is not None and step.item.crisis_on_lowest and value == step.item.min
        view = await _record(runtime, session, checkin, step, words, value=value, crisis=crisis)
        if view is not None:
            return view
        # Another instance recorded this step first: say so, and show where things are now.
        now_at = await _pressed(session, telegram_id, checkin_id, message_id)
        if isinstance(now_at, Rejected):
            return now_at
        return Rejected(Rejection.ANSWERED, current=view_of(runtime, now_at, words))

    pressed = await _on_press(runtime, telegram_id, checkin_id, message_id, answer)
    await _record_nudge(runtime, pressed.outcome)
    return pressed


async def answer_note(runtime: Runtime, telegram_id: int, text: str) -> NoteSaved | None:
    """Store typed text as the note of the open check-in, if a note is what it expects."""
    async with runtime.db.begin() as session:
        checkin = await _open_checkin(session, telegram_id)
        if checkin is None:
            return None
        words = await own_words(runtime, session, [checkin])
        step = view_of(runtime, checkin, words)
        if not isinstance(step, Step) or step.item.kind != "text":
            return None
        kept = text[:NOTE_LIMIT]
        view = await _record(runtime, session, checkin, step, words, note=kept)
    if view is None:  # another instance stored a note first: this text is not one
        return None
    await _record_nudge(runtime, view)
    truncated, about_task = len(text) > NOTE_LIMIT, step.task_id is not None
    return NoteSaved(view, checkin.message_id, truncated, about_task)


async def expects_button(runtime: Runtime, telegram_id: int) -> bool:
    """Whether the client is in the middle of a check-in question answered by a button."""
    view = await open_view(runtime, telegram_id)
    return isinstance(view, Step) and view.item.kind in BUTTON_KINDS


async def show_again(runtime: Runtime, checkin_id: int, message_id: int) -> None:
    """The open check-in now lives in a newer message; presses on the old one are stale."""
    async with runtime.db.begin() as session:
        await checkins.set_message(session, checkin_id, message_id)


async def open_view(runtime: Runtime, telegram_id: int) -> View | None:
    """The client's open check-in as it stands, if there is one."""
    async with runtime.db.begin() as session:
        checkin = await _open_checkin(session, telegram_id)
        if checkin is None:
            return None
        return view_of(runtime, checkin, await own_words(runtime, session, [checkin]))


async def snooze(
    runtime: Runtime, telegram_id: int, checkin_id: int, message_id: int | None, later: Later
) -> Pressed[Snoozed]:
    """Bring the check-in back after a while, at the question the client is on."""

    async def bring_back(session: AsyncSession, checkin: PressedCheckin) -> Snoozed | Rejected:
        back_at = runtime.clock.now() + LATER_DELAYS[later]
        if not await taps.change_open(
            session, checkin.id, status=CheckinStatus.DUE, deliver_at=back_at, message_id=None
        ):
            return Rejected(Rejection.CLOSED)
        return Snoozed(back_at, checkin.timezone)

    return await _on_press(runtime, telegram_id, checkin_id, message_id, bring_back)


async def pressed_view(
    runtime: Runtime, telegram_id: int, checkin_id: int, message_id: int | None
) -> Pressed[View]:
    """The check-in a press was made on, as it stands, if the press is still valid."""

    async def as_it_stands(session: AsyncSession, checkin: PressedCheckin) -> View:
        return view_of(runtime, checkin, await own_words(runtime, session, [checkin]))

    return await _on_press(runtime, telegram_id, checkin_id, message_id, as_it_stands)


async def skip_week(
    runtime: Runtime, telegram_id: int, checkin_id: int, message_id: int | None
) -> Pressed[Finished]:
    """Close this check-in without answers; the next one comes at the usual time."""

    async def skip(session: AsyncSession, checkin: PressedCheckin) -> Finished | Rejected:
        if not await taps.change_open(
            session, checkin.id, status=CheckinStatus.SKIPPED, closed_at=runtime.clock.now()
        ):
            return Rejected(Rejection.CLOSED)
        rating = checkin.kind == CheckinKind.RATING
        return Finished(checkin.id, checkin.next_checkin_at, checkin.timezone, False, rating=rating)

    return await _on_press(runtime, telegram_id, checkin_id, message_id, skip)


async def _on_press(
    runtime: Runtime,
    telegram_id: int,
    checkin_id: int,
    message_id: int | None,
    act: Callable[[AsyncSession, PressedCheckin], Awaitable[T | Rejected]],
) -> Pressed[T]:
    """In one transaction: check the press is still valid, then `act` on its check-in."""
    async with runtime.db.begin() as session:
        found = await taps.pressed(session, checkin_id, telegram_id)
        language = found.language if found else None
        if found is not None:
            await retention.record_use(
                session,
                found.client_id,
                found.last_active_at,
                found.retention_warned_at,
                runtime.clock.now(),
            )
        checkin = _still_valid(found, message_id)
        if isinstance(checkin, Rejected):
            return Pressed(checkin, language)
        return Pressed(await act(session, checkin), language)


async def _open_checkin(session: AsyncSession, telegram_id: int) -> PressedCheckin | None:
    """The client's open check-in as a snapshot, if there is one."""
    client = await clients.by_telegram_id(session, telegram_id)
    checkin = await checkins.open_for(session, client.id) if client else None
    if client is None or checkin is None or client.consent_version != consent.CONSENT_VERSION:
        return None
    return await taps.pressed(session, checkin.id, telegram_id)


async def _pressed(
    session: AsyncSession, telegram_id: int, checkin_id: int, message_id: int | None
) -> PressedCheckin | Rejected:
    """The open check-in a press was made on, or why the press is not valid."""
    return _still_valid(await taps.pressed(session, checkin_id, telegram_id), message_id)


def _still_valid(
    checkin: PressedCheckin | None, message_id: int | None
) -> PressedCheckin | Rejected:
    """The check-in a press found, if the press is still valid; else why it is not."""
    if checkin is None:
        return Rejected(Rejection.NOT_YOURS)
    if checkin.consent_version != consent.CONSENT_VERSION:
        return Rejected(Rejection.CONSENT)
    if checkin.status != CheckinStatus.OPEN or checkin.client_status not in SET_UP:
        return Rejected(Rejection.CLOSED)
    if message_id is not None and checkin.message_id not in (None, message_id):
        return Rejected(Rejection.MOVED)
    return checkin


def _acceptable(item: Item, value: int | None) -> bool:
    if value is None:
        return item.skippable
    return item.kind in BUTTON_KINDS and value in item.values


async def _record(
    runtime: Runtime,
    session: AsyncSession,
    checkin: PressedCheckin,
    step: Step,
    words: OwnWords,
    *,
    value: int | None = None,
    note: str | None = None,
    crisis: bool = False,
) -> View | None:
    """Advance the check-in by one step and store it; None when a concurrent answer (in
    another instance) advanced it first, and nothing was stored.

    How a task went: tried it, or no longer relevant, closes the task; unless partly or not
    this time, "What got in the way?" is passed over, stored as skipped."""
    now = runtime.clock.now()
    had_session = bool(value) if step.item.kind == "session" else checkin.had_session
    plan = decode_plan(checkin.plan)
    asked = had_session is not False
    about_task = step.task_id is not None and step.item.kind == "scale"
    outcome = outcome_of(value) if about_task else None
    passed = _obstacle_after(plan, step) if about_task and not asks_obstacle(outcome) else None
    last = step.position if passed is None else passed
    if step.task_id is not None and closes(outcome):
        words = words.without_task(step.task_id)
    following = next_position(runtime.instruments, plan, last, asked, words.goals, words.tasks)
    finished = following >= step.total
    advanced = replace(
        checkin,
        position=following,
        crisis_shown=checkin.crisis_shown or crisis,
        had_session=had_session,
        status=CheckinStatus.DONE if finished else CheckinStatus.OPEN,
    )
    if not await taps.advance(
        session,
        checkin.id,
        checkin.position,
        position=advanced.position,
        crisis_shown=advanced.crisis_shown,
        had_session=had_session,
        status=advanced.status,
        closed_at=now if finished else None,
    ):
        return None
    await answers.store(
        session,
        checkin_id=checkin.id,
        position=step.position,
        instrument_id=step.instrument.id,
        instrument_version=step.instrument.version,
        item_key=step.item.key,
        item_text=step.item.text,
        value=value,
        note=runtime.cipher.seal(note) if note else None,
        skipped=value is None and not note,
        answered_at=now,
        goal_id=step.goal_id,
        task_id=step.task_id,
    )
    if passed is not None:
        instrument, item = resolve(runtime.instruments, plan[passed])
        await answers.store(
            session,
            checkin_id=checkin.id,
            position=passed,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            item_key=item.key,
            item_text=item.text,
            value=None,
            note=None,
            skipped=True,
            answered_at=now,
            goal_id=None,
            task_id=step.task_id,
        )
    if step.task_id is not None and outcome is not None and closes(outcome):
        await tasks.close(session, step.task_id, outcome, now)
    runtime.metrics.answers.inc()
    view = view_of(runtime, advanced, words)
    if finished and isinstance(view, Finished):
        runtime.metrics.answered.inc()
        nudge = await _alliance_nudge(runtime, session, checkin)
        return replace(view, nudge=nudge)
    return view


def _obstacle_after(plan: list[PlannedItem], step: Step) -> int | None:
    """Where "What got in the way?" about the task of `step` (how it went) is, if it comes
    next."""
    at = step.position + 1
    return at if at < len(plan) and plan[at].task_id == step.task_id else None


async def _record_nudge(runtime: Runtime, answered: View | Rejected) -> None:
    """A finished check-in that brought the nudge: record it as shown, in a transaction of
    its own, so the answer's never holds the check-in's row while waiting for the client's
    (a pause or stop takes them in the other order)."""
    if isinstance(answered, Finished) and answered.nudge is not None:
        async with runtime.db.begin() as session:
            now, average = runtime.clock.now(), answered.nudge.average
            await clients.mark_nudged(session, answered.checkin_id, now, average)


async def decline_nudge(runtime: Runtime, telegram_id: int) -> None:
    """The client said "No, thanks" to the nudge: it stays quiet unless things get worse."""
    async with runtime.db.begin() as session:
        await clients.decline_nudge(session, telegram_id, runtime.clock.now())


async def _alliance_nudge(
    runtime: Runtime, session: AsyncSession, checkin: PressedCheckin
) -> Nudge | None:
    """The private nudge this finished check-in's alliance answers call for, if any (the
    caller records it as shown, and shows it)."""
    keys = alliance_keys(runtime.instruments)
    rows = await answers.values_of_items(session, checkin.client_id, WEEKLY, keys, COUNTED)
    by_checkin: dict[int, dict[str, int | None]] = defaultdict(dict)
    for checkin_id, key, value in rows:
        by_checkin[checkin_id][key] = value
    current = by_checkin.pop(checkin.id, {})
    if not current:
        return None
    client = await session.get(Client, checkin.client_id)
    if client is None:
        return None
    state = NudgeState(
        runtime.clock.now(), client.nudged_at, client.discuss_alliance, _declined(client)
    )
    history = [[given.get(key) for key in keys] for given in by_checkin.values()]
    given = [current.get(key) for key in keys]
    reason = alliance_nudge(given, history, state)
    return Nudge(reason, average_of(given)) if reason is not None else None


def _declined(client: Client) -> Declined | None:
    """The client's "No, thanks", when it answered the last nudge shown."""
    declined_at, nudged_at = client.nudge_declined_at, client.nudged_at
    if declined_at is None or nudged_at is None or declined_at < nudged_at:
        return None
    return Declined(client.nudged_average)
