"""What the goals say: the offer at set-up, /goals, and typing a goal's words.
(How words work: `bot/words.py`.)"""

from bot.words import esc
from domain.language import N_, Words

OFFER = N_(
    "Would you like to name up to three goals of your own? Each check-in would then ask "
    "how close you feel to them. You can add them any time with /goals."
)
ADD_GOAL = N_("Add a goal")
NOT_NOW = N_("Not now")
LATER = N_("Okay. /goals whenever you like.")
ASK_WORDS = N_(
    "What would you like to work towards? Write it in a few words of your own, such as "
    "<i>sleep better</i> or <i>feel calmer at work</i>. Only you see it unless you share it."
)
CANCEL = N_("Cancel")
CANCELLED = N_("Okay, nothing changed.")
NO_GOALS = N_(
    "You haven't named any goals yet. If you'd like, name up to three in your own words, "
    "and each check-in will ask how close you feel to them."
)
FULL = N_("You have three goals already. Archive or erase one to add another.")
GONE = N_("That goal is no longer there.")
KEPT = N_("Okay, your goal is kept.")
ERASED = N_("Erased: the goal and its ratings are gone.")
KEEP_IT = N_("Keep it")
ERASE_IT = N_("Erase it")
EMPTY = N_("I didn't catch any words there. Could you write your goal again?")


def too_long(w: Words, limit: int) -> str:
    return w._(
        "That's a little long for a goal. Could you say it in under {limit} characters?",
        limit=w.number(limit),
    )


def rename(w: Words, index: int) -> str:
    return w._("Rename {number}", number=index + 1)


def archive(w: Words, index: int) -> str:
    return w._("Archive {number}", number=index + 1)


def erase(w: Words, index: int) -> str:
    return w._("Erase {number}", number=index + 1)


def ask_new_name(w: Words, goal: str) -> str:
    return w._(
        "“{goal}”\n\nWhat would you like to call this goal now? Write it below.", goal=esc(goal)
    )


def listing(w: Words, active: list[str], archived: list[str]) -> str:
    lines = [w._("<b>Your goals</b>")]
    lines.extend(f"{number}. {esc(goal)}" for number, goal in enumerate(active, start=1))
    if active:
        lines.append(w._("Each check-in asks how close you feel to each one."))
    else:
        lines.append(w._(NO_GOALS))
    if archived:
        lines.append("\n" + w._("<i>Archived: kept, with their ratings, and not asked about.</i>"))
        first = len(active) + 1
        lines.extend(f"{number}. {esc(goal)}" for number, goal in enumerate(archived, first))
    return "\n".join(lines)


def saved(w: Words, goal: str, renamed: bool) -> str:
    if renamed:
        return w._(
            "Renamed: “{goal}”. I'll ask how close you feel to it at each check-in.",
            goal=esc(goal),
        )
    return w._(
        "Saved: “{goal}”. I'll ask how close you feel to it at each check-in.", goal=esc(goal)
    )


def archived(w: Words, goal: str) -> str:
    return w._(
        "Archived: “{goal}”. It's kept, with its ratings, and no longer asked about. "
        "/goals shows your goals.",
        goal=esc(goal),
    )


def confirm_erase(w: Words, goal: str) -> str:
    return w._(
        "Erase “{goal}” and every rating you gave it? This cannot be undone. "
        "(To stop being asked but keep it, archive it instead.)",
        goal=esc(goal),
    )
