"""Inline keyboards. Every callback data string is built by `bot.callbacks`."""

from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, texts
from bot.callbacks import CheckinMove, GoalMove, SessionMove, Setting
from domain.instruments import Item
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


def consent(version: int, code: str | None = None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.AGREE, callbacks.consent(True, version, code)),
                _button(texts.DECLINE, callbacks.consent(False, version, code)),
            ]
        ]
    )


def zones() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(z, callback_data=callbacks.zone(z)) for z in COMMON_ZONES]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def weekdays() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(name, callback_data=callbacks.weekday(day))
        for day, name in enumerate(texts.WEEKDAY_SHORT)
    ]
    return InlineKeyboardMarkup(_rows(buttons, 4))


def times() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(f"{at:%H:%M}", callback_data=callbacks.time_of_day(at))
        for at in COMMON_TIMES
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def answer(
    checkin_id: int, position: int, item: Item, session_expected: bool = True
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
        rows.append([InlineKeyboardButton(texts.SKIP, callback_data=skip)])
    if position == 0:
        rows.append(
            [
                _action(texts.LATER, checkin_id, CheckinMove.LATER),
                _action(texts.SKIP_WEEK, checkin_id, CheckinMove.SKIP_WEEK),
            ]
        )
    return InlineKeyboardMarkup(rows)


def later(checkin_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _action(texts.IN_ONE_HOUR, checkin_id, Later.ONE_HOUR),
                _action(texts.IN_THREE_HOURS, checkin_id, Later.THREE_HOURS),
                _action(texts.TOMORROW, checkin_id, Later.TOMORROW),
            ],
            [_action(texts.BACK, checkin_id, CheckinMove.BACK)],
        ]
    )


def _action(label: str, checkin_id: int, action: CheckinMove | Later) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.checkin_action(checkin_id, action))


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def pause_lengths() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.PAUSE_1W, callbacks.pause(PauseLength.ONE_WEEK)),
                _button(texts.PAUSE_2W, callbacks.pause(PauseLength.TWO_WEEKS)),
                _button(texts.PAUSE_1M, callbacks.pause(PauseLength.ONE_MONTH)),
            ],
            [_button(texts.PAUSE_OPEN, callbacks.pause(PauseLength.UNTIL_RESUMED))],
        ]
    )


