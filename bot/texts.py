"""Every word the client reads, in one place, so tone can be reviewed and translated.

Each text takes the client's `Words` (`w`) and goes through its catalog: `w._("…")` with
`{name}` fields. The English here is the source; `make catalogs` carries a change to every
language's `.po` file in `domain/locales/`. Messages use Telegram's HTML; anything not
written here (names, settings, what the client typed) goes through `esc`.
"""

from datetime import date, datetime, time
from html import escape as esc
from zoneinfo import ZoneInfo

from config import Settings
from domain.language import N_, Words


def crisis_text(w: Words, settings: Settings) -> str:
    """The deployment's crisis text for this language (CRISIS_TEXT_DE…), else Between's own."""
    configured = settings.in_language("crisis_text", w.language)
    return esc(configured) if configured else _default_crisis_text(w)


def _default_crisis_text(w: Words) -> str:
    return w._(
        "If you are in danger or thinking about harming yourself, please call your local "
        "emergency number now, or find a free, confidential helpline at "
        "https://findahelpline.com"
    )


def not_monitored(w: Words, crisis: str) -> str:
    return w._(
        "Between is not monitored by anyone and is not a crisis service; it doesn't replace "
        "your therapist or emergency help. {crisis}",
        crisis=crisis,
    )


def welcome(w: Words, crisis: str, settings: Settings) -> str:
    operator = settings.in_language("operator_name", w.language)
    return w._(
        "<b>Hello, and welcome to Between.</b>\n\n"
        "Before each of your therapy sessions (or once a week, if you prefer) I'll send you a "
        "short check-in, about two minutes: how your mood has been, and how therapy feels. "
        "Before a session you can ask me for a summary of your answers and decide whether to "
        "forward it to your therapist.\n\n"
        "<b>What is stored:</b> your Telegram id, your schedule and time zone, and your "
        "answers, on the server of {operator}, until you erase them. Notes and goals you "
        "write are encrypted there; the rest is not. Telegram carries our chat.\n"
        "<b>Who sees it:</b> nobody reads your answers. Your therapist sees only what you "
        "choose to forward.\n"
        "You can pause, stop, or erase everything at any time.\n\n"
        "{not_monitored}\n\n"
        "Is this all right with you?",
        operator=esc(operator)
        if operator
        else w._("the person or organisation who set up this bot"),
        not_monitored=not_monitored(w, crisis),
    )


def agree(w: Words) -> str:
    return w._("I agree")


def decline(w: Words) -> str:
    return w._("Not now")


def declined(w: Words) -> str:
    return w._(
        "That's completely fine. I've kept nothing but your Telegram id, so that I never "
        "message you unasked. If you change your mind, just send /start."
    )


def consent_changed(w: Words) -> str:
    return w._(
        "<b>Between's note on what is stored has changed.</b> Please read it again below. "
        "Check-ins wait until you have agreed; your answers and settings are all still here."
    )


def consent_thanks(w: Words) -> str:
    return w._("Thank you. You can change your mind at any time with /stop.")


def consent_outdated(w: Words) -> str:
    return w._("That was an older version of this note. Here is the current one.")


def choose_zone(w: Words) -> str:
    return w._(
        "First, your time zone, so check-ins arrive at your local time. Pick one below, "
        "or type its name, such as <code>Europe/Berlin</code> or <code>America/Toronto</code>."
    )


def zone_not_found(w: Words) -> str:
    return w._(
        "I couldn't find that time zone. Time zones are written as region and city, "
        "for example <code>Europe/Berlin</code>, <code>America/New_York</code> or "
        "<code>Asia/Kolkata</code>. Could you try again, or pick one of the buttons?"
    )


def choose_weekday(w: Words) -> str:
    return w._("Which day of the week would you like your check-in?")


def choose_time(w: Words) -> str:
    return w._(
        "And at what time? Pick one below or type a time such as <code>19:30</code>. "
        "It might help to pick a quiet moment, a day or two before your session."
    )


