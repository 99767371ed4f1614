"""What the controls say: /settings, a break, a stop, and erasing everything.
(How words work: `bot/words.py`.)"""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.words import when
from domain.language import N_, Words
from services.controls import PauseLength

CHOOSE_PAUSE = N_("How long a break would you like? Nothing at all will be sent during it.")
PAUSE_LENGTHS = {
    PauseLength.ONE_WEEK: N_("1 week"),
    PauseLength.TWO_WEEKS: N_("2 weeks"),
    PauseLength.ONE_MONTH: N_("1 month"),
    PauseLength.UNTIL_RESUMED: N_("Until I resume"),
}
NOT_PAUSED = N_("You're not on a break, so there is nothing to resume. /pause starts one.")
STOPPED = N_(
    "Done: I won't send you anything more. "
    "Would you like me to keep your answers, or erase everything?"
)
KEEP_DATA = N_("Keep my answers")
ERASE_DATA = N_("Erase everything")
KEPT = N_("Your answers are kept. Send /start whenever you'd like to begin again.")
CONFIRM_ERASE = N_(
    "This permanently erases everything I have stored about you: your settings, consent "
    "record, check-ins, answers, notes, goals and tasks. It cannot be undone.\n\n"
    "Our chat history is not mine to erase: it stays in Telegram until you delete this "
    "chat there (“Delete chat”).\n\n"
    "Erase everything?"
)
ERASED = N_(
    "Everything is erased. Nothing Between stored about you is kept, not even your "
    "Telegram id. The messages in this chat stay in Telegram until you delete the chat "
    "there (“Delete chat”). "
    "If you ever want to come back, send /start."
)
NOT_ACTIVE = N_("There's nothing running to stop. /start begins whenever you're ready.")

CHANGE_DAY = N_("Change day")
CHANGE_TIME = N_("Change time")
CHANGE_ZONE = N_("Change time zone")
CHANGE_RHYTHM = N_("Change sessions")
CHANGE_LEAD = N_("Change when check-ins come")
CHANGE_LANGUAGE = N_("Change language")
PAUSE = N_("Pause")
RESUME = N_("Resume")
STOP = N_("Stop all messages")
PHQ4_ON = N_("Add PHQ-4")
PHQ4_OFF = N_("Remove PHQ-4")
OFFERS_ON = N_("Offer a summary before sessions")
OFFERS_OFF = N_("Stop offering summaries")
RATING_ON = N_("Ask me after each session")
RATING_OFF = N_("No question after sessions")
SCHEDULE_WHICH = N_("What would you like to change?")
ENDING = N_("My therapy is ending")
WHOLE_THERAPY = N_("Summary of my whole therapy")

# An end of therapy (bot/controls/ending.py).
ENDING_CONFIRM = N_(
    "Your therapy is ending. However it went, that is a real step.\n\n"
    "Would you like a summary of your whole therapy?"
)
ENDING_YES = N_("Yes, please")
ENDING_NO = N_("No, thanks")
ENDING_CANCEL = N_("It isn't ending")
NOT_ENDING = N_("Nothing has changed: your check-ins carry on as before.")
ENDED = N_("Your therapy has ended here. Thank you for letting Between be part of it.")
WHOLE_EMPTY = N_("There are no answers from this therapy to sum up, and that's fine.")
ASK_ENDING_NOTE = N_(
    "Is there anything you'd like to keep from this: what helped, or what you'll watch for? "
    "Just type it. It stays private, and it goes at the end of your whole-therapy summary."
)
SKIP_NOTE = N_("Skip")
NOTE_SKIPPED = N_("No note. That's fine.")
NOTE_KEPT = N_("Kept. It will be at the end of your whole-therapy summary (/settings).")
NOTE_EMPTY = N_("There was nothing in that message to keep. Try again, or tap Skip.")
WHAT_NOW = N_(
    "What would you like from Between now?\n\n"
    "You can keep checking in on your own: a short check-in each week, with no questions "
    "about sessions. Or pause for a while, or stop and erase everything."
)
KEEP_CHECKING_IN = N_("Keep checking in on my own")
PAUSE_NOW = N_("Pause for now")
STOP_AND_ERASE = N_("Stop and erase everything")
KEEP_CHOSEN = N_("Keep checking in on my own.")
PAUSE_CHOSEN = N_("Pause for now.")
ERASE_CHOSEN = N_("Stop and erase everything.")
SESSIONS_STOPPED = N_(
    "If your sessions have stopped because your therapy is ending, I can help you close "
    "it: a summary of your whole therapy, and a choice of what comes next."
)


def paused(w: Words, until: datetime | None, zone: str | None) -> str:
    if until is None or zone is None:
        return w._("You're on a break. Nothing will be sent until you send /resume.")
    return w._(
        "You're on a break until {when}. Nothing will be sent until then; /resume ends it sooner.",
        when=when(w, until, zone),
    )


def welcome_back(w: Words, next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return w._("Welcome back.")
    return w._("Welcome back. Your next check-in comes on {when}.", when=when(w, next_at, zone))


def erasure_warning(
    w: Words, last_active_at: datetime, erased_on: datetime, zone: str | None
) -> str:
    """The one message before the retention limit erases a client who stopped using Between."""
    local = ZoneInfo(zone or "UTC")
    return w._(
        "You haven't used Between since {since}, so everything I've stored about you will "
        "be erased on {day}. If you'd like to keep it, just send /start or any other "
        "command before then.",
        since=w.long_date(last_active_at.astimezone(local)),
        day=w.long_date(erased_on.astimezone(local)),
    )


def settings_summary(
    w: Words,
    *,
    schedule_line: str,
    zone: str,
    next_at: datetime | None,
    paused_state: str | None,
    phq4: bool,
    phq4_offered: bool,
    summary_offers: bool | None,
    rating: bool | None = None,
) -> str:
    if paused_state is not None:
        status = paused_state
    elif next_at is not None:
        status = w._("Next check-in: {when}.", when=when(w, next_at, zone))
    else:
        status = ""
    if not phq4_offered:
        phq4_line = w._(
            "PHQ-4 (four short questions on anxiety and low mood): not available in your "
            "language. It may only be asked in its published wording, and Between does not "
            "include an official translation into your language."
        )
    elif phq4:
        phq4_line = w._(
            "PHQ-4 (four short questions on anxiety and low mood): included in each check-in."
        )
    else:
        phq4_line = w._("PHQ-4 (four short questions on anxiety and low mood): not included.")
    lines = [w._("<b>Your settings</b>"), schedule_line, status, phq4_line]
    if summary_offers is not None:
        lines.append(
            w._("Before each session I offer to prepare a summary.")
            if summary_offers
            else w._("I don't offer a summary before sessions; /summary whenever you like.")
        )
    if rating is not None:
        lines.append(
            w._("Shortly after each session I ask how it was.")
            if rating
            else w._("I don't ask after sessions; the check-in before each session asks instead.")
        )
    lines.append(w._("Language: {language}.", language=w.language.autonym))
    return "\n".join(lines)


def note_too_long(w: Words, limit: int) -> str:
    return w._(
        "That's a little long to keep: up to {limit} characters, please. Try again, or tap Skip.",
        limit=limit,
    )


def checking_in_on_your_own(w: Words, next_at: datetime | None, zone: str) -> str:
    if next_at is None:
        return w._("You'll get a short check-in each week, with no questions about sessions.")
    return w._(
        "You'll get a short check-in each week, with no questions about sessions. The next "
        "one comes on {when}.",
        when=when(w, next_at, zone),
    )
