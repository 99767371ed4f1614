"""Every word the client reads, in one place, so tone can be reviewed and translated.

Messages use Telegram's HTML; anything not written here (names, settings) goes through `esc`.
"""

from datetime import date, datetime, time
from html import escape as esc
from zoneinfo import ZoneInfo

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def not_monitored(crisis_text: str) -> str:
    return (
        "Between is not monitored by anyone and is not a crisis service; it doesn't replace "
        f"your therapist or emergency help. {esc(crisis_text)}"
    )


def welcome(crisis_text: str, operator_name: str) -> str:
    operator = esc(operator_name) or "the person or organisation who set up this bot"
    return (
        "<b>Hello, and welcome to Between.</b>\n\n"
        "Before each of your therapy sessions (or once a week, if you prefer) I'll send you a "
        "short check-in, about two minutes: how your mood has been, and how therapy feels. "
        "Before a session you can ask me for a summary of your answers and decide whether to "
        "forward it to your therapist.\n\n"
        "<b>What is stored:</b> your Telegram id, your schedule and time zone, and your "
        f"answers, on the server of {operator}, until you erase them. Notes you write are "
        "encrypted there; the rest is not. Telegram carries our chat.\n"
        "<b>Who sees it:</b> nobody reads your answers. Your therapist sees only what you "
        "choose to forward.\n"
        "You can pause, stop, or erase everything at any time.\n\n"
        f"{not_monitored(crisis_text)}\n\n"
        "Is this all right with you?"
    )


AGREE = "I agree"
DECLINE = "Not now"

DECLINED = (
    "That's completely fine. I've kept nothing but your Telegram id, so that I never "
    "message you unasked. If you change your mind, just send /start."
)
CONSENT_CHANGED = (
    "<b>Between's note on what is stored has changed.</b> Please read it again below. "
    "Check-ins wait until you have agreed; your answers and settings are all still here."
)
CONSENT_THANKS = "Thank you. You can change your mind at any time with /stop."
CONSENT_OUTDATED = "That was an older version of this note. Here is the current one."

CHOOSE_ZONE = (
    "First, your time zone, so check-ins arrive at your local time. Pick one below, "
    "or type its name, such as <code>Europe/Berlin</code> or <code>America/Toronto</code>."
)
ZONE_NOT_FOUND = (
    "I couldn't find that time zone. Time zones are written as region and city, "
    "for example <code>Europe/Berlin</code>, <code>America/New_York</code> or "
    "<code>Asia/Kolkata</code>. Could you try again, or pick one of the buttons?"
)
CHOOSE_WEEKDAY = "Which day of the week would you like your check-in?"
CHOOSE_TIME = (
    "And at what time? Pick one below or type a time such as <code>19:30</code>. "
    "It might help to pick a quiet moment, a day or two before your session."
)
TIME_NOT_UNDERSTOOD = (
    "I didn't catch that time. Please type it as hours and minutes, like <code>08:30</code> "
    "or <code>19:00</code>, or pick one of the buttons."
)


def zone_chosen(zone: str) -> str:
    return f"Time zone: {esc(zone)}."


def weekday_chosen(day: int) -> str:
    return f"Check-in day: {WEEKDAYS[day]}."