def time_not_understood(w: Words) -> str:
    return w._(
        "I didn't catch that time. Please type it as hours and minutes, like <code>08:30</code> "
        "or <code>19:00</code>, or pick one of the buttons."
    )


def zone_chosen(w: Words, zone: str) -> str:
    return w._("Time zone: {zone}.", zone=esc(zone))


def weekday_chosen(w: Words, day: int) -> str:
    return w._("Check-in day: {weekday}.", weekday=w.weekday(day))


def when(w: Words, moment: datetime, zone: str) -> str:
    """A date and local time the way a person says it: Monday 7 December at 09:00."""
    return w.when(moment.astimezone(ZoneInfo(zone)))


def schedule_confirmed(w: Words, first: datetime, zone: str) -> str:
    return w._(
        "<b>You're all set.</b>\n"
        "Your next check-in arrives on {when} ({zone} time).\n\n"
        "If you'd like one right now, send /checkin. /help shows everything else.",
        when=when(w, first, zone),
        zone=esc(zone),
    )


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


def already_set_up(w: Words, next_at: datetime | None, zone: str | None) -> str:
    if next_at is None or zone is None:
        return w._("You're already set up. /help shows what I can do.")
    return w._(
        "You're already set up. Your next check-in: {when}.\n/help shows more.",
        when=when(w, next_at, zone),
    )


def needs_start(w: Words) -> str:
    return w._("We haven't set things up yet. Send /start to begin, whenever you're ready.")


def finish_setup(w: Words) -> str:
    return w._("Let's finish setting up first; it takes a moment.")


def unknown_command(w: Words) -> str:
    return w._("I don't know that command. /help lists what I can do.")


def not_expecting_text(w: Words, crisis: str) -> str:
    """The reply to free text outside a note: where a client in distress may well write."""
    return w._(
        "I only keep what you type when I ask for a note. /checkin starts a check-in, and "
        "/help lists everything else.\n\n{not_monitored}",
        not_monitored=not_monitored(w, crisis),
    )


def use_buttons(w: Words) -> str:
    return w._("Please tap one of the buttons on the check-in above, or Skip.")


# Short notices for a button that is no longer active (shown as a small pop-up).
def stale_button(w: Words) -> str:
    return w._("This button is no longer active.")


def checkin_closed(w: Words) -> str:
    return w._("This check-in has closed. Thank you.")


def consent_first(w: Words) -> str:
    return w._("The consent text has changed. Please read it again with /start first.")


def checkin_moved(w: Words) -> str:
    return w._("This check-in continues in a newer message below.")


def already_answered(w: Words) -> str:
    return w._("That one is already answered.")


def step_done(w: Words) -> str:
    return w._("Already chosen.")


def skip(w: Words) -> str:
    return w._("Skip")


def checkin_heading(w: Words, position: int, total: int) -> str:
    return w._(
        "<i>Check-in · {position} of {total}</i>",
        position=w.number(position + 1),
        total=w.number(total),
    )


def scale_hint(w: Words, min_value: int, min_label: str, max_value: int, max_label: str) -> str:
    return f"{min_value} = {esc(min_label)} · {max_value} = {esc(max_label)}"


def gentle_crisis(w: Words, crisis: str) -> str:
    return w._(
        "It sounds like this week has been really hard. You don't have to carry it alone. "
        "Nobody sees this answer right now. {crisis}",
        crisis=crisis,
    )


def checkin_finished(w: Words, next_at: datetime | None, zone: str | None) -> str:
    base = w._("<b>Thank you.</b> That's everything for this check-in.")
    if next_at is None or zone is None:
        return base
    return "{base}\n{next}".format(
        base=base, next=w._("Your next check-in: {when}.", when=when(w, next_at, zone))
    )


def note_saved(w: Words) -> str:
    return w._("Thank you, your note is saved.")


