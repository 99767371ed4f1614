"""What the set-up says: the welcome and consent, each step's question, and the schedule
it ends with; also a therapist's invite. (How words work: `bot/words.py`.)"""

from datetime import date, datetime, time

from bot.words import LEAD_NAMES, esc, not_monitored, when
from config import Settings
from domain.language import N_, Words
from domain.sessions import Lead, Rhythm

AGREE = N_("I agree")
DECLINE = N_("Not now")
DECLINED = N_(
    "That's completely fine. I've kept nothing but your Telegram id, so that I never "
    "message you unasked. If you change your mind, just send /start."
)
CONSENT_CHANGED = N_(
    "<b>Between's note on what is stored has changed.</b> Please read it again below. "
    "Check-ins wait until you have agreed; your answers and settings are all still here."
)
CONSENT_THANKS = N_("Thank you. You can change your mind at any time with /stop.")
CONSENT_OUTDATED = N_("That was an older version of this note. Here is the current one.")
NEEDS_START = N_("We haven't set things up yet. Send /start to begin, whenever you're ready.")
FINISH_SETUP = N_("Let's finish setting up first; it takes a moment.")
STEP_DONE = N_("Already chosen.")
PICK_A_BUTTON = N_("Please pick one of the buttons below.")

CHOOSE_ZONE = N_(
    "First, your time zone, so check-ins arrive at your local time. Pick one below, "
    "or type its name, such as <code>Europe/Berlin</code> or <code>America/Toronto</code>."
)
ZONE_NOT_FOUND = N_(
    "I couldn't find that time zone. Time zones are written as region and city, "
    "for example <code>Europe/Berlin</code>, <code>America/New_York</code> or "
    "<code>Asia/Kolkata</code>. Could you try again, or pick one of the buttons?"
)
CHOOSE_WEEKDAY = N_("Which day of the week would you like your check-in?")
CHOOSE_TIME = N_(
    "And at what time? Pick one below or type a time such as <code>19:30</code>. "
    "It might help to pick a quiet moment, a day or two before your session."
)
TIME_NOT_UNDERSTOOD = N_(
    "I didn't catch that time. Please type it as hours and minutes, like <code>08:30</code> "
    "or <code>19:00</code>, or pick one of the buttons."
)
CHOOSE_RHYTHM = N_(
    "How often are your therapy sessions? I'll send a short check-in before each one."
)
RHYTHM_BUTTONS = {
    Rhythm.WEEKLY: N_("Every week"),
    Rhythm.EVERY_2_WEEKS: N_("Every 2 weeks"),
    Rhythm.EVERY_3_WEEKS: N_("Every 3 weeks"),
    Rhythm.EVERY_4_WEEKS: N_("Every 4 weeks"),
    Rhythm.IRREGULAR: N_("Not regular"),
    Rhythm.CHECKIN_ONLY: N_("I'd rather just pick a check-in time"),
}
CHOOSE_SESSION_WEEKDAY = N_("Which day are your sessions?")
CHOOSE_SESSION_TIME = N_(
    "And at what time do they start? Pick one below or type a time such as <code>10:00</code>."
)
CHOOSE_LEAD = N_("When would you like your check-in before each session?")
LEAD_BUTTONS = {
    Lead.EVENING_BEFORE: N_("The evening before, 19:00"),
    Lead.MORNING_OF: N_("The morning of the session, 08:00"),
    Lead.TWO_DAYS_BEFORE: N_("Two days before, 19:00"),
}
CHOOSE_FIRST_SESSION = N_("Which of these is your next session?")
ASK_NEXT_SESSION = N_(
    "When is your next session? Pick the day, or tap <i>Not known yet</i>: "
    "you can tell me later with /session."
)
NOT_KNOWN_YET = N_("Not known yet")
SESSION_DAY_PROMPT = N_("Which day is the session?")
SESSION_TIME_PROMPT = N_(
    "And at what time? Pick one below or type a time such as <code>16:30</code>."
)
SESSION_IN_THE_PAST = N_("That time has already passed, so nothing changed. /session to try again.")
SESSION_QUESTION = N_("One more thing, if you know it.")

INVITE_NOT_VALID = N_(
    "That invite link isn't valid any more (it may have expired or been used). "
    "That's fine: we can set things up together."
)
INVITE_TOO_MANY = N_("That link didn't work. Please try again in an hour, or just start here.")
INVITE_USE = N_("Use these")
INVITE_KEEP = N_("Keep mine")
INVITE_KEPT = N_("Okay, your own settings stay as they are.")
CONFIRM_YES = N_("That's right")
CONFIRM_CHANGE = N_("Change")
CONFIRM_PROMPT = N_("Are these settings right?")


