"""Inline keyboards. Every callback data string is built by `bot.callbacks`."""

from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, texts
from bot.callbacks import CheckinMove, GoalMove, SessionMove, Setting
from domain.instruments import Item
from domain.language import Language, Words
from domain.sessions import Lead, Rhythm
from services.checkins import Later
from services.controls import ErasePurpose, PauseLength
from services.goals import Goals

COMMON_ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]
COMMON_TIMES = [time(8), time(9), time(12), time(17), time(19), time(21)]


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def consent(w: Words, version: int, code: str | None = None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.agree(w), callbacks.consent(True, version, code)),
                _button(texts.decline(w), callbacks.consent(False, version, code)),
            ]
        ]
    )


def zones(w: Words) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(z, callback_data=callbacks.zone(z)) for z in COMMON_ZONES]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def weekdays(w: Words) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(name, callback_data=callbacks.weekday(day))
        for day, name in enumerate(map(w.short_weekday, range(7)))
    ]
    return InlineKeyboardMarkup(_rows(buttons, 4))


def times(w: Words) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(w.clock(at), callback_data=callbacks.time_of_day(at))
        for at in COMMON_TIMES
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def answer(
    w: Words, checkin_id: int, position: int, item: Item, session_expected: bool = True
) -> InlineKeyboardMarkup:
    """One button per scale value (labelled where the scale has words), then Skip; for the
    session question Yes and No, the one the rhythm suggests first.

    Before the first answer the client can also put the check-in off or skip the week.
    """
    rows: list[list[InlineKeyboardButton]] = []
    if item.kind == "session":
        values = [1, 0] if session_expected else [0, 1]
        rows = [
            [
                InlineKeyboardButton(
                    item.labels.get(value, str(value)),
                    callback_data=callbacks.answer(checkin_id, position, value),
                )
                for value in values
            ]
        ]
    if item.kind == "scale":
        buttons = [
            InlineKeyboardButton(
                item.labels.get(value, str(value)),
                callback_data=callbacks.answer(checkin_id, position, value),
            )
            for value in item.values
        ]
        width = 1 if item.labels else (6 if len(buttons) > 6 else len(buttons))
        rows = _rows(buttons, width)
    if item.skippable:
        skip = callbacks.answer(checkin_id, position, None)
        rows.append([InlineKeyboardButton(texts.skip(w), callback_data=skip)])
    if position == 0:
        rows.append(
            [
                _action(texts.later(w), checkin_id, CheckinMove.LATER),
                _action(texts.skip_week(w), checkin_id, CheckinMove.SKIP_WEEK),
            ]
        )
    return InlineKeyboardMarkup(rows)


def later(w: Words, checkin_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _action(texts.in_one_hour(w), checkin_id, Later.ONE_HOUR),
                _action(texts.in_three_hours(w), checkin_id, Later.THREE_HOURS),
                _action(texts.tomorrow(w), checkin_id, Later.TOMORROW),
            ],
            [_action(texts.back(w), checkin_id, CheckinMove.BACK)],
        ]
    )


def _action(label: str, checkin_id: int, action: CheckinMove | Later) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.checkin_action(checkin_id, action))


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def pause_lengths(w: Words) -> InlineKeyboardMarkup:
    def button(length: PauseLength) -> InlineKeyboardButton:
        return _button(texts.pause_length(w, length), callbacks.pause(length))

    return InlineKeyboardMarkup(
        [
            [button(PauseLength.ONE_WEEK), button(PauseLength.TWO_WEEKS)],
            [button(PauseLength.ONE_MONTH), button(PauseLength.UNTIL_RESUMED)],
        ]
    )