def note_truncated(w: Words, limit: int) -> str:
    return w._(
        "Thank you, your note is saved. It was longer than {limit} characters, so I kept "
        "the first {limit}.",
        limit=w.number(limit),
    )


def something_went_wrong(w: Words) -> str:
    return w._(
        "Something went wrong on my side. Everything you've answered so far is saved. "
        "Please try again in a moment."
    )


# Reminders, snooze, skip, expiry.
def reminder(w: Words) -> str:
    return w._(
        "<i>A gentle reminder, in case this week's check-in got buried. Whenever suits you.</i>"
    )


def checkin_expired(w: Words) -> str:
    return w._("This check-in has closed. Whatever you answered is kept. Thank you.")


def later(w: Words) -> str:
    return w._("Later")


def skip_week(w: Words) -> str:
    return w._("Skip this week")


def in_one_hour(w: Words) -> str:
    return w._("In 1 hour")


def in_three_hours(w: Words) -> str:
    return w._("In 3 hours")


def tomorrow(w: Words) -> str:
    return w._("Tomorrow")


def back(w: Words) -> str:
    return w._("Back")


def later_question(w: Words) -> str:
    return w._("When would suit you better?")


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


# Pause, resume, stop, erase.
def choose_pause(w: Words) -> str:
    return w._("How long a break would you like? Nothing at all will be sent during it.")


def pause_length(w: Words, length: str) -> str:
    """A button for a pause length: `PauseLength`'s values."""
    return w._(PAUSE_LENGTHS[length])


PAUSE_LENGTHS = {
    "1w": N_("1 week"),
    "2w": N_("2 weeks"),
    "1m": N_("1 month"),
    "open": N_("Until I resume"),
}


def not_paused(w: Words) -> str:
    return w._("You're not on a break, so there is nothing to resume. /pause starts one.")


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


def stopped(w: Words) -> str:
    return w._(
        "Done: I won't send you anything more. "
        "Would you like me to keep your answers, or erase everything?"
    )


def keep_data(w: Words) -> str:
    return w._("Keep my answers")


def erase_data(w: Words) -> str:
    return w._("Erase everything")


def kept(w: Words) -> str:
    return w._("Your answers are kept. Send /start whenever you'd like to begin again.")


def confirm_erase(w: Words) -> str:
    return w._(
        "This permanently erases everything I have stored about you: your settings, consent "
        "record, check-ins, answers and notes. It cannot be undone. Erase everything?"
    )


def erased(w: Words) -> str:
    return w._(
        "Everything is erased. I've kept nothing about you, not even your Telegram id. "
        "If you ever want to come back, send /start."
    )


def nothing_stored(w: Words) -> str:
    return w._("I have nothing stored about you.")


def not_active(w: Words) -> str:
    return w._("There's nothing running to stop. /start begins whenever you're ready.")


# Settings and schedule changes.
def change_day(w: Words) -> str:
    return w._("Change day")


def change_time(w: Words) -> str:
    return w._("Change time")


def change_zone(w: Words) -> str:
    return w._("Change time zone")


def change_rhythm(w: Words) -> str:
    return w._("Change sessions")


def change_lead(w: Words) -> str:
    return w._("Change when check-ins come")


def change_language(w: Words) -> str:
    return w._("Change language")


def pause(w: Words) -> str:
    return w._("Pause")


def resume(w: Words) -> str:
    return w._("Resume")


def stop(w: Words) -> str:
    return w._("Stop all messages")


def phq4_on(w: Words) -> str:
    return w._("Add PHQ-4")


def phq4_off(w: Words) -> str:
    return w._("Remove PHQ-4")


def offers_on(w: Words) -> str:
    return w._("Offer a summary before sessions")


def offers_off(w: Words) -> str:
    return w._("Stop offering summaries")


def schedule_which(w: Words) -> str:
    return w._("What would you like to change?")


