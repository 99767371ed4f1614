"""The goals' keyboards."""

from datetime import datetime

from telegram import InlineKeyboardMarkup

from bot.buttons import rows
from bot.goals import words
from bot.goals.buttons import GoalChoice, GoalMove
from domain.language import Words
from services.goals import Goals


def offer(w: Words) -> tuple[str, InlineKeyboardMarkup]:
    """At the end of set-up: name some goals now, or not."""
    markup = InlineKeyboardMarkup(
        [
            [
                GoalChoice(GoalMove.ADD).button(w._(words.ADD_GOAL)),
                GoalChoice(GoalMove.NOT_NOW).button(w._(words.NOT_NOW)),
            ]
        ]
    )
    return w._(words.OFFER), markup


def goals(w: Words, shown: Goals) -> InlineKeyboardMarkup:
    """Rename, Archive and Erase for each active goal, Erase for each archived one (numbered
    as in the list), and Add a goal while there are fewer than three."""
    markup = [
        [
            GoalChoice(GoalMove.RENAME, goal.id).button(words.rename(w, index)),
            GoalChoice(GoalMove.ARCHIVE, goal.id).button(words.archive(w, index)),
            GoalChoice(GoalMove.ERASE, goal.id).button(words.erase(w, index)),
        ]
        for index, goal in enumerate(shown.active)
    ]
    erase_archived = [
        GoalChoice(GoalMove.ERASE, goal.id).button(words.erase(w, index))
        for index, goal in enumerate(shown.archived, start=len(shown.active))
    ]
    markup.extend(rows(erase_archived, 3))
    if shown.can_add:
        markup.append([GoalChoice(GoalMove.ADD).button(w._(words.ADD_GOAL))])
    return InlineKeyboardMarkup(markup)


def words_wanted(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[GoalChoice(GoalMove.CANCEL).button(w._(words.CANCEL))]])


def keep_or_erase(w: Words, goal_id: int, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase one goal, asked `now`: the Erase button expires (services.goals)."""
    return InlineKeyboardMarkup(
        [
            [
                GoalChoice(GoalMove.KEEP).button(w._(words.KEEP_IT)),
                GoalChoice.erase_confirmed(goal_id, now).button(w._(words.ERASE_IT)),
            ]
        ]
    )
