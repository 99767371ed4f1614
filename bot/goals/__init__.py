"""The client's own goals, up to three, rated at each check-in: /goals, and the offer at
the end of set-up."""

from telegram.ext import CommandHandler

from bot.filters import PRIVATE
from bot.goals import handlers
from bot.goals.buttons import GoalChoice

HANDLERS = [
    CommandHandler("goals", handlers.goals_command, filters=PRIVATE),
    GoalChoice.handler(handlers.on_goal),
]