def checkins_at(w: Words, weekday: int, at: time, zone: str) -> str:
    return w._(
        "Check-ins: each {weekday} at {time}, {zone} time.",
        weekday=w.weekday(weekday),
        time=w.clock(at),
        zone=esc(zone),
    )


def settings_summary(
    w: Words,
    *,
    schedule_line: str,
    zone: str,
    next_at: datetime | None,
    paused_state: str | None,
    phq4: bool,
    phq4_in_english: bool,
    summary_offers: bool | None,
) -> str:
    if paused_state is not None:
        status = paused_state
    elif next_at is not None:
        status = w._("Next check-in: {when}.", when=when(w, next_at, zone))
    else:
        status = ""
    if phq4:
        phq4_line = w._(
            "PHQ-4 (four short questions on anxiety and low mood): included in each check-in."
        )
    else:
        phq4_line = w._("PHQ-4 (four short questions on anxiety and low mood): not included.")
    if phq4_in_english:
        phq4_line = "{line} {english}".format(
            line=phq4_line,
            english=w._(
                "Its questions are asked in English: an official translation into your "
                "language is not included in Between."
            ),
        )
    lines = [w._("<b>Your settings</b>"), schedule_line, status, phq4_line]
    if summary_offers is not None:
        lines.append(
            w._("Before each session I offer to prepare a summary.")
            if summary_offers
            else w._("I don't offer a summary before sessions; /summary whenever you like.")
        )
    lines.append(w._("Language: {language}.", language=w.language.autonym))
    return "\n".join(lines)


def time_chosen(w: Words, at: time) -> str:
    return w._("Time: {time}.", time=w.clock(at))


def choose_language(w: Words) -> str:
    return w._("Which language would you like me to use?")


def language_chosen(w: Words) -> str:
    """Said in the newly chosen language."""
    return w._("From now on I'll write in English.")


# The private alliance nudge.
def alliance_nudge(w: Words) -> str:
    return w._(
        "Thank you for your answers about therapy. This week they are a little lower than "
        "usual.\n\n"
        "When therapy doesn't feel quite right, it can really help to say so in your next "
        "session; many therapists welcome hearing it. Whether and how you bring it up is "
        "entirely up to you, and nothing about this goes in your summary unless you add it. "
        "If therapy still doesn't feel right, it is your choice whether to carry on.\n\n"
        "Would you like me to add a line about it to your next summary?"
    )


def nudge_add(w: Words) -> str:
    return w._("Add a line to my next summary")


def nudge_no(w: Words) -> str:
    return w._("No, thanks")


def nudge_added(w: Words) -> str:
    return w._(
        "Done. Your next summary will include: “I'd like to talk about how our work together "
        "is going.” You'll see it in the preview and can leave it out."
    )


def nudge_declined(w: Words) -> str:
    return w._("Okay. Nothing about this goes in your summary.")


# The summary.
def no_summary_yet(w: Words) -> str:
    return w._(
        "There's nothing to summarise yet. After your first check-in, /summary will put your "
        "answers together for you to read, and to forward to your therapist if you'd like to."
    )


def choose_period(w: Words) -> str:
    return w._("Which period should the summary cover?")


def period_label(w: Words, period: str) -> str:
    return w._(PERIOD_LABELS[period])


PERIOD_LABELS = {
    "last": N_("Since my last summary"),
    "4w": N_("Last 4 weeks"),
    "12w": N_("Last 12 weeks"),
}


def section_label(w: Words, section: str) -> str:
    return w._(SECTION_LABELS[section])


SECTION_LABELS = {
    "mood": N_("Mood"),
    "alliance": N_("How therapy feels"),
    "notes": N_("Notes"),
    "phq4": N_("PHQ-4"),
    "line": N_("“Talk about how our work is going”"),
    "goals": N_("My goals"),
}


def also_pdf(w: Words) -> str:
    return w._("Also as PDF")


def pdf_filename(w: Words, end: date) -> str:
    # Translators: the PDF's file name; keep it short, without spaces.
    return w._("my-check-ins-{date}.pdf", date=end.isoformat())


