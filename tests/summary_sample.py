"""The 12-week sample the summary is reviewed on: mood rising from 3 to 7, a dip in how
therapy feels in weeks 5–6 (with the two lowest statements skipped once), two weeks without
a check-in, two notes, PHQ-4 for the last four weeks, and three goals of the client's own:
one rated from the start (one week skipped), one from week 3, one set aside after week 8."""

from datetime import date, timedelta

from domain.goals import GoalRatings
from domain.instruments import load_instruments
from domain.summary import SummaryData, checkin_record

ALLIANCE = ("heard", "accepted", "genuine", "safe", "goals", "approach")
PHQ4 = ("anxious", "worry", "interest", "down")
SLEEP_NOTE = "I keep waking at 4am and can't get back to sleep."
WORK_NOTE = "Going back to work in March: I'd like to plan the first week & how to pace it."

# Sunday check-ins from 7 December 2025, each after a session; None: no check-in that week.
WEEKS: list[tuple[int, tuple[int | None, ...], tuple[int, ...] | None, str | None] | None] = [
    (3, (4, 4, 4, 4, 4, 4), None, None),
    (3, (4, 4, 5, 4, 4, 4), None, SLEEP_NOTE),
    (4, (4, 4, 5, 4, 4, 4), None, None),
    None,
    (4, (4, 4, 4, 3, 3, 3), None, None),
    (5, (3, 2, 5, 3, None, None), None, None),
    None,
    (5, (4, 4, 4, 4, 4, 4), None, None),
    (6, (4, 5, 5, 4, 4, 4), (2, 1, 1, 1), None),
    (6, (5, 4, 5, 4, 4, 4), (1, 1, 1, 1), None),
    (7, (5, 5, 5, 5, 4, 5), (1, 1, 0, 1), WORK_NOTE),
    (7, (5, 5, 5, 5, 5, 4), (1, 0, 0, 1), None),
]
# The client's goals, and how close they felt to each in the weeks it was asked about
# (week as above: None, skipped).
GOALS: list[tuple[str, bool, dict[int, int | None]]] = [
    (
        "Sleep through the night more often",
        False,
        {0: 2, 1: 2, 2: 3, 4: 3, 5: None, 7: 4, 8: 5, 9: 5, 10: 6, 11: 6},
    ),
    (
        "Feel at ease at family dinners & say what I think",
        False,
        {4: 3, 5: 3, 7: 4, 8: 4, 9: 5, 10: 6, 11: 7},
    ),
    ("Go running twice a week", True, {2: 4, 4: 4, 5: 2, 7: 3}),
]
FIRST_DAY = date(2025, 12, 7)
START = date(2025, 12, 1)  # 12 weeks to Sunday 22 February 2026
END = date(2026, 2, 22)


def sample_data(*, discuss: bool = True, goals: bool = True) -> SummaryData:
    instruments = load_instruments()
    records = []
    for week, answers in enumerate(WEEKS):
        if answers is None:
            continue
        mood, alliance, phq4, note = answers
        given: dict[str, dict[str, int | None]] = {
            "weekly": {"mood": mood, **dict(zip(ALLIANCE, alliance, strict=True))}
        }
        if phq4 is not None:
            given["phq4"] = dict(zip(PHQ4, phq4, strict=True))
        day = FIRST_DAY + timedelta(weeks=week)
        records.append(checkin_record(day, given, note, instruments))
    return SummaryData(
        start=START,
        end=END,
        records=records,
        discuss_alliance=discuss,
        discuss_added=date(2026, 1, 12) if discuss else None,
        since=date(2025, 6, 1),
        goals=sample_goals() if goals else [],
    )


def sample_goals() -> list[GoalRatings]:
    return [
        GoalRatings(
            words,
            [(FIRST_DAY + timedelta(weeks=week), value) for week, value in ratings.items()],
            archived,
        )
        for words, archived, ratings in GOALS
    ]
