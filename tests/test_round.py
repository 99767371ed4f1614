"""The round's plan: a crowded minute starts early enough to end at its time, a small one
goes at its time, and nothing is moved into the client's night."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.round import HEADROOM, Due, Run, plan, round_rate, send_from

SEVEN_PM = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
HOUR = timedelta(minutes=60)
FREE = round_rate(30, paid=False)  # 28.57 a second
PAID = round_rate(30, paid=True)  # 952 a second


def before(seconds: float) -> datetime:
    return SEVEN_PM - timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("clients", "rate", "expected"),
    [
        # 3.5 s of sending: at its time, as always.
        (100, FREE, []),
        # 350 s: the first goes 5 min 50 s early, the last at 19:00.
        (10_000, FREE, [Run(SEVEN_PM, SEVEN_PM, before(350))]),
        # 58 min 20 s: it still fits in the hour.
        (100_000, FREE, [Run(SEVEN_PM, SEVEN_PM, before(3_500))]),
        # 9.7 hours: an hour early, and 102,858 arrive by 19:00; the rest follow as fast as
        # the budget allows.
        (1_000_000, FREE, [Run(SEVEN_PM, SEVEN_PM, before(3_600), late=897_142)]),
        # Paid broadcasts: 105 s, at its time.
        (100_000, PAID, []),
        (1_000_000, PAID, [Run(SEVEN_PM, SEVEN_PM, before(1_050))]),
    ],
)
def test_a_crowded_minute_starts_early_enough_to_end_at_its_time(
    clients: int, rate: float, expected: list[Run]
) -> None:
    assert plan([Due(SEVEN_PM, clients)], rate, HOUR) == expected


def test_the_rate_counts_the_limiters_headroom() -> None:
    assert round_rate(30, paid=False) == pytest.approx(30 / HEADROOM)
    assert round_rate(10, paid=True, paid_rate=500) == pytest.approx(500 / HEADROOM)


def test_an_earlier_minute_goes_before_the_crowd_after_it_in_one_run() -> None:
    minute_before = SEVEN_PM - timedelta(minutes=1)
    runs = plan([Due(SEVEN_PM, 10_000), Due(minute_before, 100)], FREE, HOUR)
    assert runs == [Run(minute_before, SEVEN_PM, before(350 + 3.5))]


def test_crowds_an_hour_apart_are_two_runs() -> None:
    six = SEVEN_PM - HOUR
    runs = plan([Due(six, 10_000), Due(SEVEN_PM, 10_000)], FREE, HOUR)
    assert runs == [
        Run(six, six, six - timedelta(seconds=350)),
        Run(SEVEN_PM, SEVEN_PM, before(350)),
    ]


def test_a_crowd_that_overflows_still_lets_the_minute_before_it_go_first() -> None:
    earlier = SEVEN_PM - timedelta(minutes=10)
    runs = plan([Due(SEVEN_PM, 1_000_000), Due(earlier, 1_000)], FREE, HOUR)
    # 19:00 starts at 18:00, the most it may; 18:50 must be out by then: 35 s before.
    assert runs == [Run(earlier, SEVEN_PM, SEVEN_PM - HOUR - timedelta(seconds=35), late=897_142)]


def test_no_early_start_when_the_bound_is_zero() -> None:
    assert plan([Due(SEVEN_PM, 100_000)], FREE, timedelta()) == []


def test_minutes_that_each_fit_go_at_their_time() -> None:
    minutes = [Due(SEVEN_PM + timedelta(minutes=i), 1_500) for i in range(10)]
    assert plan(minutes, FREE, HOUR) == []


LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("slot", "starts_at", "zone", "expected"),
    [
        # Chosen in the evening: the run's start, whenever it is.
        (SEVEN_PM, before(350), LONDON, before(350)),
        # Chosen at 08:00: never before 08:00, whatever the run.
        (
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 30, 7, 54, tzinfo=UTC),
            LONDON,
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        ),
        # 08:00 in Berlin is 07:00 UTC.
        (
            datetime(2026, 11, 30, 7, 30, tzinfo=UTC),
            datetime(2026, 11, 30, 6, 40, tzinfo=UTC),
            ZoneInfo("Europe/Berlin"),
            datetime(2026, 11, 30, 7, 0, tzinfo=UTC),
        ),
        # Summer time in London: 08:00 BST is 07:00 UTC.
        (
            datetime(2026, 6, 1, 7, 5, tzinfo=UTC),
            datetime(2026, 6, 1, 6, 30, tzinfo=UTC),
            LONDON,
            datetime(2026, 6, 1, 7, 0, tzinfo=UTC),
        ),
        # Chosen at 07:00, in the night already: it may start earlier in the night.
        (
            datetime(2026, 11, 30, 7, 0, tzinfo=UTC),
            datetime(2026, 11, 30, 6, 10, tzinfo=UTC),
            LONDON,
            datetime(2026, 11, 30, 6, 10, tzinfo=UTC),
        ),
        # Chosen at 22:30: the night was its own choice; starting at 21:50 is in the day.
        (
            datetime(2026, 11, 30, 22, 30, tzinfo=UTC),
            datetime(2026, 11, 30, 21, 50, tzinfo=UTC),
            LONDON,
            datetime(2026, 11, 30, 21, 50, tzinfo=UTC),
        ),
    ],
)
def test_an_early_start_never_moves_a_day_time_check_in_into_the_night(
    slot: datetime, starts_at: datetime, zone: ZoneInfo, expected: datetime
) -> None:
    assert send_from(starts_at, slot, zone) == expected