def summary_language(w: Words, language: str) -> str:
    """The preview's button for the language the summary is written in."""
    return w._("Summary in: {language}", language=language)


def preview_lead(w: Words) -> str:
    return w._(
        "<i>Preview: nothing has been sent. Tap a section to leave it in or out, then Send. "
        "It arrives here in this chat, with a chart (and a PDF if you tick it), for you to "
        "forward.</i>"
    )


def no_checkins_in_period(w: Words) -> str:
    return w._("There are no answered check-ins in this period. Try a longer one?")


def send(w: Words) -> str:
    return w._("Send")


def cancel(w: Words) -> str:
    return w._("Cancel")


def change_period(w: Words) -> str:
    return w._("Change period")


def choose_a_section(w: Words) -> str:
    return w._("Choose at least one section first.")


def summary_sent(w: Words) -> str:
    return w._(
        "Your summary is below. To share it, press and hold it (or right-click) and choose "
        "Forward, then pick your therapist. Nothing is shared unless you forward it."
    )


def summary_already_sent(w: Words) -> str:
    return w._("Already sent: it's just below, ready to forward.")


def summary_cancelled(w: Words) -> str:
    return w._("Okay, nothing was sent.")


def preview_outdated(w: Words) -> str:
    return w._("This preview is out of date. Send /summary for a fresh one.")


# Export.
def export_ready(w: Words) -> str:
    return w._(
        "Here is everything I have stored about you: all of it as JSON, and your answers as a "
        "spreadsheet (CSV). Notes are included as you wrote them."
    )


# Sessions: the rhythm, the lead, moves and cancellations, and the summary offer.
def choose_rhythm(w: Words) -> str:
    return w._("How often are your therapy sessions? I'll send a short check-in before each one.")


def rhythm_button(w: Words, rhythm: str) -> str:
    return w._(RHYTHM_BUTTONS[rhythm])


RHYTHM_BUTTONS = {
    "weekly": N_("Every week"),
    "2w": N_("Every 2 weeks"),
    "3w": N_("Every 3 weeks"),
    "4w": N_("Every 4 weeks"),
    "irregular": N_("Not regular"),
    "checkin": N_("I'd rather just pick a check-in time"),
}
RHYTHM_NAMES = {
    "weekly": N_("every week"),
    "2w": N_("every 2 weeks"),
    "3w": N_("every 3 weeks"),
    "4w": N_("every 4 weeks"),
    "irregular": N_("not regular"),
}


def choose_session_weekday(w: Words) -> str:
    return w._("Which day are your sessions?")


def choose_session_time(w: Words) -> str:
    return w._(
        "And at what time do they start? Pick one below or type a time such as <code>10:00</code>."
    )


def choose_lead(w: Words) -> str:
    return w._("When would you like your check-in before each session?")


def lead_button(w: Words, lead: str) -> str:
    return w._(LEAD_BUTTONS[lead])


LEAD_BUTTONS = {
    "evening": N_("The evening before, 19:00"),
    "morning": N_("The morning of the session, 08:00"),
    "2days": N_("Two days before, 19:00"),
}
LEAD_NAMES = {
    "evening": N_("the evening before, at 19:00"),
    "morning": N_("the morning of the session, at 08:00 (the evening before for early sessions)"),
    "2days": N_("two days before, at 19:00"),
}


def choose_first_session(w: Words) -> str:
    return w._("Which of these is your next session?")


def ask_next_session(w: Words) -> str:
    return w._(
        "When is your next session? Pick the day, or tap <i>Not known yet</i>: "
        "you can tell me later with /session."
    )


def not_known_yet(w: Words) -> str:
    return w._("Not known yet")


def session_day_prompt(w: Words) -> str:
    return w._("Which day is the session?")


def session_time_prompt(w: Words) -> str:
    return w._("And at what time? Pick one below or type a time such as <code>16:30</code>.")


