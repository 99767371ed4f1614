"""The 12-week sample the summary is reviewed on: mood rising from 3 to 7, a dip in how
therapy feels in weeks 5–6 (with the two lowest statements skipped once), two weeks without
a check-in, two notes, PHQ-4 for the last four weeks, and three goals of the client's own:
one rated from the start (one week skipped), one from week 3, one set aside after week 8."""

from dataclasses import replace
from datetime import date, timedelta

from domain.checkin_gaps import CheckinRow, gaps_of
from domain.goals import GoalRatings
from domain.instruments import load_instruments
from domain.language import ENGLISH, Language
from domain.sessions import Rhythm
from domain.states import CheckinStatus
from domain.summary import CheckinRecord, SummaryData, checkin_record

ALLIANCE = ("heard", "accepted", "genuine", "safe", "goals", "approach")
PHQ4 = ("anxious", "worry", "interest", "down")
SLEEP_NOTE = "I keep waking at 4am and can't get back to sleep."
WORK_NOTE = "Going back to work in March: I'd like to plan the first week & how to pace it."

# Sunday check-ins from 7 December 2025, each after a session; None: the check-in came and
# expired unanswered.
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
NEXT_SESSION = date(2026, 2, 24)


def sample_data(
    *, discuss: bool = True, goals: bool = True, language: Language = ENGLISH
) -> SummaryData:
    days = [FIRST_DAY + timedelta(weeks=week) for week in range(len(WEEKS))]
    rows = [
        CheckinRow(day, CheckinStatus.DONE if week else CheckinStatus.EXPIRED, bool(week))
        for day, week in zip(days, WEEKS, strict=True)
    ]
    return SummaryData(
        start=START,
        end=END,
        records=[
            record(day, week, language) for day, week in zip(days, WEEKS, strict=True) if week
        ],
        discuss_alliance=discuss,
        discuss_added=date(2026, 1, 12) if discuss else None,
        goals=sample_goals() if goals else [],
        gaps=gaps_of(rows, [], END),
        rhythm=Rhythm.WEEKLY,
        next_session=NEXT_SESSION,
    )


def record(day: date, week: "Week", language: Language) -> CheckinRecord:
    mood, alliance, phq4, note = week
    given: dict[str, dict[str, int | None]] = {
        "weekly": {"mood": mood, **dict(zip(ALLIANCE, alliance, strict=True))}
    }
    if phq4 is not None:
        given["phq4"] = dict(zip(PHQ4, phq4, strict=True))
    instruments = {key: each.in_language(language) for key, each in load_instruments().items()}
    return checkin_record(day, given, note, instruments)


def sample_goals() -> list[GoalRatings]:
    return [
        GoalRatings(
            words,
            [(FIRST_DAY + timedelta(weeks=week), value) for week, value in ratings.items()],
            archived,
        )
        for words, archived, ratings in GOALS
    ]


# A fortnightly client: a check-in the evening before each Wednesday session from Tuesday
# 2 September 2025. They paused at the third, tapped "Skip this week" at the fifth, and the
# session of 12 November was cancelled (its check-in skipped with it): nothing is missing.
HOLIDAY_NOTE = "Away for two weeks from the 26th; I'll pause the check-ins."
FORTNIGHTLY_START = date(2025, 9, 1)
FORTNIGHTLY_END = date(2025, 11, 25)
CANCELLED_SESSION = date(2025, 11, 12)
Week = tuple[int, tuple[int | None, ...], tuple[int, ...] | None, str | None]
FORTNIGHTS: list[tuple[CheckinStatus, Week | None]] = [
    (CheckinStatus.DONE, (4, (4, 4, 4, 4, 4, 4), None, None)),
    (CheckinStatus.DONE, (3, (4, 2, 4, 4, 3, None), None, HOLIDAY_NOTE)),
    (CheckinStatus.CANCELLED, None),
    (CheckinStatus.DONE, (5, (4, 4, 4, 4, 4, 4), None, None)),
    (CheckinStatus.SKIPPED, None),
    (CheckinStatus.SKIPPED, None),
    (CheckinStatus.DONE, (6, (5, 4, 5, 4, 4, 5), None, None)),
]

# The session each check-in's answers about therapy are about: the one before it.
SESSIONS_BEFORE = [date(2025, 8, 20) + timedelta(weeks=2 * n) for n in range(6)]
SESSIONS_BEFORE.append(date(2025, 10, 29))  # not the cancelled 12 November


def fortnightly_data(language: Language = ENGLISH) -> SummaryData:
    days = [date(2025, 9, 2) + timedelta(weeks=2 * n) for n in range(len(FORTNIGHTS))]
    rows = [
        CheckinRow(day, status, week is not None, day + timedelta(days=1))
        for day, (status, week) in zip(days, FORTNIGHTS, strict=True)
    ]
    return SummaryData(
        start=FORTNIGHTLY_START,
        end=FORTNIGHTLY_END,
        records=[
            replace(record(day, week, language), session=session)
            for day, session, (_, week) in zip(days, SESSIONS_BEFORE, FORTNIGHTS, strict=True)
            if week
        ],
        gaps=gaps_of(rows, [CANCELLED_SESSION], FORTNIGHTLY_END),
        rhythm=Rhythm.EVERY_2_WEEKS,
        next_session=FORTNIGHTLY_END + timedelta(days=1),
    )
