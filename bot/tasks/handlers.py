"""Tasks agreed between sessions: /tasks, the offer "Did you agree on something to try
before next time?", and typing a task's words.

Between waits for a task's words in storage (services/tasks.py), so a restart between the
tap and the typing loses nothing.
"""

from telegram import Update

from bot.context import BetweenContext
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from bot.tasks import keyboards, words
from bot.tasks.buttons import TaskChoice, TaskMove
from domain.language import Words
from domain.tasks import TASK_WORDS_LIMIT, WordsProblem
from services import tasks
from services.tasks import Ask, Tasks

ASK_REFUSED = {Ask.FULL: words.FULL, Ask.GONE: words.GONE, Ask.WAITING: words.WAITING}


async def tasks_command(update: Update, context: BetweenContext) -> None:
    """/tasks: the open tasks, each with "No longer relevant", and Add a task."""
    w = context.words
    shown = await tasks.tasks_of(context.runtime, chat_id_of(update))
    if shown is None:
        await context.doors.not_ready(update, context)
        return
    await reply(update, context, _list(w, shown), keyboards.tasks(w, shown))


async def tasks_offer(update: Update, context: BetweenContext) -> None:
    """For another conversation (after a session's rating): "Did you agree on something to
    try before next time?" Says nothing to a client who is not set up or already has three
    open: nothing to offer, and nothing they asked about."""
    shown = await tasks.tasks_of(context.runtime, chat_id_of(update))
    if shown is None or not shown.can_add:
        return
    text, markup = keyboards.offer(context.words)
    await reply(update, context, text, markup)


async def on_task(update: Update, context: BetweenContext) -> None:
    """A tasks button: yes or no to the offer, add, cancel, or no longer relevant."""
    w = context.words
    press = TaskChoice.pressed(update)
    query = query_of(update)
    match press.move:
        case TaskMove.YES | TaskMove.ADD:
            await _ask_for_words(update, context, offered=press.move is TaskMove.YES)
        case TaskMove.NOT_NOW:  # nothing was asked for: a late tap changes nothing stored
            await acknowledge(query)
            if await remove_buttons(query):
                await reply(update, context, w._(words.LATER))
        case TaskMove.CANCEL:
            await tasks.stop_asking(context.runtime, chat_id_of(update))
            await acknowledge(query)
            await settle(context, query, w._(words.CANCELLED))
        case TaskMove.SET_ASIDE:
            await _set_aside(update, context, press)


async def typed_task(update: Update, context: BetweenContext, text: str) -> bool:
    """Keep typed text as a task's words if Between asked for them; False if it did not."""
    w = context.words
    saved = await tasks.typed_words(context.runtime, chat_id_of(update), text)
    if saved is None:
        return False
    if saved is WordsProblem.EMPTY:
        await reply(update, context, w._(words.EMPTY), keyboards.words_wanted(w))
    elif saved is WordsProblem.TOO_LONG:
        text = words.too_long(w, TASK_WORDS_LIMIT)
        await reply(update, context, text, keyboards.words_wanted(w))
    else:
        done = words.saved(w, saved.task.words)
        text = f"{done}\n\n{_list(w, saved.tasks)}"
        await reply(update, context, text, keyboards.tasks(w, saved.tasks))
    return True


async def _ask_for_words(update: Update, context: BetweenContext, *, offered: bool) -> None:
    """Add a task, or Yes to the offer (whose buttons then go: it is answered)."""
    w = context.words
    query = query_of(update)
    asked = await tasks.ask_for_words(context.runtime, chat_id_of(update))
    if asked is not Ask.ASKED:
        await acknowledge(query, w._(ASK_REFUSED[asked]))
        return
    await acknowledge(query)
    if offered:
        await remove_buttons(query)
    prompt = w._(words.TYPE_IT) if offered else w._(words.ASK_WORDS)
    await reply(update, context, prompt, keyboards.words_wanted(w))


async def _set_aside(update: Update, context: BetweenContext, press: TaskChoice) -> None:
    """No longer relevant: closed, not asked about again (a second or late tap finds it
    closed, and changes nothing). The list's buttons go: its numbers no longer hold."""
    w = context.words
    query = query_of(update)
    assert press.task_id is not None
    closed = await tasks.set_aside(context.runtime, chat_id_of(update), press.task_id)
    if closed is None:
        await acknowledge(query, w._(words.GONE))
        return
    await acknowledge(query)
    await settle(context, query, words.set_aside_done(w, closed.task.words))


def _list(w: Words, shown: Tasks) -> str:
    return words.listing(w, [task.words for task in shown.open])
