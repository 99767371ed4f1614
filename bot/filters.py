"""The updates Between answers: messages in a client's private chat with it."""

from telegram.ext import filters

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
