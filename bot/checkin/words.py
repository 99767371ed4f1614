"""What a check-in says: its questions' frame, the notices for a press that changed nothing,
delays and skips, the note, and the private nudge. (How words work: `bot/words.py`.)"""

from datetime import datetime

from bot.words import esc, when
from domain.language import N_, Words
from domain.nudge import NudgeReason

CHECKIN_CLOSED = N_("This check-in has closed. Thank you.")
CONSENT_FIRST = N_("The consent text has changed. Please read it again with /start first.")
CHECKIN_MOVED = N_("This check-in continues in a newer message below.")
ALREADY_ANSWERED = N_("That one is already answered.")
SKIP = N_("Skip")
NOTE_SAVED = N_("Thank you, your note is saved.")
IN_THE_WAY_SAVED = N_("Thank you, that's noted.")
REMINDER = N_("<i>A gentle reminder, in case this check-in got buried. Whenever suits you.</i>")
CHECKIN_EXPIRED = N_("This check-in has closed. Whatever you answered is kept. Thank you.")
LATER = N_("Later")
SKIP_WEEK = N_("Skip this week")
SKIP_THIS_TIME = N_("Skip this time")
HOW_WAS_TODAY = N_("How was today's session?")
HOW_WAS_YESTERDAY = N_("How was yesterday's session?")
RATING_FINISHED = N_(
    "<b>Thank you.</b> Your answers are kept here for you. Your therapist sees them only "
    "in a summary you choose to send."
)
RATING_SKIPPED = N_(
    "Okay, skipped. The check-in before your next session will ask about it instead."
)
IN_ONE_HOUR = N_("In 1 hour")
IN_THREE_HOURS = N_("In 3 hours")
TOMORROW = N_("Tomorrow")
BACK = N_("Back")
LATER_QUESTION = N_("When would suit you better?")

# The nudge's opening says why it came, and nothing more (domain/nudge.py).
NUDGE_OPENINGS = {
    NudgeReason.LOW: N_(
        "Thank you for your answers about therapy. At least one of them this time says "
        "something in therapy isn't feeling right for you."
    ),
    NudgeReason.DROP: N_(
        "Thank you for your answers about therapy. This time they are clearly lower than "
        "your answers usually are."
    ),
    NudgeReason.SKIPPED: N_(
        "Thank you for your answers about therapy. This time you left out some statements "
        "you usually answer. That's completely fine; some are hard to answer."
    ),
}
ALLIANCE_NUDGE = N_(
    "If therapy doesn't feel quite right, it can really help to say so in your next "
    "session; many therapists welcome hearing it. Whether and how you bring it up is "
    "entirely up to you, and nothing about this goes in your summary unless you add it. "
    "If therapy still doesn't feel right, it is your choice whether to carry on.\n\n"
    "Would you like me to add a line about it to your next summary?"
)
NUDGE_ADD = N_("Add a line to my next summary")
NUDGE_NO = N_("No, thanks")
NUDGE_ADDED = N_(
    "Done. Your next summary will include: “I'd like to talk about how our work together "
    "is going.” You'll see it in the preview and can leave it out."
)
NUDGE_DECLINED = N_("Okay. Nothing about this goes in your summary.")


def alliance_nudge(w: Words, reason: NudgeReason) -> str:
    return f"{w._(NUDGE_OPENINGS[reason])}\n\n{w._(ALLIANCE_NUDGE)}"


def heading(w: Words, position: int, total: int, rating: bool = False) -> str:
    if rating:
        return w._(
            "<i>After your session · {position} of {total}</i>",
            position=w.number(position + 1),
            total=w.number(total),
        )
    return w._(
        "<i>Check-in · {position} of {total}</i>",
        position=w.number(position + 1),
        total=w.number(total),
    )


def scale_hint(min_value: int, min_label: str, max_value: int, max_label: str) -> str:
    return f"{min_value} = {esc(min_label)} · {max_value} = {esc(max_label)}"


def safety_line(w: Words, crisis: str) -> str:
    """After a note or the lowest mood, where distress is most likely written: nobody is
    reading, so where help is."""
    return w._(
        "Nobody reads your answers or notes here unless you choose to share them. {crisis}",
        crisis=crisis,
    )


def gentle_crisis(w: Words, crisis: str) -> str:
    return "{hard} {safety}".format(
        hard=w._(
            "It sounds like this week has been really hard. You don't have to carry it alone."
        ),
        safety=safety_line(w, crisis),
    )


def finished(w: Words, next_at: datetime | None, zone: str | None) -> str:
    base = w._("<b>Thank you.</b> That's everything for this check-in.")
    if next_at is None or zone is None:
        return base
    return "{base}\n{next}".format(
        base=base, next=w._("Your next check-in: {when}.", when=when(w, next_at, zone))
    )


def note_truncated(w: Words, limit: int) -> str:
    return w._(
        "Thank you, your note is saved. It was longer than {limit} characters, so I kept "
        "the first {limit}.",
        limit=w.number(limit),
    )


def snoozed(w: Words, back_at: datetime, zone: str | None) -> str:
    moment = when(w, back_at, zone) if zone else f"{w.clock(back_at)} UTC"
    return w._("Of course. I'll bring this check-in back on {when}.", when=moment)


def week_skipped(w: Words, next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return w._("Okay, no check-in this week.")
    return w._(
        "Okay, no check-in this week. The next one comes on {when}.",
        when=when(w, next_at, zone),
    )


def goal_in_checkin(goal: str) -> str:
    return f"<i>{esc(goal)}</i>"


def task_in_checkin(w: Words, task: str, before_session: bool) -> str:
    """A task agreed between sessions, in the client's words, quoted as their language
    quotes, under what it is."""
    if before_session:
        return w._("Before this session you planned:\n“{task}”", task=esc(task))
    return w._("You planned to try:\n“{task}”", task=esc(task))
