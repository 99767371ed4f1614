"""Use cases of the client's own goals: naming, renaming, archiving and erasing them.

Between asks for a goal's words by marking the goal in storage (`Goal.asked_at`), so the
words typed next are kept whatever happened in between (a restart, another process). The
ask lapses after `ASK_LIFETIME`: text typed later is treated as it always was.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from domain.goals import MAX_ACTIVE, WordsProblem, cleaned_words
from services.clients import standing_of
from services.controls import OFFER_LIFETIME
from services.runtime import Runtime
from storage import clients, courses, goals, tasks
from storage.db import scrub_deleted
from storage.models import Client, Goal

ASK_LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class GoalView:
    id: int
    words: str
    archived: bool


@dataclass(frozen=True)
class Goals:
    """The client's goals as /goals shows them."""

    active: list[GoalView]
    archived: list[GoalView]

    @property
    def can_add(self) -> bool:
        return len(self.active) < MAX_ACTIVE


class Ask(StrEnum):
    """What became of Add a goal or Rename."""

    ASKED = "asked"
    FULL = "full"  # three goals already
    GONE = "gone"  # no such goal of theirs (erased, archived) or not set up


@dataclass(frozen=True)
class Changed:
    """A goal just named, renamed or archived, and the client's goals as they now stand."""

    goal: GoalView
    goals: Goals
    renamed: bool = False


async def goals_of(runtime: Runtime, telegram_id: int) -> Goals | None:
    """The client's goals; None unless they are set up."""
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id)
        return None if client is None else await _goals(runtime, session, client.id)


async def words_of(runtime: Runtime, telegram_id: int, goal_id: int) -> GoalView | None:
    """One of the client's goals, if it is still theirs."""
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id)
        goal = await goals.one_of_client(session, client.id, goal_id) if client else None
        return _view(runtime, goal) if goal else None


async def ask_for_words(runtime: Runtime, telegram_id: int, goal_id: int | None) -> Ask:
    """Wait for the words of a new goal (`goal_id` None) or a new name for an active one."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        if client is None:
            return Ask.GONE
        goal = await goals.one_of_client(session, client.id, goal_id) if goal_id else None
        if goal_id is not None and (goal is None or goal.archived_at is not None):
            return Ask.GONE
        if goal_id is None and await goals.count_active(session, client.id) >= MAX_ACTIVE:
            return Ask.FULL
        await goals.stop_asking(session, client.id)
        await courses.stop_asking(session, client.id)  # typed words go to this goal
        await tasks.stop_asking(session, client.id)
        if goal is None:
            session.add(Goal(client_id=client.id, created_at=now, asked_at=now))
        else:
            goal.asked_at = now
        return Ask.ASKED


async def stop_asking(runtime: Runtime, telegram_id: int) -> None:
    """Not now, or Cancel: no words are awaited."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is not None:
            await goals.stop_asking(session, client.id)


async def typed_words(
    runtime: Runtime, telegram_id: int, text: str
) -> Changed | WordsProblem | None:
    """Keep typed text as the goal whose words were asked for; None when none was.

    Words that cannot be kept (nothing, or too long) leave the goal as it was, and the ask
    stands afresh, so the client can simply try again.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        since = now - ASK_LIFETIME
        goal = await goals.awaiting_words(session, client.id, since) if client else None
        if client is None or goal is None:
            return None
        words = cleaned_words(text)
        if isinstance(words, WordsProblem):
            goal.asked_at = now
            return words
        renamed = goal.words is not None
        goal.words = runtime.cipher.seal(words)
        goal.asked_at = None
        await session.flush()
        return Changed(_view(runtime, goal), await _goals(runtime, session, client.id), renamed)


async def archive(runtime: Runtime, telegram_id: int, goal_id: int) -> Changed | None:
    """No longer asked about; kept, with its ratings. None when it is not an active goal of
    theirs (a second tap, or an old button)."""
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        goal = await goals.one_of_client(session, client.id, goal_id) if client else None
        if client is None or goal is None or goal.archived_at is not None:
            return None
        goal.archived_at = runtime.clock.now()
        goal.asked_at = None
        await session.flush()
        return Changed(_view(runtime, goal), await _goals(runtime, session, client.id))


async def erase(runtime: Runtime, telegram_id: int, goal_id: int, offered_at: datetime) -> bool:
    """Hard-delete one goal and its ratings, as confirmed at `offered_at`; False, with
    nothing changed, when the confirmation has expired or the goal is not theirs."""
    now = runtime.clock.now()
    if not now - OFFER_LIFETIME <= offered_at <= now:
        return False
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        goal = await goals.one_of_client(session, client.id, goal_id) if client else None
        if goal is None:
            return False
        await goals.erase(session, goal.id)
    await scrub_deleted(runtime.engine)
    return True


async def _set_up_client(
    session: AsyncSession, telegram_id: int, *, lock: bool = False
) -> Client | None:
    client = await clients.by_telegram_id(session, telegram_id, lock=lock)
    return client if client is not None and standing_of(client).set_up else None


async def _goals(runtime: Runtime, session: AsyncSession, client_id: int) -> Goals:
    views = [_view(runtime, goal) for goal in await goals.of_client(session, client_id)]
    return Goals(
        [view for view in views if not view.archived], [view for view in views if view.archived]
    )


def _view(runtime: Runtime, goal: Goal) -> GoalView:
    assert goal.words is not None
    return GoalView(goal.id, runtime.cipher.open(goal.words), goal.archived_at is not None)
