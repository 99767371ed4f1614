"""Weekly slots in the client's own wall-clock time, across DST, odd offsets and new year."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.cadence import next_checkin_at

MON, THU, SUN = 0, 3, 6


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def following(after: datetime, zone: str, weekday: int, at: time) -> datetime:
    return next_checkin_at(after, ZoneInfo(zone), weekday, at)


@pytest.mark.parametrize(
    ("after", "zone", "weekday", "at", "expected"),
    [
        # London, spring forward on Sun 29 Mar 2026: 09:00 is BST (UTC+1) from then on.
        (utc(2026, 3, 23, 9), "Europe/London", MON, time(9), utc(2026, 3, 30, 8)),
        # London, fall back on Sun 25 Oct 2026: 09:00 is GMT again.
        (utc(2026, 10, 19, 8), "Europe/London", MON, time(9), utc(2026, 10, 26, 9)),
        # New York, spring forward on Sun 8 Mar 2026.
        (utc(2026, 3, 2, 14), "America/New_York", MON, time(9), utc(2026, 3, 9, 13)),
        # Lord Howe shifts by 30 minutes on Sun 4 Oct 2026 (+10:30 -> +11).
        (utc(2026, 9, 28, 0), "Australia/Lord_Howe", MON, time(9), utc(2026, 10, 4, 22)),
        # Kathmandu is +05:45 all year.
        (utc(2026, 6, 1, 0), "Asia/Kathmandu", THU, time(20), utc(2026, 6, 4, 14, 15)),
        # Across the year boundary: Thursday 31 Dec 2026 -> Thursday 7 Jan 2027.
        (utc(2026, 12, 31, 18), "Europe/Berlin", THU, time(19), utc(2027, 1, 7, 18)),
        # Just before the slot on the same day.
        (utc(2026, 12, 31, 17, 59), "Europe/Berlin", THU, time(19), utc(2026, 12, 31, 18)),
    ],
)
def test_next_weekly_slot(
    after: datetime, zone: str, weekday: int, at: time, expected: datetime
) -> None:
    assert following(after, zone, weekday, at) == expected


def test_slot_exactly_now_moves_to_next_week() -> None:
    now = utc(2026, 11, 30, 9)
    assert following(now, "Europe/London", MON, time(9)) == utc(2026, 12, 7, 9)


def test_a_time_in_the_spring_forward_gap_moves_to_the_first_valid_time() -> None:
    # 01:30 does not exist in London on 29 Mar 2026; clocks go from 01:00 GMT to 02:00 BST.
    slot = following(utc(2026, 3, 23), "Europe/London", SUN, time(1, 30))
    assert slot == utc(2026, 3, 29, 1)
    assert slot.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") == "02:00"


def test_a_time_in_the_lord_howe_half_hour_gap_moves_forward() -> None:
    slot = following(utc(2026, 9, 28), "Australia/Lord_Howe", SUN, time(2, 15))
    assert slot.astimezone(ZoneInfo("Australia/Lord_Howe")).strftime("%H:%M") == "02:30"


def test_an_ambiguous_time_uses_the_first_occurrence() -> None:
    # 01:30 happens twice in London on 25 Oct 2026: first in BST (00:30 UTC).
    slot = following(utc(2026, 10, 19), "Europe/London", SUN, time(1, 30))
    assert slot == utc(2026, 10, 25, 0, 30)


def test_new_york_fall_back_ambiguity_uses_the_first_occurrence() -> None:
    slot = following(utc(2026, 10, 26), "America/New_York", SUN, time(1, 30))
    assert slot == utc(2026, 11, 1, 5, 30)


def test_every_week_of_a_year_keeps_the_local_wall_time() -> None:
    zone = ZoneInfo("America/New_York")
    slot = utc(2026, 1, 1)
    for _ in range(53):
        slot = next_checkin_at(slot, zone, SUN, time(2, 30))
        local = slot.astimezone(zone)
        assert local.weekday() == SUN
        assert local.strftime("%H:%M") in ("02:30", "03:00")  # 03:00 only on the gap day
