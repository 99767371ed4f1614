"""Button data: every family writes the bytes its buttons in clients' chats already carry,
and reads them back as the same press."""

from datetime import UTC, date, datetime, time

import pytest

from bot.buttons import Button
from bot.checkin.buttons import AnswerPress, CheckinAction, CheckinMove, NudgeChoice
from bot.controls.buttons import (
    DataChoice,
    EndingChoice,
    EndingStep,
    PauseChoice,
    Setting,
    SettingChoice,
)
from bot.goals.buttons import GoalChoice, GoalMove
from bot.language.buttons import LanguageChoice
from bot.sessions.buttons import SessionAction, SessionMove
from bot.setup.buttons import (
    ConfirmChoice,
    Consent,
    InviteChoice,
    LeadChoice,
    RhythmChoice,
    SessionDay,
    TimeOfDay,
    Weekday,
    Zone,
)
from bot.summary.buttons import SummaryOfferChoice, SummaryPress, SummaryStep
from bot.tasks.buttons import TaskChoice, TaskMove
from domain.language import Language
from domain.sessions import Lead, Rhythm
from domain.summary import Period
from services.checkins import Later
from services.controls import ErasePurpose, PauseLength

CODE = "A" * 32
STAMP = 1764000000

# The data of buttons sent by earlier versions, byte for byte: these must keep working.
SENT = [
    (Consent(True, 3), "c:y:3"),
    (Consent(False, 3, CODE), f"c:n:3:{CODE}"),
    (Zone("Europe/London"), "z:Europe/London"),
    (Weekday(6), "d:6"),
    (TimeOfDay(time(9, 5)), "t:0905"),
    (AnswerPress(12, 3, 4), "a:12:3:4"),
    (AnswerPress(12, 3, None), "a:12:3:s"),
    (CheckinAction(7, CheckinMove.LATER), "k:7:later"),
    (CheckinAction(7, Later.TOMORROW), "k:7:1d"),
    (PauseChoice(PauseLength.UNTIL_RESUMED), "p:open"),
    (SettingChoice(Setting.PHQ4_ON), "g:phq4on"),
    (DataChoice(True, ErasePurpose.AFTER_STOP, STAMP), f"x:erase:s:{STAMP}"),
    (DataChoice(False, ErasePurpose.DELETE, STAMP), f"x:keep:d:{STAMP}"),
    (NudgeChoice(True), "n:add"),
    (SummaryPress(Period.SINCE_LAST, None, STAMP, SummaryStep.PREVIEW), f"y:last:a:{STAMP}:p"),
    (
        SummaryPress(Period.TWELVE_WEEKS, 127, STAMP, SummaryStep.SEND, Language.DE),
        f"y:12w:127:{STAMP}:s:de",
    ),
    (RhythmChoice(Rhythm.IRREGULAR), "r:irregular"),
    (LeadChoice(Lead.TWO_DAYS_BEFORE), "l:2days"),
    (SessionDay(date(2026, 12, 3)), "sd:20261203"),
    (SessionDay(None), "sd:none"),
    (SessionAction(SessionMove.MOVED), "ss:move"),
    (SessionAction.cancel(datetime(2026, 12, 3, 10, tzinfo=UTC)), "ss:cancel:1796292000"),
    (SummaryOfferChoice(False), "so:n"),
    (InviteChoice(True, CODE), f"iv:y:{CODE}"),
    (InviteChoice(False, None), "iv:n"),
    (ConfirmChoice(True), "cf:y"),
    (LanguageChoice(Language.RU), "lg:ru"),
    (GoalChoice(GoalMove.ADD), "gl:add"),
    (GoalChoice(GoalMove.RENAME, 5), "gl:ren:5"),
    (GoalChoice(GoalMove.ERASE_CONFIRMED, 5, STAMP), f"gl:del:5:{STAMP}"),
    (EndingChoice(EndingStep.SUMMARY, 4, STAMP), f"e:sum:4:{STAMP}"),
    (EndingChoice(EndingStep.KEEP, 4), "e:keep:4"),
    (TaskChoice(TaskMove.YES), "tk:yes"),
    (TaskChoice(TaskMove.SET_ASIDE, 5), "tk:drop:5"),
    (
        SummaryPress(Period.FOUR_WEEKS, 255, STAMP, SummaryStep.PREVIEW),
        f"y:4w:255:{STAMP}:p",
    ),
]


@pytest.mark.parametrize(("press", "data"), SENT, ids=[data for _, data in SENT])
def test_each_family_writes_and_reads_the_data_already_in_chats(press: Button, data: str) -> None:
    assert press.data() == data
    match = type(press).PATTERN.match(data)
    assert match is not None
    assert type(press).of(match.groups()) == press


def test_every_family_is_pinned() -> None:
    families = {type(press) for press, _ in SENT}
    assert families == set(_families(Button))


def test_data_a_family_cannot_read_back_is_never_written() -> None:
    with pytest.raises(ValueError, match="not valid"):
        Zone("Europe/" + "X" * 60).data()
    with pytest.raises(ValueError, match="not valid"):
        AnswerPress(10**12, 0, 1).data()


def _families(base: type[Button]) -> list[type[Button]]:
    return [c for sub in base.__subclasses__() for c in (sub, *_families(sub))]
