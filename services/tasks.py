"""Use cases of tasks agreed between sessions: adding one in the client's words, and
setting one aside as no longer relevant. (How a check-in asks about them and closes them:
`services/checkins.py`.)

Between asks for a task's words by marking a new task in storage (`Task.asked_at`), so
the words typed next are kept whatever happened in between (a restart, another process).
The ask lapses after `ASK_LIFETIME`, as a goal's does.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from domain.tasks import MAX_OPEN, TaskOutcome, WordsProblem, cleaned_words
from services.clients import standing_of
from services.goals import ASK_LIFETIME
from services.runtime import Runtime
from storage import clients, courses, goals, tasks
from storage.models import Client, Task


@dataclass(frozen=True)
class TaskView:
    id: int
    words: str


@dataclass(frozen=True)
class Tasks:
    """The client's open tasks, as /tasks shows them."""

    open: list[TaskView]

    @property
    def can_add(self) -> bool:
        return len(self.open) < MAX_OPEN


class Ask(StrEnum):
    """What became of Add a task (or Yes to the offer)."""

    ASKED = "asked"
    WAITING = "waiting"  # asked already, and still waiting for the words: nothing changes
    FULL = "full"  # three open already
    GONE = "gone"  # not set up


@dataclass(frozen=True)
class Changed:
    """A task just added or set aside, and the client's open tasks as they now stand."""

    task: TaskView
    tasks: Tasks


async def tasks_of(runtime: Runtime, telegram_id: int) -> Tasks | None:
    """The client's open tasks; None unless they are set up."""
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id)
        return None if client is None else await _tasks(runtime, session, client.id)


async def ask_for_words(runtime: Runtime, telegram_id: int) -> Ask:
    """Wait for the words of a new task. A second tap while they are awaited changes
    nothing; a goal's words are no longer awaited (what is typed next is the task)."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        if client is None:
            return Ask.GONE
        if await tasks.count_open(session, client.id) >= MAX_OPEN:
            return Ask.FULL
        waiting = await tasks.awaiting_words(session, client.id, now - ASK_LIFETIME)
        if waiting is not None and waiting.words is None:
            return Ask.WAITING
        await tasks.stop_asking(session, client.id)  # what is typed next is this task
        await goals.stop_asking(session, client.id)
        await courses.stop_asking(session, client.id)
        session_at = await tasks.last_session_at(session, client.id, now)
        session.add(Task(client_id=client.id, created_at=now, asked_at=now, session_at=session_at))
        return Ask.ASKED


async def stop_asking(runtime: Runtime, telegram_id: int) -> None:
    """No, not this time, or Cancel: no task's words are awaited."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        if client is not None:
            await tasks.stop_asking(session, client.id)


async def typed_words(
    runtime: Runtime, telegram_id: int, text: str
) -> Changed | WordsProblem | None:
    """Keep typed text as the task whose words were asked for; None when none was.

    Words that cannot be kept (nothing, or too long) leave nothing stored, and the ask
    stands afresh, so the client can simply try again.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        since = now - ASK_LIFETIME
        task = await tasks.awaiting_words(session, client.id, since) if client else None
        if client is None or task is None:
            return None
        words = cleaned_words(text)
        if isinstance(words, WordsProblem):
            task.asked_at = now
            return words
        task.words = runtime.cipher.seal(words)
        task.created_at = now  # agreed when typed: the day the summary names
        task.asked_at = None
        await session.flush()
        return Changed(_view(runtime, task), await _tasks(runtime, session, client.id))


async def set_aside(runtime: Runtime, telegram_id: int, task_id: int) -> Changed | None:
    """No longer relevant, from /tasks: closed, and no longer asked about (an open
    check-in passes over it). None when it is not an open task of theirs (a second tap,
    an old or forged button)."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await _set_up_client(session, telegram_id, lock=True)
        task = await tasks.one_of_client(session, client.id, task_id) if client else None
        if client is None or task is None or task.closed_at is not None:
            return None
        if not await tasks.close(session, task.id, TaskOutcome.NO_LONGER_RELEVANT, now):
            return None
        return Changed(_view(runtime, task), await _tasks(runtime, session, client.id))


async def _set_up_client(
    session: AsyncSession, telegram_id: int, *, lock: bool = False
) -> Client | None:
    client = await clients.by_telegram_id(session, telegram_id, lock=lock)
    return client if client is not None and standing_of(client).set_up else None


async def _tasks(runtime: Runtime, session: AsyncSession, client_id: int) -> Tasks:
    return Tasks([_view(runtime, task) for task in await tasks.open_of_client(session, client_id)])


def _view(runtime: Runtime, task: Task) -> TaskView:
    assert task.words is not None
    return TaskView(task.id, runtime.cipher.open(task.words))