def keep_or_erase(w: Words, purpose: ErasePurpose, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase, asked `now`: the buttons carry when and why, so they can expire."""
    offered_at = int(now.timestamp())
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.keep_data(w), callbacks.data_choice(False, purpose, offered_at)),
                _button(texts.erase_data(w), callbacks.data_choice(True, purpose, offered_at)),
            ]
        ]
    )


def schedule_parts(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.change_day(w), callbacks.setting(Setting.DAY)),
                _button(texts.change_time(w), callbacks.setting(Setting.TIME)),
            ],
            [
                _button(texts.change_rhythm(w), callbacks.setting(Setting.RHYTHM)),
                _button(texts.change_lead(w), callbacks.setting(Setting.LEAD)),
            ],
            [_button(texts.change_zone(w), callbacks.setting(Setting.ZONE))],
        ]
    )


def settings(
    w: Words, *, paused: bool, phq4: bool, summary_offers: bool | None
) -> InlineKeyboardMarkup:
    """`summary_offers` None: no sessions, so nothing to offer before them."""
    rows = list(schedule_parts(w).inline_keyboard)
    phq4_button = (
        _button(texts.phq4_off(w), callbacks.setting(Setting.PHQ4_OFF))
        if phq4
        else _button(texts.phq4_on(w), callbacks.setting(Setting.PHQ4_ON))
    )
    pause_button = (
        _button(texts.resume(w), callbacks.setting(Setting.RESUME))
        if paused
        else _button(texts.pause(w), callbacks.setting(Setting.PAUSE))
    )
    rows.append([phq4_button, pause_button])
    if summary_offers is not None:
        offers = Setting.OFFERS_OFF if summary_offers else Setting.OFFERS_ON
        label = texts.offers_off(w) if summary_offers else texts.offers_on(w)
        rows.append([_button(label, callbacks.setting(offers))])
    rows.append([_button(texts.change_language(w), callbacks.setting(Setting.LANGUAGE))])
    rows.append([_button(texts.stop(w), callbacks.setting(Setting.STOP))])
    return InlineKeyboardMarkup(rows)


def nudge(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.nudge_add(w), callbacks.nudge(add=True))],
            [_button(texts.nudge_no(w), callbacks.nudge(add=False))],
        ]
    )


def rhythms(w: Words) -> InlineKeyboardMarkup:
    def button(rhythm: Rhythm) -> InlineKeyboardButton:
        return _button(texts.rhythm_button(w, rhythm), callbacks.rhythm(rhythm))

    return InlineKeyboardMarkup(
        [
            [button(Rhythm.WEEKLY), button(Rhythm.EVERY_2_WEEKS)],
            [button(Rhythm.EVERY_3_WEEKS), button(Rhythm.EVERY_4_WEEKS)],
            [button(Rhythm.IRREGULAR)],
            [button(Rhythm.CHECKIN_ONLY)],
        ]
    )


def leads(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(texts.lead_button(w, lead), callbacks.lead(lead))] for lead in Lead]
    )


def languages() -> InlineKeyboardMarkup:
    """Each language named in itself."""
    buttons = [_button(language.autonym, callbacks.language(language)) for language in Language]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def session_days(w: Words, days: list[date], *, unknown: bool = False) -> InlineKeyboardMarkup:
    """A button per day (and "Not known yet" when that is an answer)."""
    buttons = [_button(texts.session_day(w, day), callbacks.session_day(day)) for day in days]
    rows = _rows(buttons, 4)
    if unknown:
        rows.append([_button(texts.not_known_yet(w), callbacks.session_day(None))])
    return InlineKeyboardMarkup(rows)


def session_menu(w: Words, irregular: bool, session_at: datetime | None) -> InlineKeyboardMarkup:
    """Moved (or the next one), and, for a known next session, "no session this time"."""
    known = session_at is not None
    moved = texts.session_next(w) if irregular or not known else texts.session_moved(w)
    rows = [[_button(moved, callbacks.session_action(SessionMove.MOVED))]]
    if known:
        cancel = callbacks.session_action(SessionMove.CANCELLED, session_at)
        rows.append([_button(texts.session_cancelled_button(w), cancel)])
    return InlineKeyboardMarkup(rows)


def summary_offer(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.summary_offer_yes(w), callbacks.summary_offer(True)),
                _button(texts.summary_offer_no(w), callbacks.summary_offer(False)),
            ]
        ]
    )


def invite_choice(w: Words, code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.invite_use(w), callbacks.invite_choice(True, code)),
                _button(texts.invite_keep(w), callbacks.invite_choice(False, code)),
            ]
        ]
    )


def confirm_setup(w: Words) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.confirm_yes(w), callbacks.confirm_choice(True)),
                _button(texts.confirm_change(w), callbacks.confirm_choice(False)),
            ]
        ]
    )


def goals_offer(w: Words) -> InlineKeyboardMarkup:
    """At the end of set-up: name some goals now, or not."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.add_goal(w), callbacks.goal(GoalMove.ADD)),
                _button(texts.goals_not_now(w), callbacks.goal(GoalMove.NOT_NOW)),
            ]
        ]
    )


def goals(w: Words, shown: Goals) -> InlineKeyboardMarkup:
    """Rename, Archive and Erase for each active goal, Erase for each archived one (numbered
    as in the list), and Add a goal while there are fewer than three."""
    rows = [
        [
            _button(texts.rename_goal(w, index), callbacks.goal(GoalMove.RENAME, goal.id)),
            _button(texts.archive_goal(w, index), callbacks.goal(GoalMove.ARCHIVE, goal.id)),
            _button(texts.erase_goal(w, index), callbacks.goal(GoalMove.ERASE, goal.id)),
        ]
        for index, goal in enumerate(shown.active)
    ]
    erase_archived = [
        _button(texts.erase_goal(w, index), callbacks.goal(GoalMove.ERASE, goal.id))
        for index, goal in enumerate(shown.archived, start=len(shown.active))
    ]
    rows.extend(_rows(erase_archived, 3))
    if shown.can_add:
        rows.append([_button(texts.add_goal(w), callbacks.goal(GoalMove.ADD))])
    return InlineKeyboardMarkup(rows)


def goal_words_wanted(w: Words) -> InlineKeyboardMarkup:
    cancel = _button(texts.cancel_goal(w), callbacks.goal(GoalMove.CANCEL))
    return InlineKeyboardMarkup([[cancel]])


def keep_or_erase_goal(w: Words, goal_id: int, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase one goal, asked `now`: the Erase button expires (services.goals)."""
    offered_at = int(now.timestamp())
    erase = callbacks.goal(GoalMove.ERASE_CONFIRMED, goal_id, offered_at)
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.keep_goal(w), callbacks.goal(GoalMove.KEEP)),
                _button(texts.erase_goal_button(w), erase),
            ]
        ]
    )
