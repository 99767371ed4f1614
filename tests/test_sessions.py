"""Session rhythms and check-in leads on real daylight-saving transitions."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.sessions import (
    Change,
    Lead,
    Pattern,
    Rhythm,
    Sessions,
    anchor_for,
    checkin_before,
    next_session,
    occurrences,
    session_expected,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


def local(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone).astimezone(UTC)  # type: ignore[misc]


def thursdays_at_ten(every: int, anchor: date = date(2027, 3, 4)) -> Pattern:
    return Pattern(every_weeks=every, weekday=3, at=time(10, 0), anchor=anchor)


def test_weekly_sessions_keep_their_local_time_across_the_spring_change() -> None:
    after = local(LONDON, 2027, 3, 20, 12)
    sessions = occurrences(after, LONDON, thursdays_at_ten(1))
    first, second = next(sessions), next(sessions)
    assert first.astimezone(LONDON) == datetime(2027, 3, 25, 10, tzinfo=LONDON)
    assert second.astimezone(LONDON) == datetime(2027, 4, 1, 10, tzinfo=LONDON)
    assert (second - first).total_seconds() == 7 * 24 * 3600 - 3600, "an hour shorter week"


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2027, 3, 1, tzinfo=UTC), date(2027, 3, 4)),
        (datetime(2027, 3, 5, tzinfo=UTC), date(2027, 3, 18)),  # parity across the DST change
        (datetime(2027, 3, 19, tzinfo=UTC), date(2027, 4, 1)),
        (datetime(2027, 12, 20, tzinfo=UTC), date(2027, 12, 23)),  # and over the new year
        (datetime(2027, 12, 24, tzinfo=UTC), date(2028, 1, 6)),
    ],
)
def test_every_two_weeks_stays_in_step_with_its_anchor(after: datetime, expected: date) -> None:
    session = next_session(after, LONDON, thursdays_at_ten(2))
    assert session.astimezone(LONDON).date() == expected
    assert session.astimezone(LONDON).time() == time(10, 0)


def test_the_evening_before_at_seven_local_across_new_yorks_change() -> None:
    session = local(NEW_YORK, 2027, 3, 15, 9)  # Monday after the Sunday change
    checkin = checkin_before(session, NEW_YORK, Lead.EVENING_BEFORE)
    assert checkin.astimezone(NEW_YORK) == datetime(2027, 3, 14, 19, tzinfo=NEW_YORK)


def test_two_days_before_across_lord_howes_half_hour_change() -> None:
    session = local(LORD_HOWE, 2027, 4, 5, 10)  # DST ends 4 April 2027, 02:00 → 01:30
    checkin = checkin_before(session, LORD_HOWE, Lead.TWO_DAYS_BEFORE)
    assert checkin.astimezone(LORD_HOWE) == datetime(2027, 4, 3, 19, tzinfo=LORD_HOWE)


def test_the_morning_lead_never_comes_after_the_session_started() -> None:
    early = local(LONDON, 2027, 3, 4, 8, 30)
    checkin = checkin_before(early, LONDON, Lead.MORNING_OF)
    assert checkin.astimezone(LONDON) == datetime(2027, 3, 3, 19, tzinfo=LONDON)
    late = local(LONDON, 2027, 3, 4, 10)
    assert checkin_before(late, LONDON, Lead.MORNING_OF).astimezone(LONDON) == datetime(
        2027, 3, 4, 8, tzinfo=LONDON
    )


def test_a_cancelled_session_is_skipped_and_the_pattern_stays() -> None:
    pattern = thursdays_at_ten(1)
    after = local(LONDON, 2027, 3, 1, 0)
    cancelled = Change(local(LONDON, 2027, 3, 4, 10), None)
    assert next_session(after, LONDON, pattern, [cancelled]) == local(LONDON, 2027, 3, 11, 10)


def test_a_moved_session_replaces_its_slot_earlier_or_later() -> None:
    pattern = thursdays_at_ten(1)
    after = local(LONDON, 2027, 3, 1, 0)
    original = local(LONDON, 2027, 3, 4, 10)
    later = Change(original, local(LONDON, 2027, 3, 5, 16))
    assert next_session(after, LONDON, pattern, [later]) == local(LONDON, 2027, 3, 5, 16)
    earlier = Change(original, local(LONDON, 2027, 3, 2, 9))
    assert next_session(after, LONDON, pattern, [earlier]) == local(LONDON, 2027, 3, 2, 9)
    after_moved = local(LONDON, 2027, 3, 2, 10)
    assert next_session(after_moved, LONDON, pattern, [earlier]) == local(LONDON, 2027, 3, 11, 10)


def test_a_new_rhythm_is_anchored_on_its_first_session_day() -> None:
    assert anchor_for(3, date(2027, 3, 1)) == date(2027, 3, 4)
    assert anchor_for(0, date(2027, 3, 1)) == date(2027, 3, 1)


def test_no_comes_first_after_a_cancelled_session() -> None:
    pattern = thursdays_at_ten(1)
    cancelled = Change(local(LONDON, 2027, 3, 4, 10), None)
    sessions = Sessions(Rhythm.WEEKLY, LONDON, Lead.EVENING_BEFORE, pattern, (cancelled,))
    assert session_expected(sessions, local(LONDON, 2027, 3, 11, 10)) is False
    assert session_expected(sessions, local(LONDON, 2027, 3, 18, 10)) is True
