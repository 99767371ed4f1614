"""The client's controls: /settings, /schedule, /pause, /resume, /stop and /delete."""

from telegram.ext import CommandHandler

from bot.controls import ending, handlers
from bot.controls.buttons import DataChoice, EndingChoice, PauseChoice, SettingChoice
from bot.filters import PRIVATE

HANDLERS = [
    CommandHandler("settings", handlers.settings_command, filters=PRIVATE),
    CommandHandler("schedule", handlers.schedule_command, filters=PRIVATE),
    CommandHandler("pause", handlers.pause_command, filters=PRIVATE),
    CommandHandler("resume", handlers.resume_command, filters=PRIVATE),
    CommandHandler("stop", handlers.stop_command, filters=PRIVATE),
    CommandHandler("delete", handlers.delete_command, filters=PRIVATE),
    PauseChoice.handler(handlers.on_pause),
    SettingChoice.handler(handlers.on_setting),
    DataChoice.handler(handlers.on_data_choice),
    EndingChoice.handler(ending.on_ending),
]
