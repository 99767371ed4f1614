"""What /help says, the command menu, and the replies to what nobody asked for.
(How words work: `bot/words.py`.)"""

from bot.words import not_monitored
from domain.language import N_, Words

UNKNOWN_COMMAND = N_("I don't know that command. /help lists what I can do.")
USE_BUTTONS = N_("Please tap one of the buttons on the check-in above, or Skip.")


def help_text(w: Words, crisis: str) -> str:
    lines = [f"/{name} — {description}" for name, description in help_commands(w)]
    return "{heading}\n{lines}\n\n{not_monitored}".format(
        heading=w._("<b>What I can do</b>"),
        lines="\n".join(lines),
        not_monitored=not_monitored(w, crisis),
    )


def help_commands(w: Words) -> list[tuple[str, str]]:
    """Each command and what it does, for /help."""
    return [
        ("checkin", w._("answer a check-in now")),
        ("summary", w._("put your answers together, to forward to your therapist if you like")),
        ("settings", w._("see and change your schedule, questions and language")),
        ("session", w._("your next session moved, or not happening")),
        ("goals", w._("your own goals, to see how close you feel to them over time")),
        ("tasks", w._("what you agreed to try before your next session")),
        ("schedule", w._("change your sessions, check-in time or time zone")),
        ("pause", w._("a break from check-ins; /resume to carry on")),
        ("stop", w._("stop all messages")),
        ("export", w._("a copy of everything I have stored about you")),
        ("delete", w._("erase everything I have stored about you")),
        ("start", w._("start again or see where things are")),
        ("help", w._("this message")),
    ]


def menu_commands(w: Words) -> list[tuple[str, str]]:
    """Telegram's command menu: each command with a description of at most 256 characters."""
    return [
        ("checkin", w._("Answer a check-in now")),
        ("summary", w._("A summary to forward to your therapist")),
        ("settings", w._("See and change your settings")),
        ("goals", w._("Your own goals")),
        ("tasks", w._("What you agreed to try before next time")),
        ("session", w._("Next session moved, or not happening")),
        ("schedule", w._("Change your sessions, check-in time or time zone")),
        ("pause", w._("Take a break from check-ins")),
        ("resume", w._("End a break")),
        ("stop", w._("Stop all messages")),
        ("export", w._("A copy of everything stored about you")),
        ("delete", w._("Erase everything stored about you")),
        ("help", w._("What I can do")),
        ("start", w._("Start, or see where things are")),
    ]


def not_expecting_text(w: Words, crisis: str) -> str:
    """The reply to free text outside a note: where a client in distress may well write."""
    return w._(
        "I only keep what you type when I ask for a note. /checkin starts a check-in, and "
        "/help lists everything else.\n\n{not_monitored}",
        not_monitored=not_monitored(w, crisis),
    )