def keep_or_erase(purpose: ErasePurpose, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase, asked `now`: the buttons carry when and why, so they can expire."""
    offered_at = int(now.timestamp())
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.KEEP_DATA, callbacks.data_choice(False, purpose, offered_at)),
                _button(texts.ERASE_DATA, callbacks.data_choice(True, purpose, offered_at)),
            ]
        ]
    )


def schedule_parts() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CHANGE_DAY, callbacks.setting(Setting.DAY)),
                _button(texts.CHANGE_TIME, callbacks.setting(Setting.TIME)),
            ],
            [
                _button(texts.CHANGE_RHYTHM, callbacks.setting(Setting.RHYTHM)),
                _button(texts.CHANGE_LEAD, callbacks.setting(Setting.LEAD)),
            ],
            [_button(texts.CHANGE_ZONE, callbacks.setting(Setting.ZONE))],
        ]
    )


def settings(*, paused: bool, phq4: bool) -> InlineKeyboardMarkup:
    rows = list(schedule_parts().inline_keyboard)
    phq4_button = (
        _button(texts.PHQ4_OFF, callbacks.setting(Setting.PHQ4_OFF))
        if phq4
        else _button(texts.PHQ4_ON, callbacks.setting(Setting.PHQ4_ON))
    )
    pause_button = (
        _button(texts.RESUME, callbacks.setting(Setting.RESUME))
        if paused
        else _button(texts.PAUSE, callbacks.setting(Setting.PAUSE))
    )
    rows.append([phq4_button, pause_button])
    rows.append([_button(texts.STOP, callbacks.setting(Setting.STOP))])
    return InlineKeyboardMarkup(rows)


def nudge() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.NUDGE_ADD, callbacks.nudge(add=True))],
            [_button(texts.NUDGE_NO, callbacks.nudge(add=False))],
        ]
    )


def rhythms() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.RHYTHM_WEEKLY, callbacks.rhythm(Rhythm.WEEKLY)),
                _button(texts.RHYTHM_2W, callbacks.rhythm(Rhythm.EVERY_2_WEEKS)),
            ],
            [
                _button(texts.RHYTHM_3W, callbacks.rhythm(Rhythm.EVERY_3_WEEKS)),
                _button(texts.RHYTHM_4W, callbacks.rhythm(Rhythm.EVERY_4_WEEKS)),
            ],
            [_button(texts.RHYTHM_IRREGULAR, callbacks.rhythm(Rhythm.IRREGULAR))],
            [_button(texts.RHYTHM_CHECKIN, callbacks.rhythm(Rhythm.CHECKIN_ONLY))],
        ]
    )


def leads() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.LEAD_EVENING, callbacks.lead(Lead.EVENING_BEFORE))],
            [_button(texts.LEAD_MORNING, callbacks.lead(Lead.MORNING_OF))],
            [_button(texts.LEAD_TWO_DAYS, callbacks.lead(Lead.TWO_DAYS_BEFORE))],
        ]
    )


def session_days(days: list[date], *, unknown: bool = False) -> InlineKeyboardMarkup:
    """A button per day (and "Not known yet" when that is an answer)."""
    buttons = [_button(texts.session_day(day), callbacks.session_day(day)) for day in days]
    rows = _rows(buttons, 4)
    if unknown:
        rows.append([_button(texts.NOT_KNOWN_YET, callbacks.session_day(None))])
    return InlineKeyboardMarkup(rows)


def session_menu(irregular: bool, known: bool) -> InlineKeyboardMarkup:
    moved = texts.SESSION_NEXT if irregular or not known else texts.SESSION_MOVED
    rows = [[_button(moved, callbacks.session_action(SessionMove.MOVED))]]
    if known:
        rows.append(
            [_button(texts.SESSION_CANCELLED, callbacks.session_action(SessionMove.CANCELLED))]
        )
    return InlineKeyboardMarkup(rows)


def summary_offer() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.SUMMARY_OFFER_YES, callbacks.summary_offer(True)),
                _button(texts.SUMMARY_OFFER_NO, callbacks.summary_offer(False)),
            ]
        ]
    )


def invite_choice(code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.INVITE_USE, callbacks.invite_choice(True, code)),
                _button(texts.INVITE_KEEP, callbacks.invite_choice(False, code)),
            ]
        ]
    )


def confirm_setup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.CONFIRM_YES, callbacks.confirm_choice(True)),
                _button(texts.CONFIRM_CHANGE, callbacks.confirm_choice(False)),
            ]
        ]
    )


def goals_offer() -> InlineKeyboardMarkup:
    """At the end of set-up: name some goals now, or not."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.ADD_GOAL, callbacks.goal(GoalMove.ADD)),
                _button(texts.GOALS_NOT_NOW, callbacks.goal(GoalMove.NOT_NOW)),
            ]
        ]
    )


def goals(shown: Goals) -> InlineKeyboardMarkup:
    """Rename, Archive and Erase for each active goal, Erase for each archived one (numbered
    as in the list), and Add a goal while there are fewer than three."""
    rows = [
        [
            _button(texts.rename_goal(index), callbacks.goal(GoalMove.RENAME, goal.id)),
            _button(texts.archive_goal(index), callbacks.goal(GoalMove.ARCHIVE, goal.id)),
            _button(texts.erase_goal(index), callbacks.goal(GoalMove.ERASE, goal.id)),
        ]
        for index, goal in enumerate(shown.active)
    ]
    erase_archived = [
        _button(texts.erase_goal(index), callbacks.goal(GoalMove.ERASE, goal.id))
        for index, goal in enumerate(shown.archived, start=len(shown.active))
    ]
    rows.extend(_rows(erase_archived, 3))
    if shown.can_add:
        rows.append([_button(texts.ADD_GOAL, callbacks.goal(GoalMove.ADD))])
    return InlineKeyboardMarkup(rows)


def goal_words_wanted() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CANCEL_GOAL, callbacks.goal(GoalMove.CANCEL))]])


def keep_or_erase_goal(goal_id: int, now: datetime) -> InlineKeyboardMarkup:
    """Keep or Erase one goal, asked `now`: the Erase button expires (services.goals)."""
    offered_at = int(now.timestamp())
    erase = callbacks.goal(GoalMove.ERASE_CONFIRMED, goal_id, offered_at)
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.KEEP_GOAL, callbacks.goal(GoalMove.KEEP)),
                _button(texts.ERASE_GOAL, erase),
            ]
        ]
    )