def when(moment: datetime, zone: str) -> str:
    """A date and local time the way a person says it: Monday 7 December at 09:00."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{WEEKDAYS[local.weekday()]} {local.day} {local:%B} at {local:%H:%M}"


def schedule_confirmed(first: datetime, zone: str) -> str:
    return (
        "<b>You're all set.</b>\n"
        f"Your next check-in arrives on {when(first, zone)} ({esc(zone)} time).\n\n"
        "If you'd like one right now, send /checkin. /help shows everything else."
    )


def help_text(crisis_text: str) -> str:
    return (
        "<b>What I can do</b>\n"
        "/checkin — answer a check-in now\n"
        "/summary — put your answers together, to forward to your therapist if you like\n"
        "/settings — see and change your schedule and questions\n"
        "/session — your next session moved, or not happening\n"
        f"{GOALS_HELP}\n"
        "/schedule — change your sessions, check-in time or time zone\n"
        "/pause — a break from check-ins; /resume to carry on\n"
        "/stop — stop all messages\n"
        "/export — a copy of everything I have stored about you\n"
        "/delete — erase everything I have stored about you\n"
        "/start — start again or see where things are\n"
        "/help — this message\n\n"
        f"{not_monitored(crisis_text)}"
    )


def already_set_up(next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return "You're already set up. /help shows what I can do."
    return f"You're already set up. Your next check-in: {when(next_at, zone)}.\n/help shows more."


NEEDS_START = "We haven't set things up yet. Send /start to begin, whenever you're ready."
FINISH_SETUP = "Let's finish setting up first; it takes a moment."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."


def not_expecting_text(crisis_text: str) -> str:
    """The reply to free text outside a note: where a client in distress may well write."""
    return (
        "I only keep what you type when I ask for a note. /checkin starts a check-in, and "
        f"/help lists everything else.\n\n{not_monitored(crisis_text)}"
    )


USE_BUTTONS = "Please tap one of the buttons on the check-in above, or Skip."

# Short notices for a button that is no longer active (shown as a small pop-up).
STALE_BUTTON = "This button is no longer active."
CHECKIN_CLOSED = "This check-in has closed. Thank you."
CONSENT_FIRST = "The consent text has changed. Please read it again with /start first."
CHECKIN_MOVED = "This check-in continues in a newer message below."
ALREADY_ANSWERED = "That one is already answered."
STEP_DONE = "Already chosen."

SKIP = "Skip"


def checkin_heading(position: int, total: int) -> str:
    return f"<i>Check-in · {position + 1} of {total}</i>"


def scale_hint(min_value: int, min_label: str, max_value: int, max_label: str) -> str:
    return f"{min_value} = {esc(min_label)} · {max_value} = {esc(max_label)}"


def gentle_crisis(crisis_text: str) -> str:
    return (
        "It sounds like this week has been really hard. You don't have to carry it alone. "
        f"Nobody sees this answer right now. {esc(crisis_text)}"
    )


def checkin_finished(next_at: datetime | None, zone: str | None) -> str:
    base = "<b>Thank you.</b> That's everything for this check-in."
    if next_at is None or zone is None:
        return base
    return f"{base}\nYour next check-in: {when(next_at, zone)}."


NOTE_SAVED = "Thank you, your note is saved."


def note_truncated(limit: int) -> str:
    return (
        f"Thank you, your note is saved. It was longer than {limit:,} characters, so I kept "
        f"the first {limit:,}."
    )


SOMETHING_WENT_WRONG = (
    "Something went wrong on my side. Everything you've answered so far is saved. "
    "Please try again in a moment."
)

# Reminders, snooze, skip, expiry.
REMINDER = "<i>A gentle reminder, in case this week's check-in got buried. Whenever suits you.</i>"
CHECKIN_EXPIRED = "This check-in has closed. Whatever you answered is kept. Thank you."
LATER = "Later"
SKIP_WEEK = "Skip this week"
IN_ONE_HOUR = "In 1 hour"
IN_THREE_HOURS = "In 3 hours"
TOMORROW = "Tomorrow"
BACK = "Back"
LATER_QUESTION = "When would suit you better?"


def snoozed(back_at: datetime, zone: str | None) -> str:
    moment = when(back_at, zone) if zone else f"{back_at:%H:%M} UTC"
    return f"Of course. I'll bring this check-in back on {moment}."


def week_skipped(next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return "Okay, no check-in this week."
    return f"Okay, no check-in this week. The next one comes on {when(next_at, zone)}."


# Pause, resume, stop, erase.
CHOOSE_PAUSE = "How long a break would you like? Nothing at all will be sent during it."
PAUSE_1W = "1 week"
PAUSE_2W = "2 weeks"
PAUSE_1M = "1 month"
PAUSE_OPEN = "Until I resume"
NOT_PAUSED = "You're not on a break, so there is nothing to resume. /pause starts one."


def paused(until: datetime | None, zone: str | None) -> str:
    if until is None or zone is None:
        return "You're on a break. Nothing will be sent until you send /resume."
    return (
        f"You're on a break until {when(until, zone)}. Nothing will be sent until then; "
        "/resume ends it sooner."
    )


def welcome_back(next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return "Welcome back."
    return f"Welcome back. Your next check-in comes on {when(next_at, zone)}."


STOPPED = (
    "Done: I won't send you anything more. "
    "Would you like me to keep your answers, or erase everything?"
)
KEEP_DATA = "Keep my answers"
ERASE_DATA = "Erase everything"
KEPT = "Your answers are kept. Send /start whenever you'd like to begin again."
CONFIRM_ERASE = (
    "This permanently erases everything I have stored about you: your settings, consent "
    "record, check-ins, answers and notes. It cannot be undone. Erase everything?"
)
ERASED = (
    "Everything is erased. I've kept nothing about you, not even your Telegram id. "
    "If you ever want to come back, send /start."
)
NOTHING_STORED = "I have nothing stored about you."
NOT_ACTIVE = "There's nothing running to stop. /start begins whenever you're ready."

# Settings and schedule changes.
CHANGE_DAY = "Change day"
CHANGE_TIME = "Change time"
CHANGE_ZONE = "Change time zone"
CHANGE_RHYTHM = "Change sessions"
CHANGE_LEAD = "Change check-in lead"
PAUSE = "Pause"
RESUME = "Resume"
STOP = "Stop all messages"
PHQ4_ON = "Add PHQ-4"
PHQ4_OFF = "Remove PHQ-4"
SCHEDULE_WHICH = "What would you like to change?"


def checkins_at(weekday: int, at: time, zone: str) -> str:
    return f"Check-ins: {WEEKDAYS[weekday]}s at {at:%H:%M}, {esc(zone)} time."


def settings_summary(
    *,
    schedule_line: str,
    zone: str,
    next_at: datetime | None,
    paused_state: str | None,
    phq4: bool,
) -> str:
    if paused_state is not None:
        status = paused_state
    elif next_at is not None:
        status = f"Next check-in: {when(next_at, zone)}."
    else:
        status = ""
    phq4_line = "PHQ-4 (four short questions on anxiety and low mood): " + (
        "included in each check-in." if phq4 else "not included."
    )
    return f"<b>Your settings</b>\n{schedule_line}\n{status}\n{phq4_line}"


def time_chosen(at: time) -> str:
    return f"Time: {at:%H:%M}."


# The private alliance nudge.
ALLIANCE_NUDGE = (
    "Thank you for your answers about therapy. This week they are a little lower than "
    "usual.\n\n"
    "When therapy doesn't feel quite right, it can really help to say so in your next "
    "session; many therapists welcome hearing it. Whether and how you bring it up is "
    "entirely up to you, and nothing about this goes in your summary unless you add it. "
    "If therapy still doesn't feel right, it is your choice whether to carry on.\n\n"
    "Would you like me to add a line about it to your next summary?"
)
NUDGE_ADD = "Add a line to my next summary"
NUDGE_NO = "No, thanks"
NUDGE_ADDED = (
    "Done. Your next summary will include: “I'd like to talk about how our work together is "
    "going.” You'll see it in the preview and can leave it out."
)
NUDGE_DECLINED = "Okay. Nothing about this goes in your summary."

# The summary.
NO_SUMMARY_YET = (
    "There's nothing to summarise yet. After your first check-in, /summary will put your "
    "answers together for you to read, and to forward to your therapist if you'd like to."
)
CHOOSE_PERIOD = "Which period should the summary cover?"
PERIOD_LABELS = {
    "last": "Since my last summary",
    "4w": "Last 4 weeks",
    "12w": "Last 12 weeks",
}
SECTION_LABELS = {
    "mood": "Mood",
    "alliance": "How therapy feels",
    "notes": "Notes",
    "phq4": "PHQ-4",
    "line": "“Talk about how our work is going”",
}
ALSO_PDF = "Also as PDF"
PDF_FILENAME = "my-check-ins-{end:%Y-%m-%d}.pdf"
PREVIEW_LEAD = (
    "<i>Preview: nothing has been sent. Tap a section to leave it in or out, then Send. "
    "It arrives here in this chat, with a chart (and a PDF if you tick it), for you to "
    "forward.</i>"
)
NO_CHECKINS_IN_PERIOD = "There are no answered check-ins in this period. Try a longer one?"
SEND = "Send"
CANCEL = "Cancel"
CHANGE_PERIOD = "Change period"
CHOOSE_A_SECTION = "Choose at least one section first."
SUMMARY_SENT = (
    "Your summary is below. To share it, press and hold it (or right-click) and choose "
    "Forward, then pick your therapist. Nothing is shared unless you forward it."
)
SUMMARY_ALREADY_SENT = "Already sent: it's just below, ready to forward."
SUMMARY_CANCELLED = "Okay, nothing was sent."
PREVIEW_OUTDATED = "This preview is out of date. Send /summary for a fresh one."

# Export.
EXPORT_READY = (
    "Here is everything I have stored about you: all of it as JSON, and your answers as a "
    "spreadsheet (CSV). Notes are included as you wrote them."
)


# Sessions: the rhythm, the lead, moves and cancellations, and the summary offer.
CHOOSE_RHYTHM = "How often are your therapy sessions? I'll send a short check-in before each one."
RHYTHM_WEEKLY = "Every week"
RHYTHM_2W = "Every 2 weeks"
RHYTHM_3W = "Every 3 weeks"
RHYTHM_4W = "Every 4 weeks"
RHYTHM_IRREGULAR = "Not regular"
RHYTHM_CHECKIN = "I'd rather just pick a check-in time"
RHYTHM_NAMES = {
    "weekly": "every week",
    "2w": "every 2 weeks",
    "3w": "every 3 weeks",
    "4w": "every 4 weeks",
    "irregular": "not regular",
}
CHOOSE_SESSION_WEEKDAY = "Which day are your sessions?"
CHOOSE_SESSION_TIME = (
    "And at what time do they start? Pick one below or type a time such as <code>10:00</code>."
)
CHOOSE_LEAD = "When would you like your check-in before each session?"
LEAD_EVENING = "The evening before, 19:00"
LEAD_MORNING = "The morning of the session, 08:00"
LEAD_TWO_DAYS = "Two days before, 19:00"
LEAD_NAMES = {
    "evening": "the evening before, at 19:00",
    "morning": "the morning of the session, at 08:00 (the evening before for early sessions)",
    "2days": "two days before, at 19:00",
}
CHOOSE_FIRST_SESSION = "Which of these is your next session?"
ASK_NEXT_SESSION = (
    "When is your next session? Pick the day, or tap <i>Not known yet</i>: "
    "you can tell me later with /session."
)
NOT_KNOWN_YET = "Not known yet"
SESSION_DAY_PROMPT = "Which day is the session?"
SESSION_TIME_PROMPT = "And at what time? Pick one below or type a time such as <code>16:30</code>."
SESSION_IN_THE_PAST = "That time has already passed, so nothing changed. /session to try again."
SESSION_MOVED = "Moved to another time"
SESSION_CANCELLED = "No session this time"
SESSION_NEXT = "Next session on…"
NO_SESSIONS = (
    "You chose a check-in time rather than sessions. If you'd like check-ins before your "
    "sessions, /schedule changes that."
)
NO_SESSION_KNOWN = "I don't know when your next session is yet."
SUMMARY_OFFER_YES = "Prepare a summary"
SUMMARY_OFFER_NO = "Not now"
SUMMARY_OFFER_DECLINED = "Okay. /summary whenever you like."
SESSION_QUESTION = "One more thing, if you know it."
PICK_A_BUTTON = "Please pick one of the buttons below."


def rhythm_chosen(rhythm: str) -> str:
    if rhythm == "checkin":
        return "Check-ins at a time you pick."
    return f"Sessions: {RHYTHM_NAMES[rhythm]}."


def lead_chosen(lead: str) -> str:
    return f"Check-in: {LEAD_NAMES[lead]}."


def session_day(day: date) -> str:
    """A button label for a day: Thu 5 Mar."""
    return f"{WEEKDAY_SHORT[day.weekday()]} {day.day} {day:%b}"


def sessions_confirmed(
    rhythm: str, weekday: int | None, at: time | None, lead: str, zone: str
) -> str:
    pattern = RHYTHM_NAMES[rhythm]
    if weekday is not None and at is not None:
        pattern = f"{pattern}, on {WEEKDAYS[weekday]} at {at:%H:%M}"
    return f"Your sessions: {pattern} ({esc(zone)} time).\nYour check-in: {LEAD_NAMES[lead]}."


def sessions_all_set(
    summary_line: str, first: datetime | None, session: datetime | None, zone: str
) -> str:
    if first is None or session is None:
        coming = "Tell me when your next session is with /session, and I'll check in before it."
    else:
        coming = (
            f"Your next check-in arrives on {when(first, zone)}, "
            f"before your session on {when(session, zone)}."
        )
    return (
        f"<b>You're all set.</b>\n{summary_line}\n{coming}\n\n"
        "If you'd like a check-in right now, send /checkin. /help shows everything else."
    )


def session_menu(session: datetime | None, zone: str) -> str:
    if session is None:
        return f"{NO_SESSION_KNOWN}\nWhat would you like to tell me?"
    return f"Your next session: {when(session, zone)}.\nHas something changed?"


def session_moved_to(session: datetime, zone: str) -> str:
    return (
        f"Thank you. Your next session is on {when(session, zone)}; your check-in comes before it."
    )


def session_cancelled(session: datetime, zone: str) -> str:
    local = session.astimezone(ZoneInfo(zone))
    day = f"{WEEKDAYS[local.weekday()]} {local.day} {local:%B}"
    return f"Noted: no session on {day}. I'll skip its check-in; your rhythm carries on as before."


def summary_offer(session: datetime, zone: str) -> str:
    return (
        f"Your session is on {when(session, zone)}. Would you like to prepare a summary for it "
        "now? You choose what goes in, and nothing is sent to anyone."
    )


# A therapist's invite link.
INVITE_NOT_VALID = (
    "That invite link isn't valid any more (it may have expired or been used). "
    "That's fine: we can set things up together."
)
INVITE_TOO_MANY = "That link didn't work. Please try again in an hour, or just start here."
INVITE_USE = "Use these"
INVITE_KEEP = "Keep mine"
INVITE_KEPT = "Okay, your own settings stay as they are."
CONFIRM_YES = "That's right"
CONFIRM_CHANGE = "Change"
CONFIRM_PROMPT = "Are these settings right?"


def invited_by(name: str) -> str:
    return f"<b>{esc(name)} invited you to use Between.</b>"


def invite_suggests(name: str, sessions_line: str) -> str:
    return f"{esc(name)} suggested these settings:\n{sessions_line}\n\nIs that right?"


def invite_for_set_up_client(name: str, sessions_line: str) -> str:
    return (
        f"{invited_by(name)}\nThe link suggests:\n{sessions_line}\n\n"
        "You're already set up. Would you like to use these settings instead of yours?"
    )


# Goals: the client's own, up to three, rated at each check-in (/goals, set-up, check-in).
GOALS_COMMAND = "Your own goals"
GOALS_HELP = "/goals — your own goals, to see how close you feel to them over time"
SECTION_LABELS["goals"] = "My goals"
GOALS_OFFER = (
    "Would you like to name up to three goals of your own? Each check-in would then ask how "
    "close you feel to them. You can add them any time with /goals."
)
ADD_GOAL = "Add a goal"
GOALS_NOT_NOW = "Not now"
GOALS_LATER = "Okay. /goals whenever you like."
ASK_GOAL_WORDS = (
    "What would you like to work towards? Write it in a few words of your own, such as "
    "<i>sleep better</i> or <i>feel calmer at work</i>. Only you see it unless you share it."
)
CANCEL_GOAL = "Cancel"
GOAL_CANCELLED = "Okay, nothing changed."
NO_GOALS = (
    "You haven't named any goals yet. If you'd like, name up to three in your own words, and "
    "each check-in will ask how close you feel to them."
)
GOALS_FULL = "You have three goals already. Archive or erase one to add another."
GOAL_GONE = "That goal is no longer there."
GOAL_KEPT = "Okay, your goal is kept."
GOAL_ERASED = "Erased: the goal and its ratings are gone."
KEEP_GOAL = "Keep it"
ERASE_GOAL = "Erase it"
GOAL_EMPTY = "I didn't catch any words there. Could you write your goal again?"


def goal_too_long(limit: int) -> str:
    return f"That's a little long for a goal. Could you say it in under {limit} characters?"


def rename_goal(index: int) -> str:
    return f"Rename {index + 1}"


def archive_goal(index: int) -> str:
    return f"Archive {index + 1}"


def erase_goal(index: int) -> str:
    return f"Erase {index + 1}"


def ask_new_goal_name(words: str) -> str:
    return f"“{esc(words)}”\n\nWhat would you like to call this goal now? Write it below."


def goals_list(active: list[str], archived: list[str]) -> str:
    lines = ["<b>Your goals</b>"]
    lines.extend(f"{number}. {esc(words)}" for number, words in enumerate(active, start=1))
    lines.append("Each check-in asks how close you feel to each one." if active else NO_GOALS)
    if archived:
        lines.append("\n<i>Archived: kept, with their ratings, and not asked about.</i>")
        first = len(active) + 1
        lines.extend(f"{number}. {esc(words)}" for number, words in enumerate(archived, first))
    return "\n".join(lines)


def goal_saved(words: str, renamed: bool) -> str:
    done = "Renamed" if renamed else "Saved"
    return f"{done}: “{esc(words)}”. I'll ask how close you feel to it at each check-in."


def goal_archived(words: str) -> str:
    return (
        f"Archived: “{esc(words)}”. It's kept, with its ratings, and no longer asked about. "
        "/goals shows your goals."
    )


def confirm_goal_erase(words: str) -> str:
    return (
        f"Erase “{esc(words)}” and every rating you gave it? This cannot be undone. "
        "(To stop being asked but keep it, archive it instead.)"
    )


def goal_in_checkin(words: str) -> str:
    return f"<i>{esc(words)}</i>"
