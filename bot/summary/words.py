"""What /summary and /export say, and the offer of a summary before a session.
(How words work: `bot/words.py`.)"""

from datetime import date, datetime

from bot.words import when
from domain.language import N_, Words
from domain.summary import Period, Section

NO_SUMMARY_YET = N_(
    "There's nothing to summarise yet. After your first check-in, /summary will put your "
    "answers together for you to read, and to forward to your therapist if you'd like to."
)
CHOOSE_PERIOD = N_("Which period should the summary cover?")
PERIOD_LABELS = {
    Period.SINCE_LAST: N_("Since my last summary"),
    Period.FOUR_WEEKS: N_("Last 4 weeks"),
    Period.TWELVE_WEEKS: N_("Last 12 weeks"),
}
SECTION_LABELS = {
    Section.MOOD: N_("Mood"),
    Section.ALLIANCE: N_("How therapy feels"),
    Section.NOTES: N_("Notes"),
    Section.PHQ4: N_("PHQ-4"),
    Section.LINE: N_("“Talk about how our work is going”"),
    Section.GOALS: N_("My goals"),
    Section.TASKS: N_("What I agreed to try"),
}
ALSO_PDF = N_("Also as PDF")
PREVIEW_LEAD = N_(
    "<i>Preview: nothing has been sent. Tap a section to leave it in or out, then Send. "
    "It arrives here in this chat, with a chart (and a PDF if you tick it), for you to "
    "forward.</i>"
)
NO_CHECKINS_IN_PERIOD = N_("There are no answered check-ins in this period. Try a longer one?")
SEND = N_("Send")
CANCEL = N_("Cancel")
CHANGE_PERIOD = N_("Change period")
CHOOSE_A_SECTION = N_("Choose at least one section first.")
SUMMARY_SENT = N_(
    "Your summary is below. To share it, press and hold it (or right-click) and choose "
    "Forward, then pick your therapist. Nothing is shared unless you forward it."
)
SUMMARY_ALREADY_SENT = N_("Already sent: it's just below, ready to forward.")
SUMMARY_CANCELLED = N_("Okay, nothing was sent.")
PREVIEW_OUTDATED = N_("This preview is out of date. Send /summary for a fresh one.")
EXPORT_READY = N_(
    "Here is everything I have stored about you: all of it as JSON, and your answers as a "
    "spreadsheet (CSV). Notes are included as you wrote them."
)
OFFER_YES = N_("Prepare a summary")
OFFER_NO = N_("Not now")
OFFER_DECLINED = N_("Okay. /summary whenever you like.")


def pdf_filename(w: Words, end: date) -> str:
    # Translators: the PDF's file name; keep it short, without spaces.
    return w._("my-check-ins-{date}.pdf", date=end.isoformat())


def summary_language(w: Words, language: str) -> str:
    """The preview's button for the language the summary is written in."""
    return w._("Summary in: {language}", language=language)


def offer(w: Words, session: datetime, zone: str) -> str:
    return w._(
        "Your session is on {when}. Would you like to prepare a summary for it now? You "
        "choose what goes in, and nothing is sent to anyone.",
        when=when(w, session, zone),
    )
