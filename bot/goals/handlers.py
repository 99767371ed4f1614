"""The client's own goals: /goals, the offer at the end of set-up, and typing a goal's words.

Between waits for a goal's words in storage (services/goals.py), so a restart between the
tap and the typing loses nothing.
"""

from datetime import UTC, datetime

from telegram import Update

from bot.context import BetweenContext
from bot.goals import keyboards, words
from bot.goals.buttons import GoalChoice, GoalMove
from bot.replies import acknowledge, chat_id_of, query_of, remove_buttons, reply, settle
from bot.words import STALE_BUTTON
from domain.goals import WORDS_LIMIT, WordsProblem
from domain.language import Words
from services import goals
from services.goals import Ask, Goals

ASK_REFUSED = {Ask.FULL: words.FULL, Ask.GONE: words.GONE}


async def goals_command(update: Update, context: BetweenContext) -> None:
    """/goals: the client's goals, with a button to add, rename, archive or erase each."""
    w = context.words
    shown = await goals.goals_of(context.runtime, chat_id_of(update))
    if shown is None:
        await context.doors.not_ready(update, context)
        return
    await reply(update, context, _list(w, shown), keyboards.goals(w, shown))


async def on_goal(update: Update, context: BetweenContext) -> None:
    """A goals button: add, not now, cancel, rename, archive, erase (and confirm or keep)."""
    w = context.words
    press = GoalChoice.pressed(update)
    query = query_of(update)
    match press.move:
        case GoalMove.ADD | GoalMove.RENAME:
            await _ask_for_words(update, context, press.goal_id)
        case GoalMove.NOT_NOW:
            await _not_now(update, context)
        case GoalMove.CANCEL:
            await goals.stop_asking(context.runtime, chat_id_of(update))
            await acknowledge(query)
            await settle(context, query, w._(words.CANCELLED))
        case GoalMove.KEEP:
            await acknowledge(query)
            await settle(context, query, w._(words.KEPT))
        case GoalMove.ARCHIVE:
            await _archive(update, context, press)
        case GoalMove.ERASE:
            await _confirm_erase(update, context, press)
        case GoalMove.ERASE_CONFIRMED:
            await _erase(update, context, press)


async def typed_goal(update: Update, context: BetweenContext, text: str) -> bool:
    """Keep typed text as a goal's words if Between asked for them; False if it did not."""
    w = context.words
    saved = await goals.typed_words(context.runtime, chat_id_of(update), text)
    if saved is None:
        return False
    if saved is WordsProblem.EMPTY:
        await reply(update, context, w._(words.EMPTY), keyboards.words_wanted(w))
    elif saved is WordsProblem.TOO_LONG:
        await reply(update, context, words.too_long(w, WORDS_LIMIT), keyboards.words_wanted(w))
    else:
        done = words.saved(w, saved.goal.words, saved.renamed)
        text = f"{done}\n\n{_list(w, saved.goals)}"
        await reply(update, context, text, keyboards.goals(w, saved.goals))
    return True


async def _ask_for_words(update: Update, context: BetweenContext, goal_id: int | None) -> None:
    w = context.words
    query, runtime, chat_id = query_of(update), context.runtime, chat_id_of(update)
    asked = await goals.ask_for_words(runtime, chat_id, goal_id)
    if asked is not Ask.ASKED:
        await acknowledge(query, w._(ASK_REFUSED[asked]))
        return
    await acknowledge(query)
    goal = await goals.words_of(runtime, chat_id, goal_id) if goal_id else None
    prompt = words.ask_new_name(w, goal.words) if goal else w._(words.ASK_WORDS)
    await reply(update, context, prompt, keyboards.words_wanted(w))


async def _not_now(update: Update, context: BetweenContext) -> None:
    """The offer at set-up declined: its buttons go, the set-up message stays readable."""
    w = context.words
    query = query_of(update)
    await goals.stop_asking(context.runtime, chat_id_of(update))
    await acknowledge(query)
    if await remove_buttons(query):
        await reply(update, context, w._(words.LATER))


async def _archive(update: Update, context: BetweenContext, press: GoalChoice) -> None:
    """No longer asked about. The list's buttons go: renumbered, a second tap on the same
    place would archive another goal."""
    w = context.words
    query = query_of(update)
    assert press.goal_id is not None
    archived = await goals.archive(context.runtime, chat_id_of(update), press.goal_id)
    if archived is None:
        await acknowledge(query, w._(words.GONE))
        return
    await acknowledge(query)
    await settle(context, query, words.archived(w, archived.goal.words))


async def _confirm_erase(update: Update, context: BetweenContext, press: GoalChoice) -> None:
    w = context.words
    query, chat_id = query_of(update), chat_id_of(update)
    assert press.goal_id is not None
    goal = await goals.words_of(context.runtime, chat_id, press.goal_id)
    if goal is None:
        await acknowledge(query, w._(words.GONE))
        return
    await acknowledge(query)
    markup = keyboards.keep_or_erase(w, goal.id, context.runtime.clock.now())
    await reply(update, context, words.confirm_erase(w, goal.words), markup)


async def _erase(update: Update, context: BetweenContext, press: GoalChoice) -> None:
    """Erase, as confirmed just now: an old or forged confirmation changes nothing."""
    w = context.words
    query = query_of(update)
    assert press.goal_id is not None and press.offered_at is not None
    offered_at = datetime.fromtimestamp(press.offered_at, UTC)
    if not await goals.erase(context.runtime, chat_id_of(update), press.goal_id, offered_at):
        await acknowledge(query, w._(STALE_BUTTON))
        return
    await acknowledge(query)
    await settle(context, query, w._(words.ERASED))


def _list(w: Words, shown: Goals) -> str:
    return words.listing(w, [g.words for g in shown.active], [g.words for g in shown.archived])
