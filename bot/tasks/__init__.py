"""Tasks agreed between sessions, up to three open, asked about at each check-in: /tasks,
and the offer "Did you agree on something to try before next time?" (`tasks_offer`, for
other conversations through `Doors`)."""

from telegram.ext import CommandHandler

from bot.filters import PRIVATE
from bot.tasks import handlers
from bot.tasks.buttons import TaskChoice

HANDLERS = [
    CommandHandler("tasks", handlers.tasks_command, filters=PRIVATE),
    TaskChoice.handler(handlers.on_task),
]
