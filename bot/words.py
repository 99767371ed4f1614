"""Words more than one conversation says: where help is, the stale-button notice, dates,
and how a schedule reads. Each conversation's own words are in its package's `words.py`.

Every text takes the client's `Words` (`w`) and goes through its catalog: `w._("…")` with
`{name}` fields, or a constant marked `N_("…")` and translated where it is said. The
English here is the source; `make catalogs` carries a change to every language's `.po`
file in `domain/locales/`. Messages use Telegram's HTML; anything not written here (names,
settings, what the client typed) goes through `esc`.
"""

from datetime import datetime, time
from html import escape as esc
from zoneinfo import ZoneInfo

from config import Settings
from domain.language import N_, Words
from domain.sessions import Lead, Rhythm

__all__ = ["esc"]

# Short notices for a button that is no longer active (shown as a small pop-up).
STALE_BUTTON = N_("This button is no longer active.")
SOMETHING_WENT_WRONG = N_(
    "Something went wrong on my side. Everything you've answered so far is saved. "
    "Please try again in a moment."
)
NOTHING_STORED = N_("I have nothing stored about you.")
NO_SESSION_KNOWN = N_("I don't know when your next session is yet.")


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


def with_crisis_text(w: Words, settings: Settings, text: str) -> str:
    """`text`, then that nobody reads this chat and where help is: for every reply to
    free text nobody asked for, where a client in distress may write."""
    return f"{text}\n\n{not_monitored(w, crisis_text(w, settings))}"


def when(w: Words, moment: datetime, zone: str) -> str:
    """A date and local time the way a person says it: Monday 7 December at 09:00."""
    return w.when(moment.astimezone(ZoneInfo(zone)))


# How a schedule reads: at set-up, in /settings, and in the invite command's listing.
RHYTHM_NAMES = {
    Rhythm.WEEKLY: N_("every week"),
    Rhythm.EVERY_2_WEEKS: N_("every 2 weeks"),
    Rhythm.EVERY_3_WEEKS: N_("every 3 weeks"),
    Rhythm.EVERY_4_WEEKS: N_("every 4 weeks"),
    Rhythm.IRREGULAR: N_("not regular"),
}
LEAD_NAMES = {
    Lead.EVENING_BEFORE: N_("the evening before, at 19:00"),
    Lead.MORNING_OF: N_(
        "the morning of the session, at 08:00 (the evening before for early sessions)"
    ),
    Lead.TWO_DAYS_BEFORE: N_("two days before, at 19:00"),
}


def sessions_line(
    w: Words, rhythm: Rhythm, weekday: int | None, at: time | None, lead: Lead, zone: str
) -> str:
    """The client's sessions and when their check-in comes before each."""
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


def checkins_line(w: Words, weekday: int, at: time, zone: str) -> str:
    """A weekly check-in time, for a client without sessions."""
    return w._(
        "Check-ins: each {weekday} at {time}, {zone} time.",
        weekday=w.weekday(weekday),
        time=w.clock(at),
        zone=esc(zone),
    )


def rhythm_chosen(w: Words, rhythm: Rhythm) -> str:
    if rhythm is Rhythm.CHECKIN_ONLY:
        return w._("Check-ins at a time you pick.")
    return w._("Sessions: {rhythm}.", rhythm=w._(RHYTHM_NAMES[rhythm]))
