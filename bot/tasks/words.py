"""What the tasks say: the offer, /tasks, and typing a task's words.
(How words work: `bot/words.py`.)"""

from bot.words import esc
from domain.language import N_, Words

OFFER = N_("Did you agree on something to try before next time?")
YES = N_("Yes")
NOT_THIS_TIME = N_("No, not this time")
LATER = N_("Okay. If something comes up, /tasks is there whenever you like.")
ADD_TASK = N_("Add a task")
ASK_WORDS = N_(
    "Did you agree on something to try before next time? Type it in your own words, such "
    "as <i>go for a walk when I feel low</i>. Only you see it unless you share it."
)
TYPE_IT = N_(
    "Type it below in your own words, such as <i>go for a walk when I feel low</i>. Only "
    "you see it unless you share it."
)
CANCEL = N_("Cancel")
CANCELLED = N_("Okay, nothing changed.")
WAITING = N_("Type it below whenever you're ready.")
FULL = N_(
    "You have three tasks open, the most at once. Mark one as no longer relevant to add another."
)
GONE = N_("That task is no longer open.")
EMPTY = N_("I didn't catch any words there. Could you write the task again?")
NO_TASKS = N_(
    "Nothing here yet. When you and your therapist agree on something to try before next "
    "time, add it in your own words, and your next check-in will ask how it went."
)


def too_long(w: Words, limit: int) -> str:
    return w._(
        "That's a little long for a task. Could you say it in under {limit} characters?",
        limit=w.number(limit),
    )


def set_aside(w: Words, index: int) -> str:
    return w._("{number}. No longer relevant", number=index + 1)


def listing(w: Words, open_tasks: list[str]) -> str:
    lines = [w._("<b>What you're trying before next time</b>")]
    lines.extend(f"{number}. {esc(task)}" for number, task in enumerate(open_tasks, start=1))
    if open_tasks:
        lines.append(w._("Each check-in asks how it went, until you've tried it."))
    else:
        lines.append(w._(NO_TASKS))
    return "\n".join(lines)


def saved(w: Words, task: str) -> str:
    return w._("Saved: “{task}”. Your next check-in will ask how it went.", task=esc(task))


def set_aside_done(w: Words, task: str) -> str:
    return w._(
        "Okay: “{task}” is no longer relevant, and won't be asked about again. /tasks shows "
        "the others.",
        task=esc(task),
    )