def session_in_the_past(w: Words) -> str:
    return w._("That time has already passed, so nothing changed. /session to try again.")


def session_moved(w: Words) -> str:
    return w._("Moved to another time")


def session_cancelled_button(w: Words) -> str:
    return w._("No session this time")


def session_next(w: Words) -> str:
    return w._("Next session on…")


def no_sessions(w: Words) -> str:
    return w._(
        "You chose a check-in time rather than sessions. If you'd like check-ins before your "
        "sessions, /schedule changes that."
    )


def no_session_known(w: Words) -> str:
    return w._("I don't know when your next session is yet.")


def summary_offer_yes(w: Words) -> str:
    return w._("Prepare a summary")


def summary_offer_no(w: Words) -> str:
    return w._("Not now")


def summary_offer_declined(w: Words) -> str:
    return w._("Okay. /summary whenever you like.")


def session_question(w: Words) -> str:
    return w._("One more thing, if you know it.")


def pick_a_button(w: Words) -> str:
    return w._("Please pick one of the buttons below.")


def rhythm_chosen(w: Words, rhythm: str) -> str:
    if rhythm == "checkin":
        return w._("Check-ins at a time you pick.")
    return w._("Sessions: {rhythm}.", rhythm=w._(RHYTHM_NAMES[rhythm]))


def lead_chosen(w: Words, lead: str) -> str:
    return w._("Check-in: {lead}.", lead=w._(LEAD_NAMES[lead]))


def session_day(w: Words, day: date) -> str:
    """A button label for a day: Thu 5 Mar."""
    return w.short_day(day)


