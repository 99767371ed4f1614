"""The tasks' keyboards."""

from telegram import InlineKeyboardMarkup

from bot.tasks import words
from bot.tasks.buttons import TaskChoice, TaskMove
from domain.language import Words
from services.tasks import Tasks


def offer(w: Words) -> tuple[str, InlineKeyboardMarkup]:
    """Did you agree on something to try before next time? Yes, or no, not this time."""
    markup = InlineKeyboardMarkup(
        [
            [
                TaskChoice(TaskMove.YES).button(w._(words.YES)),
                TaskChoice(TaskMove.NOT_NOW).button(w._(words.NOT_THIS_TIME)),
            ]
        ]
    )
    return w._(words.OFFER), markup


def tasks(w: Words, shown: Tasks) -> InlineKeyboardMarkup:
    """ "No longer relevant" for each open task (numbered as in the list), and Add a task
    while there are fewer than three."""
    markup = [
        [TaskChoice(TaskMove.SET_ASIDE, task.id).button(words.set_aside(w, index))]
        for index, task in enumerate(shown.open)
    ]
    if shown.can_add:
        markup.append([TaskChoice(TaskMove.ADD).button(w._(words.ADD_TASK))])
    return InlineKeyboardMarkup(markup)


def words_wanted(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[TaskChoice(TaskMove.CANCEL).button(w._(words.CANCEL))]])