def welcome(w: Words, crisis: str, settings: Settings) -> str:
    operator = settings.in_language("operator_name", w.language)
    return w._(
        "<b>Hello, and welcome to Between.</b>\n\n"
        "Before each of your therapy sessions (or once a week, if you prefer) I'll send you a "
        "short check-in, about two minutes: how your mood has been, how therapy feels, and "
        "what you'd like to talk about next time. Shortly after a session I'll ask how it "
        "was (you can turn that off). Before a session you can ask me for a summary of your "
        "answers and decide whether to forward it to your therapist.\n\n"
        "<b>What is stored:</b> your Telegram id, your schedule, time zone and language, "
        "and your answers, on the server of {operator}, {kept}.\n"
        "<b>What is encrypted:</b> only what you write in your own words (notes, goals and "
        "tasks). Your mood and therapy "
        "answers and your settings are stored unencrypted. The key is kept on the same "
        "server by {operator}, so whoever runs this bot could read your notes too.\n"
        "<b>Telegram:</b> Telegram carries our chat, and its history (your notes as you "
        "typed them, the summaries I send) stays in Telegram until you delete the chat "
        "there (“Delete chat”). Erasing your data in Between cannot remove it.\n"
        "<b>Who sees it:</b> nobody reads your answers. Your therapist sees only what you "
        "choose to forward.\n"
        "You can pause, stop, or erase everything at any time.\n\n"
        "{not_monitored}\n\n"
        "Is this all right with you?",
        operator=esc(operator)
        if operator
        else w._("the person or organisation who set up this bot"),
        kept=_kept(w, settings.retention_days),
        not_monitored=not_monitored(w, crisis),
    )


def _kept(w: Words, retention_days: int) -> str:
    """How long the answers are kept: until erased, and (RETENTION_DAYS) not past a time
    without use."""
    if not retention_days:
        return w._("until you erase them")
    return w.ngettext(
        "until you erase them, or once you haven't used Between for {days} day "
        "(I'll tell you a week before)",
        "until you erase them, or once you haven't used Between for {days} days "
        "(I'll tell you a week before)",
        retention_days,
        days=w.number(retention_days),
    )


def zone_chosen(w: Words, zone: str) -> str:
    return w._("Time zone: {zone}.", zone=esc(zone))


def weekday_chosen(w: Words, day: int) -> str:
    return w._("Check-in day: {weekday}.", weekday=w.weekday(day))


def time_chosen(w: Words, at: time) -> str:
    return w._("Time: {time}.", time=w.clock(at))


def lead_chosen(w: Words, lead: Lead) -> str:
    return w._("Check-in: {lead}.", lead=w._(LEAD_NAMES[lead]))


def session_day(w: Words, day: date) -> str:
    """A button label for a day: Thu 5 Mar."""
    return w.short_day(day)


def schedule_confirmed(w: Words, first: datetime, zone: str) -> str:
    return w._(
        "<b>You're all set.</b>\n"
        "Your next check-in arrives on {when} ({zone} time).\n\n"
        "If you'd like one right now, send /checkin. /help shows everything else.",
        when=when(w, first, zone),
        zone=esc(zone),
    )


def sessions_all_set(
    w: Words, summary_line: str, first: datetime | None, session: datetime | None, zone: str
) -> str:
    if first is None or session is None:
        coming = w._(
            "Tell me when your next session is with /session, and I'll check in before it."
        )
    else:
        coming = w._(
            "Your next check-in arrives on {when}, before your session on {session}.",
            when=when(w, first, zone),
            session=when(w, session, zone),
        )
    return w._(
        "<b>You're all set.</b>\n{summary}\n{coming}\n\n"
        "If you'd like a check-in right now, send /checkin. /help shows everything else.",
        summary=summary_line,
        coming=coming,
    )


def already_set_up(w: Words, next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return w._("You're already set up. /help shows what I can do.")
    return w._(
        "You're already set up. Your next check-in: {when}.\n/help shows more.",
        when=when(w, next_at, zone),
    )


def session_moved_to(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Thank you. Your next session is on {when}; your check-in comes before it.",
        when=when(w, session, zone),
    )


def invited_by(w: Words, name: str) -> str:
    return w._("<b>{name} invited you to use Between.</b>", name=esc(name))


def invite_suggests(w: Words, name: str, sessions_line: str) -> str:
    return w._(
        "{name} suggested these settings:\n{sessions}\n\nIs that right?",
        name=esc(name),
        sessions=sessions_line,
    )


def invite_for_set_up_client(w: Words, name: str, sessions_line: str) -> str:
    return w._(
        "{invited}\nThe link suggests:\n{sessions}\n\n"
        "You're already set up. Would you like to use these settings instead of yours?",
        invited=invited_by(w, name),
        sessions=sessions_line,
    )