def sessions_confirmed(
    w: Words, rhythm: str, weekday: int | None, at: time | None, lead: str, zone: str
) -> str:
    pattern = w._(RHYTHM_NAMES[rhythm])
    if weekday is not None and at is not None:
        pattern = w._(
            "{rhythm}, on {weekday} at {time}",
            rhythm=pattern,
            weekday=w.weekday(weekday),
            time=w.clock(at),
        )
    return w._(
        "Your sessions: {pattern} ({zone} time).\nYour check-in: {lead}.",
        pattern=pattern,
        zone=esc(zone),
        lead=w._(LEAD_NAMES[lead]),
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


def session_menu(w: Words, session: datetime | None, zone: str) -> str:
    if session is None:
        return "{unknown}\n{question}".format(
            unknown=no_session_known(w), question=w._("What would you like to tell me?")
        )
    return w._("Your next session: {when}.\nHas something changed?", when=when(w, session, zone))


def session_moved_to(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Thank you. Your next session is on {when}; your check-in comes before it.",
        when=when(w, session, zone),
    )


def session_cancelled(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Noted: no session on {day}. I'll skip its check-in; your rhythm carries on as before.",
        day=w.day(session.astimezone(ZoneInfo(zone))),
    )


def summary_offer(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Your session is on {when}. Would you like to prepare a summary for it now? You "
        "choose what goes in, and nothing is sent to anyone.",
        when=when(w, session, zone),
    )


# A therapist's invite link.
def invite_not_valid(w: Words) -> str:
    return w._(
        "That invite link isn't valid any more (it may have expired or been used). "
        "That's fine: we can set things up together."
    )


def invite_too_many(w: Words) -> str:
    return w._("That link didn't work. Please try again in an hour, or just start here.")


def invite_use(w: Words) -> str:
    return w._("Use these")


def invite_keep(w: Words) -> str:
    return w._("Keep mine")


def invite_kept(w: Words) -> str:
    return w._("Okay, your own settings stay as they are.")


def confirm_yes(w: Words) -> str:
    return w._("That's right")


def confirm_change(w: Words) -> str:
    return w._("Change")


def confirm_prompt(w: Words) -> str:
    return w._("Are these settings right?")


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


# Goals: the client's own, up to three, rated at each check-in (/goals, set-up, check-in).
def goals_offer(w: Words) -> str:
    return w._(
        "Would you like to name up to three goals of your own? Each check-in would then ask "
        "how close you feel to them. You can add them any time with /goals."
    )


def add_goal(w: Words) -> str:
    return w._("Add a goal")


def goals_not_now(w: Words) -> str:
    return w._("Not now")


def goals_later(w: Words) -> str:
    return w._("Okay. /goals whenever you like.")


def ask_goal_words(w: Words) -> str:
    return w._(
        "What would you like to work towards? Write it in a few words of your own, such as "
        "<i>sleep better</i> or <i>feel calmer at work</i>. Only you see it unless you share it."
    )


def cancel_goal(w: Words) -> str:
    return w._("Cancel")


def goal_cancelled(w: Words) -> str:
    return w._("Okay, nothing changed.")


def no_goals(w: Words) -> str:
    return w._(
        "You haven't named any goals yet. If you'd like, name up to three in your own words, "
        "and each check-in will ask how close you feel to them."
    )


def goals_full(w: Words) -> str:
    return w._("You have three goals already. Archive or erase one to add another.")


def goal_gone(w: Words) -> str:
    return w._("That goal is no longer there.")


def goal_kept(w: Words) -> str:
    return w._("Okay, your goal is kept.")


def goal_erased(w: Words) -> str:
    return w._("Erased: the goal and its ratings are gone.")


def keep_goal(w: Words) -> str:
    return w._("Keep it")


def erase_goal_button(w: Words) -> str:
    return w._("Erase it")


def goal_empty(w: Words) -> str:
    return w._("I didn't catch any words there. Could you write your goal again?")


def goal_too_long(w: Words, limit: int) -> str:
    return w._(
        "That's a little long for a goal. Could you say it in under {limit} characters?",
        limit=w.number(limit),
    )


def rename_goal(w: Words, index: int) -> str:
    return w._("Rename {number}", number=index + 1)


def archive_goal(w: Words, index: int) -> str:
    return w._("Archive {number}", number=index + 1)


def erase_goal(w: Words, index: int) -> str:
    return w._("Erase {number}", number=index + 1)


def ask_new_goal_name(w: Words, goal: str) -> str:
    return w._(
        "“{goal}”\n\nWhat would you like to call this goal now? Write it below.", goal=esc(goal)
    )


def goals_list(w: Words, active: list[str], archived: list[str]) -> str:
    lines = [w._("<b>Your goals</b>")]
    lines.extend(f"{number}. {esc(goal)}" for number, goal in enumerate(active, start=1))
    if active:
        lines.append(w._("Each check-in asks how close you feel to each one."))
    else:
        lines.append(no_goals(w))
    if archived:
        lines.append("\n" + w._("<i>Archived: kept, with their ratings, and not asked about.</i>"))
        first = len(active) + 1
        lines.extend(f"{number}. {esc(goal)}" for number, goal in enumerate(archived, first))
    return "\n".join(lines)


def goal_saved(w: Words, goal: str, renamed: bool) -> str:
    if renamed:
        return w._(
            "Renamed: “{goal}”. I'll ask how close you feel to it at each check-in.",
            goal=esc(goal),
        )
    return w._(
        "Saved: “{goal}”. I'll ask how close you feel to it at each check-in.", goal=esc(goal)
    )


def goal_archived(w: Words, goal: str) -> str:
    return w._(
        "Archived: “{goal}”. It's kept, with its ratings, and no longer asked about. "
        "/goals shows your goals.",
        goal=esc(goal),
    )


def confirm_goal_erase(w: Words, goal: str) -> str:
    return w._(
        "Erase “{goal}” and every rating you gave it? This cannot be undone. "
        "(To stop being asked but keep it, archive it instead.)",
        goal=esc(goal),
    )


def goal_in_checkin(goal: str) -> str:
    return f"<i>{esc(goal)}</i>"
