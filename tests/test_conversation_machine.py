"""The whole conversation as a Hypothesis state machine, over the real application.

Three clients talk to the real `telegram.ext.Application` through the strict fake Bot API,
in any order: commands, buttons (current, stale, pressed twice), forged button data, any
typed text, scheduler ticks, clock jumps (across a change of summer time in London too),
blocking and unblocking the bot, stop, pause and erase. After every step the invariants
below are checked against the fake server's record and the database.

Hypothesis' stateful testing is synchronous: the machine owns one event loop and runs each
async step to completion on it. Each example gets a fresh SQLite database in its own
temporary folder. How many examples and steps: the profiles in tests/conftest.py
(`HYPOTHESIS_PROFILE=long` for a longer run).
"""

import asyncio
import logging
import shutil
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from bot.buttons import MAX_BYTES
from bot.checkin.buttons import AnswerPress, CheckinAction, CheckinMove, NudgeChoice
from bot.controls import words as controls_words
from bot.controls.buttons import (
    DataChoice,
    EndingChoice,
    EndingStep,
    PauseChoice,
    Setting,
    SettingChoice,
)
from bot.setup import words as setup_words
from bot.setup.buttons import Consent, TimeOfDay, Weekday, Zone
from bot.setup.keyboards import COMMON_TIMES, COMMON_ZONES
from bot.summary import words as summary_words
from bot.summary.buttons import SummaryPress, SummaryStep
from bot.tasks import words as tasks_words
from bot.tasks.buttons import TaskChoice, TaskMove
from bot.words import SOMETHING_WENT_WRONG
from botapi import FakeBotApi, FakeMessage
from config import Settings
from domain.language import ENGLISH, words
from domain.quiet_hours import quiet
from domain.sessions import Lead, Rhythm
from domain.states import CheckinKind, CheckinStatus, ClientStatus
from domain.summary import Period
from services.checkins import Later
from services.controls import PauseLength
from storage.crypto import new_key
from storage.models import Answer, CheckIn, Client, ConsentRecord, SummaryLog, Task
from tests.conftest import CRISIS, START
from tests.harness import BotHarness, FakeClock

pytestmark = pytest.mark.slow  # a Hypothesis state machine

CHATS = (1001, 1002, 1003)
NAMES = {1001: "Alex", 1002: "Sam", 1003: "Kim"}
# London (and all of the EU) springs forward at 01:00 UTC on Sunday 28 March 2027 and falls
# back at 01:00 UTC on Sunday 25 October 2026; each example starts up to two days before one
# of these moments, or on the suite's usual Wednesday.
STARTS = (
    datetime(2027, 3, 26, 12, 0, tzinfo=UTC),
    datetime(2026, 10, 23, 12, 0, tzinfo=UTC),
    START,
)
COMMANDS = (
    "/start", "/checkin", "/summary", "/settings", "/schedule", "/pause", "/resume",
    "/stop", "/delete", "/export", "/help", "/nonsense", "/start again",
    "/checkin@between_test_bot", "/goals", "/session", "/tasks",
)  # fmt: skip
# Text a client is likely to type at some step: zones, days and times (some in the hour that
# does not exist on the day summer time starts), and notes.
MEANINGFUL = (
    "Europe/London", "europe/berlin", "America/New_York", "Mars/Olympus", "UTC",
    "Sunday", "sun", "mon", "Friday", "01:30", "02:30", "1:05", "09:00", "23:59", "24:00",
    "٠٩:٣٠", "Skip", "I agree", "a note about this week",
)  # fmt: skip
SENDS = frozenset({"sendmessage", "sendphoto", "senddocument"})
TEXT_FIELDS = ("text", "caption")
# What the bot says when a stop, a pause, an erasure or a no to the consent text has taken
# effect (in the message it sends, or in the one it edits in place).
QUIET_MARKERS = (
    ("Done: I won't send you anything more.", "stopped"),
    ("You're on a break", "paused"),
    ("Everything is erased.", "erased"),
    ("That's completely fine. I've kept nothing", "declined"),
)
QUIET_STATUSES = {
    "stopped": (ClientStatus.STOPPED,),
    "paused": (ClientStatus.PAUSED,),
    "erased": (None,),
    "declined": (ClientStatus.DECLINED,),
}
NOT_SET_UP = (None, ClientStatus.DECLINED, ClientStatus.STOPPED, ClientStatus.ONBOARDING)
SET_UP = (ClientStatus.ACTIVE, ClientStatus.PAUSED)
RUNNING = (ClientStatus.ONBOARDING, ClientStatus.ACTIVE, ClientStatus.PAUSED)
STORED = tuple(ClientStatus)

chats = st.sampled_from(CHATS)
zones = st.sampled_from(
    [
        "Europe/London",
        *COMMON_ZONES,
        "Europe/Paris",
        "Asia/Kathmandu",
        "America/St_Johns",
        "Australia/Lord_Howe",
    ]
)
times = st.sampled_from([f"{t:%H:%M}" for t in COMMON_TIMES] + ["01:30", "02:30", "00:00", "23:59"])
long_note = st.integers(1990, 4096).map(lambda n: "x" * n)  # notes keep the first 2,000
typed_text = st.one_of(st.text(min_size=1), st.sampled_from(MEANINGFUL), long_note)
jumps = st.one_of(
    st.sampled_from([1, 30, 60, 3 * 60, 20 * 60, 24 * 60, 49 * 60, 7 * 24 * 60, 14 * 24 * 60]),
    st.integers(min_value=1, max_value=35 * 24 * 60),
)  # minutes
EN = words(ENGLISH)
RHYTHMS = [
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.WEEKLY]),
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.EVERY_2_WEEKS]),
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.EVERY_3_WEEKS]),
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.EVERY_4_WEEKS]),
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.IRREGULAR]),
    EN._(setup_words.RHYTHM_BUTTONS[Rhythm.CHECKIN_ONLY]),
]
random_data = (
    st.text(min_size=1, max_size=80)
    .map(lambda s: s.encode()[:80].decode(errors="ignore"))
    .filter(bool)
)


class ErrorRecords(logging.Handler):
    """Every log record at ERROR or above, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Quiet:
    """Why the bot must send this client nothing they did not ask for, and until when."""

    reason: str  # never started, declined, stopped, paused, erased
    until: datetime | None = None  # a pause's end; None for one until resumed


@dataclass
class Snapshot:
    """One client's row as the invariants need it; `status` None when there is no row."""

    status: ClientStatus | None
    client_id: int | None
    paused_until: datetime | None


def _text_of(params: dict[str, Any]) -> str:
    return " ".join(str(params[key]) for key in TEXT_FIELDS if params.get(key))


def _chat_of(params: dict[str, Any]) -> int | None:
    chat = params.get("chat_id")
    try:
        return int(chat) if chat is not None else None
    except (TypeError, ValueError):
        return None


class Conversation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="between-machine-"))
        self.error_log = ErrorRecords()
        logging.getLogger().addHandler(self.error_log)
        self.api: FakeBotApi | None = None
        self.harness: BotHarness | None = None
        self.clock = FakeClock(START)
        self.quiet: dict[int, Quiet | None] = {chat: Quiet("never started") for chat in CHATS}
        self.rows: dict[int, Snapshot] = {chat: Snapshot(None, None, None) for chat in CHATS}
        self.blocked: set[int] = set()
        self.queries: list[str] = []  # every callback query delivered, in order
        self.calls_checked = 0
        self.unasked: list[str] = []  # messages a quiet client never asked for
        # Client id -> ids of its check-ins; SQLite gives an erased client's ids to new rows,
        # so an erasure is checked in the step it happens, then forgotten.
        self.checkins_of: dict[int, set[int]] = {}
        self.just_erased: dict[int, set[int]] = {}
        self.seen_checkins: set[int] = set()  # for forged data: every check-in id ever stored

    # The bot, one event loop, one database per example.

    @initialize(start=st.sampled_from(STARTS), minutes=st.integers(0, 2 * 24 * 60))
    def start_bot(self, start: datetime, minutes: int) -> None:
        self.clock.set(start + timedelta(minutes=minutes))
        self.api = FakeBotApi()
        self.run(self.api.start())
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=self.api.token,
            telegram_api_url=self.api.base_url,
            database_url=f"sqlite+aiosqlite:///{self.folder / 'between.db'}",
            data_dir=self.folder,
            encryption_key=new_key(),
            crisis_text=CRISIS,
            # Pacing is not what this test is about: at the usual 30 a second, waiting for
            # the limiter would take most of the time of each example.
            send_rate=100_000,
        )
        self.harness = BotHarness(self.api, settings, self.clock)
        self.run(self.harness.start())
        for chat in CHATS:
            self.api.user(chat, NAMES[chat])

    def teardown(self) -> None:
        try:
            if self.harness is not None:
                self.run(self.harness.stop())
            if self.api is not None:
                self.run(self.api.stop())
        finally:
            self.loop.close()
            logging.getLogger().removeHandler(self.error_log)
            shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, coroutine: Awaitable[Any]) -> Any:
        return self.loop.run_until_complete(coroutine)

    @property
    def bot(self) -> BotHarness:
        assert self.harness is not None
        return self.harness

    @property
    def server(self) -> FakeBotApi:
        assert self.api is not None
        return self.api

    # Doing things as a client, and what the machine learns from each step.

    def step(self, actor: int | None, action: Callable[[], Awaitable[None]]) -> None:
        """Run one step (as `actor`, or as the scheduler when None) and update the model."""
        first_call = len(self.server.calls)
        self.run(action())
        self.after(actor, first_call)

    # A person takes a moment for each message or tap. (With the clock standing still, two
    # /checkin in a row would ask for two check-ins due at the same microsecond.)
    async def say(self, chat: int, text: str) -> None:
        self.clock.advance(seconds=1)
        self.blocked.discard(chat)  # sending a message unblocks the bot, on Telegram too
        await self.bot.deliver(self.server.make_message_update(chat, text))

    async def tap(self, chat: int, message_id: int, data: str) -> None:
        self.clock.advance(seconds=1)
        update = self.server.make_callback_update(chat, message_id, data)
        self.queries.append(update["callback_query"]["id"])
        await self.bot.deliver(update)

    async def tap_label(self, chat: int, label: str) -> bool:
        """Tap the newest button labelled `label` in the chat, if there is one."""
        for message in reversed(self.server.bot_messages(chat)):
            for text, data in (button for row in message.buttons() for button in row):
                if text == label:
                    await self.tap(chat, message.message_id, data)
                    return True
        return False

    async def tap_data_prefix(self, chat: int, prefix: str) -> bool:
        """Tap the first button of the newest message, if its data starts with `prefix`."""
        messages = self.server.bot_messages(chat)
        buttons = [b for row in messages[-1].buttons() for b in row] if messages else []
        if buttons and buttons[0][1].startswith(prefix):
            await self.tap(chat, messages[-1].message_id, buttons[0][1])
            return True
        return False

    def answer_buttons(self, chat: int) -> list[tuple[int, str, str]]:
        """The answer buttons (and Skip) of the newest check-in question in the chat."""
        for message_id, _, data in self.buttons(chat):
            if data.startswith("a:"):
                buttons = self.buttons(chat)
                return [b for b in buttons if b[0] == message_id and b[2].startswith("a:")]
        return []

    def buttons(self, chat: int, *, newest_only: bool = False) -> list[tuple[int, str, str]]:
        """(message id, label, data) of the buttons in the chat, newest message first."""
        messages: list[FakeMessage] = [
            m for m in reversed(self.server.bot_messages(chat)) if m.buttons()
        ]
        if newest_only:
            messages = messages[:1]
        return [
            (m.message_id, label, data)
            for m in messages
            for row in m.buttons()
            for label, data in row
        ]

    def can_tap(self, chat: int) -> bool:
        return chat not in self.blocked and bool(self.buttons(chat))

    def after(self, actor: int | None, first_call: int) -> None:
        """Check what went out in this step against the model, then bring the model up to date.

        Only the client who acted may get messages while quiet (replies to their own
        command or tap); anyone else quiet gets nothing, except the end of a pause that has
        run out (the welcome back, and check-ins after it).
        """
        now = self.clock.now()
        calls = self.server.calls[first_call:]
        for method, params in calls:
            chat = _chat_of(params)
            if method.lower() not in SENDS or chat is None or chat == actor:
                continue
            quiet = self.quiet.get(chat)
            if quiet is None or self._pause_over(quiet, now):
                continue
            self.unasked.append(
                f"{method} to {NAMES.get(chat, chat)} ({quiet.reason}) at {now:%Y-%m-%d %H:%M}"
                " in a step not theirs: "
                f"{_text_of(params)[:120]!r}"
            )
        marker = None
        if actor is not None:
            for method, params in calls:
                if _chat_of(params) == actor and method.lower() in SENDS | {"editmessagetext"}:
                    text = _text_of(params)
                    marker = next((why for m, why in QUIET_MARKERS if m in text), marker)
        snapshots = self.run(self._snapshots())
        for chat in CHATS:
            self._update_model(chat, actor, marker if chat == actor else None, snapshots[chat])

    @staticmethod
    def _pause_over(quiet: Quiet, now: datetime) -> bool:
        return quiet.reason == "paused" and quiet.until is not None and quiet.until <= now

    def _update_model(
        self, chat: int, actor: int | None, marker: str | None, row: Snapshot
    ) -> None:
        before, had = self.quiet[chat], self.rows[chat]
        self.rows[chat] = row
        now = self.clock.now()
        who = NAMES[chat]
        if had.client_id is not None and row.client_id != had.client_id:
            if chat != actor:
                self.unasked.append(f"{who}'s row changed in a step not theirs: {had} → {row}")
            self.just_erased[had.client_id] = self.checkins_of.pop(had.client_id, set())
        if marker is not None:
            # The bot said a stop, pause, erasure or no has taken effect: storage must agree.
            if row.status not in QUIET_STATUSES[marker]:
                self.unasked.append(f"{who} was told {marker!r} but is stored as {row.status}")
            self.quiet[chat] = Quiet(marker, row.paused_until)
            return
        if row.status is None and before is not None:
            return  # never started, or erased and not back yet
        if row.status in (ClientStatus.STOPPED, ClientStatus.DECLINED, None):
            if before is None or before.reason == "paused":
                # e.g. marked stopped by the scheduler after blocking the bot
                self.quiet[chat] = Quiet(row.status or "erased")
            return
        if row.status == ClientStatus.PAUSED:
            if before is None or before.reason != "paused" or before.until != row.paused_until:
                self.quiet[chat] = Quiet("paused", row.paused_until)
            return
        if row.status == ClientStatus.ACTIVE and before is not None:
            if chat == actor or self._pause_over(before, now):
                self.quiet[chat] = None
            else:
                self.unasked.append(f"{who} became active ({before.reason}) in a step not theirs")
                self.quiet[chat] = None

    async def _snapshots(self) -> dict[int, Snapshot]:
        rows = {c.telegram_id: c for c in await self.bot.rows(Client)}
        out = {}
        for chat in CHATS:
            client = rows.get(chat)
            out[chat] = (
                Snapshot(ClientStatus(client.status), client.id, client.paused_until)
                if client
                else Snapshot(None, None, None)
            )
        return out

    # Rules: what clients (and time) may do next.

    @rule(who=chats, command=st.sampled_from(COMMANDS))
    def command(self, who: int, command: str) -> None:
        self.step(who, lambda: self.say(who, command))

    @rule(who=chats, text=typed_text)
    def type_text(self, who: int, text: str) -> None:
        self.step(who, lambda: self.say(who, text))

    # Whole flows, for clients in a state where the flow means something (any command in
    # any state is the `command` rule's business), so that examples get somewhere.

    def status_in(self, *statuses: ClientStatus | None) -> list[int]:
        return [c for c in CHATS if self.rows[c].status in statuses]

    def pick(self, data: st.DataObject, chats: list[int]) -> int:
        return data.draw(st.sampled_from(chats), label="who")

    @precondition(lambda self: self.status_in(*NOT_SET_UP))
    @rule(
        data=st.data(),
        zone=zones,
        rhythm=st.sampled_from(RHYTHMS),
        day=st.sampled_from([EN.short_weekday(day) for day in range(7)]),
        at=times,
        lead=st.sampled_from(
            [
                EN._(setup_words.LEAD_BUTTONS[Lead.EVENING_BEFORE]),
                EN._(setup_words.LEAD_BUTTONS[Lead.MORNING_OF]),
                EN._(setup_words.LEAD_BUTTONS[Lead.TWO_DAYS_BEFORE]),
            ]
        ),
    )
    def onboard(
        self, data: st.DataObject, zone: str, rhythm: str, day: str, at: str, lead: str
    ) -> None:
        """/start and the quickest way through set-up: a button where there is one, else
        typed (time zones with odd offsets, times in the hour summer time skips); for
        sessions every few weeks or irregular ones, the first date offered."""
        who = self.pick(data, self.status_in(*NOT_SET_UP))

        async def go() -> None:
            await self.say(who, "/start")
            for label in (EN._(setup_words.AGREE), zone, rhythm, day, at, lead):
                if not await self.tap_label(who, label) and label in (zone, at):
                    await self.say(who, label)
            if await self.tap_data_prefix(who, "sd:"):
                await self.tap_label(who, at) or await self.say(who, at)

        self.step(who, go)

    @precondition(lambda self: self.status_in(*SET_UP))
    @rule(data=st.data())
    def checkin_now(self, data: st.DataObject) -> None:
        who = self.pick(data, self.status_in(*SET_UP))
        self.step(who, lambda: self.say(who, "/checkin"))

    @precondition(lambda self: any(self.answer_buttons(c) for c in CHATS if c not in self.blocked))
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        """Answers (or Skip) on the newest check-in question, one after another."""
        ready = [c for c in CHATS if c not in self.blocked and self.answer_buttons(c)]
        who = data.draw(st.sampled_from(ready), label="who")
        taps = data.draw(st.integers(1, 12), label="taps")

        async def go() -> None:
            for _ in range(taps):
                if not (buttons := self.answer_buttons(who)):
                    return
                message_id, _, callback = data.draw(st.sampled_from(buttons))
                await self.tap(who, message_id, callback)

        self.step(who, go)

    @precondition(lambda self: self.status_in(*STORED))
    @rule(data=st.data(), period=st.integers(0, 2), send=st.booleans())
    def summary(self, data: st.DataObject, period: int, send: bool) -> None:
        """/summary, a period, then Send (or Cancel) from the preview."""
        who = self.pick(data, self.status_in(*STORED))

        async def go() -> None:
            await self.say(who, "/summary")
            periods = [
                b for b in self.buttons(who, newest_only=True) if b[1] != EN._(summary_words.CANCEL)
            ]
            if who in self.blocked or not periods or not periods[0][2].startswith("y:"):
                return
            message_id, _, callback = periods[period % len(periods)]
            await self.tap(who, message_id, callback)
            await self.tap_label(
                who, EN._(summary_words.SEND) if send else EN._(summary_words.CANCEL)
            )

        self.step(who, go)

    @precondition(lambda self: self.status_in(*SET_UP))
    @rule(data=st.data(), text=typed_text, aside=st.booleans())
    def agree_task(self, data: st.DataObject, text: str, aside: bool) -> None:
        """/tasks, Add a task and its words (any text), then perhaps the first one set aside
        as no longer relevant."""
        who = self.pick(data, self.status_in(*SET_UP))

        async def go() -> None:
            await self.say(who, "/tasks")
            if await self.tap_label(who, EN._(tasks_words.ADD_TASK)):
                await self.say(who, text)
            if aside:
                await self.tap_label(who, tasks_words.set_aside(EN, 0))

        self.step(who, go)

    @precondition(lambda self: any(self.can_tap(chat) for chat in CHATS))
    @rule(data=st.data())
    def tap_current(self, data: st.DataObject) -> None:
        """A button on the newest message that has any."""
        who = data.draw(st.sampled_from([c for c in CHATS if self.can_tap(c)]), label="who")
        message_id, _, callback = data.draw(
            st.sampled_from(self.buttons(who, newest_only=True)), label="button"
        )
        self.step(who, lambda: self.tap(who, message_id, callback))

    @precondition(lambda self: any(self.can_tap(chat) for chat in CHATS))
    @rule(data=st.data())
    def tap_any(self, data: st.DataObject) -> None:
        """Any button still in the chat, however old."""
        who = data.draw(st.sampled_from([c for c in CHATS if self.can_tap(c)]), label="who")
        message_id, _, callback = data.draw(st.sampled_from(self.buttons(who)), label="button")
        self.step(who, lambda: self.tap(who, message_id, callback))

    @precondition(lambda self: any(self.can_tap(chat) for chat in CHATS))
    @rule(data=st.data())
    def tap_twice(self, data: st.DataObject) -> None:
        """The same button twice in a row, before the first tap has changed the message."""
        who = data.draw(st.sampled_from([c for c in CHATS if self.can_tap(c)]), label="who")
        buttons = self.buttons(who)
        if not buttons:
            return
        message_id, _, callback = data.draw(st.sampled_from(buttons), label="button")

        async def go() -> None:
            await self.tap(who, message_id, callback)
            await self.tap(who, message_id, callback)

        self.step(who, go)

    def forgeable(self, chat: int) -> list[FakeMessage]:
        """Messages to forge a tap on: any the bot sent, pictures and files too."""
        if chat in self.blocked:
            return []
        return self.server.bot_messages(chat)

    @precondition(lambda self: any(self.forgeable(c) for c in CHATS))
    @rule(data=st.data())
    def forge(self, data: st.DataObject) -> None:
        """Button data the bot never put on that message: random, or well-formed but wrong."""
        who = data.draw(st.sampled_from([c for c in CHATS if self.forgeable(c)]), label="who")
        message_id = data.draw(
            st.sampled_from([m.message_id for m in self.forgeable(who)]), label="message"
        )
        checkin_ids = sorted(self.seen_checkins | set(self._all_checkin_ids()))
        forged = st.one_of(random_data, well_formed(checkin_ids, self.clock.now()))
        callback = data.draw(forged, label="data")
        self.step(who, lambda: self.tap(who, message_id, callback))

    @rule()
    def tick(self) -> None:
        self.step(None, self.bot.tick)

    @rule(minutes=jumps)
    def jump(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule(minutes=jumps)
    def jump_and_tick(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)
        self.step(None, self.bot.tick)

    @rule(late=st.sampled_from([0, 1, 90, 13 * 60]))
    def to_the_next_message(self, late: int) -> None:
        """The clock moves to the next check-in or rating waiting to go out (on time, a
        little late, or late into the night), then the tick."""
        waiting = [c.deliver_at for c in self.run(self.bot.rows(CheckIn, status=CheckinStatus.DUE))]
        waiting += [c.next_checkin_at for c in self.run(self.bot.rows(Client)) if c.next_checkin_at]
        ahead = [at for at in waiting if at > self.clock.now()]
        if ahead:
            self.clock.set(min(ahead) + timedelta(minutes=late))
        self.step(None, self.bot.tick)

    @rule(who=chats)
    def block(self, who: int) -> None:
        self.server.block(who)
        self.blocked.add(who)

    @rule(who=chats)
    def unblock(self, who: int) -> None:
        self.server.unblock(who)
        self.blocked.discard(who)

    @precondition(lambda self: self.status_in(*RUNNING))
    @rule(
        data=st.data(),
        then=st.sampled_from(
            [None, EN._(controls_words.KEEP_DATA), EN._(controls_words.ERASE_DATA)]
        ),
    )
    def stop(self, data: st.DataObject, then: str | None) -> None:
        """/stop, then Keep, Erase, or nothing."""
        who = self.pick(data, self.status_in(*RUNNING))

        async def go() -> None:
            await self.say(who, "/stop")
            if then is not None:
                await self.tap_label(who, then)

        self.step(who, go)

    @precondition(lambda self: self.status_in(ClientStatus.ACTIVE))
    @rule(data=st.data(), length=st.sampled_from(PauseLength))
    def pause(self, data: st.DataObject, length: PauseLength) -> None:
        """/pause, then a length."""
        who = self.pick(data, self.status_in(ClientStatus.ACTIVE))
        label = {
            PauseLength.ONE_WEEK: EN._(controls_words.PAUSE_LENGTHS[PauseLength.ONE_WEEK]),
            PauseLength.TWO_WEEKS: EN._(controls_words.PAUSE_LENGTHS[PauseLength.TWO_WEEKS]),
            PauseLength.ONE_MONTH: EN._(controls_words.PAUSE_LENGTHS[PauseLength.ONE_MONTH]),
            PauseLength.UNTIL_RESUMED: EN._(
                controls_words.PAUSE_LENGTHS[PauseLength.UNTIL_RESUMED]
            ),
        }[length]

        async def go() -> None:
            await self.say(who, "/pause")
            await self.tap_label(who, label)

        self.step(who, go)

    @precondition(lambda self: self.status_in(*STORED))
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        """/delete, then Erase everything."""
        who = self.pick(data, self.status_in(*STORED))

        async def go() -> None:
            await self.say(who, "/delete")
            await self.tap_label(who, EN._(controls_words.ERASE_DATA))

        self.step(who, go)

    @precondition(lambda self: self.status_in(*SET_UP))
    @rule(
        data=st.data(),
        summary=st.booleans(),
        note=st.sampled_from([None, "Walking helped", ""]),
        then=st.sampled_from(
            [
                None,
                EN._(controls_words.KEEP_CHECKING_IN),
                EN._(controls_words.PAUSE_NOW),
                EN._(controls_words.STOP_AND_ERASE),
            ]
        ),
        confirm=st.booleans(),
    )
    def end_therapy(
        self, data: st.DataObject, summary: bool, note: str | None, then: str | None, confirm: bool
    ) -> None:
        """/settings, My therapy is ending (or its summary again, once it has), Yes or No,
        a note or Skip, then one of the ways on (and its pause length or erasure)."""
        who = self.pick(data, self.status_in(*SET_UP))
        # A step of its own: /settings names a break while there is one, and the choice
        # that follows may end it.
        self.step(who, lambda: self.say(who, "/settings"))

        async def go() -> None:
            ending = EN._(controls_words.ENDING)
            if not await self.tap_label(who, ending):
                await self.tap_label(who, EN._(controls_words.WHOLE_THERAPY))
                return
            yes_no = controls_words.ENDING_YES if summary else controls_words.ENDING_NO
            await self.tap_label(who, EN._(yes_no))
            if note is None:
                await self.tap_label(who, EN._(controls_words.SKIP_NOTE))
            else:
                await self.say(who, note or " ")
            if then is None or not await self.tap_label(who, then):
                return
            if then == EN._(controls_words.PAUSE_NOW):
                await self.tap_label(who, EN._(controls_words.PAUSE_LENGTHS[PauseLength.ONE_WEEK]))
            elif then == EN._(controls_words.STOP_AND_ERASE):
                erase = controls_words.ERASE_DATA if confirm else controls_words.KEEP_DATA
                await self.tap_label(who, EN._(erase))

        self.step(who, go)

    @precondition(lambda self: self.status_in(*SET_UP))
    @rule(data=st.data(), on=st.booleans())
    def ask_after_sessions(self, data: st.DataObject, on: bool) -> None:
        """/settings, then the question after each session on or off (offered only to a
        client with sessions)."""
        who = self.pick(data, self.status_in(*SET_UP))
        label = EN._(controls_words.RATING_ON if on else controls_words.RATING_OFF)

        async def go() -> None:
            await self.say(who, "/settings")
            await self.tap_label(who, label)

        self.step(who, go)

    def _all_checkin_ids(self) -> list[int]:
        return [c.id for c in self.run(self.bot.rows(CheckIn))]

    # Invariants, after every step.

    @invariant()
    def no_error_reached_anyone(self) -> None:
        if self.harness is None:
            return
        assert not self.bot.errors, f"handlers raised: {self.bot.errors!r}"
        logged = [
            r.getMessage() + (f" {r.exc_info[1]!r}" if r.exc_info else "")
            for r in self.error_log.records
        ]
        assert not logged, f"logged at ERROR: {logged}"
        for method, params in self.server.calls[self.calls_checked :]:
            assert EN._(SOMETHING_WENT_WRONG) not in _text_of(params), (method, params)
        self.calls_checked = len(self.server.calls)

    @invariant()
    def every_tap_answered_once(self) -> None:
        if self.harness is None:
            return
        attempts = Counter(
            str(params.get("callback_query_id"))
            for method, params in self.server.calls
            if method.lower() == "answercallbackquery"
        )
        answered = Counter(a["callback_query_id"] for a in self.server.callback_answers)
        for query in self.queries:
            assert attempts[query] == 1, f"query {query} answered {attempts[query]} times"
            assert answered[query] == 1, f"query {query}: Telegram took no answer"

    @invariant()
    def nothing_sent_unasked(self) -> None:
        assert not self.unasked, "\n".join(self.unasked)

    @invariant()
    def storage_is_consistent(self) -> None:
        if self.harness is None:
            return
        problems = self.run(self._storage_problems())
        assert not problems, "\n".join(problems)

    async def _storage_problems(self) -> list[str]:
        clients = await self.bot.rows(Client)
        checkins = await self.bot.rows(CheckIn)
        answers = await self.bot.rows(Answer)
        consents = await self.bot.rows(ConsentRecord)
        summaries = await self.bot.rows(SummaryLog)
        tasks = await self.bot.rows(Task)
        problems: list[str] = []
        erased_checkins = {i for ids in self.just_erased.values() for i in ids}
        status_of = {c.id: ClientStatus(c.status) for c in clients}
        for checkin in checkins:
            self.checkins_of.setdefault(checkin.client_id, set()).add(checkin.id)
            self.seen_checkins.add(checkin.id)
        answered = Counter(a.checkin_id for a in answers)
        positions = Counter((a.checkin_id, a.position) for a in answers)
        problems += [f"answer {key} stored {n} times" for key, n in positions.items() if n > 1]
        open_per_client: Counter[int] = Counter()
        for checkin in checkins:
            status = CheckinStatus(checkin.status)
            owner = status_of.get(checkin.client_id)
            # Every step before the position is answered, but for the statements about a
            # session, passed over when there was none,
            # and for a goal or task no longer asked about (archived, erased, closed).
            reached = checkin.position == answered[checkin.id] or (
                (checkin.had_session is False or '"tasks"' in checkin.plan)
                and checkin.position > answered[checkin.id]
            )
            beyond = [p for c, p in positions if c == checkin.id and p >= checkin.position]
            if not reached or beyond:
                problems.append(
                    f"check-in {checkin.id} ({status}) at position {checkin.position} "
                    f"with {answered[checkin.id]} answers"
                )
            if status in (CheckinStatus.DUE, CheckinStatus.OPEN) and owner in (
                ClientStatus.STOPPED,
                ClientStatus.DECLINED,
            ):
                problems.append(f"check-in {checkin.id} is {status} for a {owner} client")
            if status is CheckinStatus.OPEN:
                open_per_client[checkin.client_id] += 1
                if checkin.sent_at is None or checkin.message_id is None:
                    problems.append(f"open check-in {checkin.id} was never sent")
        problems += [
            f"client {client} has {n} open check-ins"
            for client, n in open_per_client.items()
            if n > 1
        ]
        # An erased client leaves nothing behind; nothing points at a row that is gone.
        checkin_ids = {c.id for c in checkins}
        problems += [
            f"erased client {c} is still stored" for c in set(self.just_erased) & set(status_of)
        ]
        for table, rows in (
            ("checkins", checkins),
            ("consent", consents),
            ("summaries", summaries),
            ("tasks", tasks),
        ):
            problems += [
                f"{table} row {r.id} of client {r.client_id}, who is not stored"
                for r in rows
                if r.client_id not in status_of
            ]
        problems += [
            f"answer {a.id} of check-in {a.checkin_id}, which is not stored"
            for a in answers
            if a.checkin_id not in checkin_ids or a.checkin_id in erased_checkins
        ]
        problems += [f"erased check-in {i} is still stored" for i in erased_checkins & checkin_ids]
        # One preview, one summary: a second from the same preview has the same period.
        sent = Counter((s.client_id, s.period, s.period_start, s.period_end) for s in summaries)
        problems += [f"summary {key} sent {n} times" for key, n in sent.items() if n > 1]
        # A rating after a session: once per session, after it, never at night.
        zone_of = {c.id: c.timezone for c in clients}
        ratings = [c for c in checkins if c.kind == CheckinKind.RATING]
        for rating in (r for r in ratings if r.sent_at is not None):
            if quiet(rating.sent_at, zone_of.get(rating.client_id)):
                problems.append(f"rating {rating.id} sent at night, at {rating.sent_at}")
            if rating.session_at is None or rating.sent_at < rating.session_at:
                problems.append(f"rating {rating.id} sent before its session")
        kept = Counter(
            (r.client_id, r.session_at)
            for r in ratings
            if r.status not in (CheckinStatus.CANCELLED, CheckinStatus.SKIPPED)
        )
        problems += [f"session {key} has {n} ratings" for key, n in kept.items() if n > 1]
        # Never more than three tasks open at once, each with its words.
        open_tasks = Counter(t.client_id for t in tasks if t.closed_at is None and t.words)
        problems += [f"client {c} has {n} open tasks" for c, n in open_tasks.items() if n > 3]
        self.just_erased.clear()
        return problems


def well_formed(checkin_ids: list[int], now: datetime) -> st.SearchStrategy[str]:
    """Data in the bot's own formats, with values it never offered: other clients' check-ins,
    positions not reached, versions and periods that do not exist."""
    ids = (
        st.one_of(st.sampled_from(checkin_ids), st.integers(0, 10**12 - 1))
        if checkin_ids
        else (st.integers(0, 10**12 - 1))
    )
    stamp = st.integers(-3 * 86400, 86400).map(lambda s: int(now.timestamp()) + s)
    return (
        st.one_of(
            st.builds(AnswerPress, ids, st.integers(0, 30), st.none() | st.integers(0, 99)),
            st.builds(
                CheckinAction,
                ids,
                st.sampled_from([*CheckinMove, *Later]),
            ),
            st.builds(Consent, st.booleans(), st.integers(0, 9999)),
            st.builds(Zone, st.from_regex(r"[A-Za-z0-9_+\-/]{1,60}", fullmatch=True)),
            st.builds(Weekday, st.integers(0, 6)),
            st.builds(
                TimeOfDay,
                st.times().map(lambda t: t.replace(second=0, microsecond=0)),
            ),
            st.builds(PauseChoice, st.sampled_from(PauseLength)),
            st.builds(SettingChoice, st.sampled_from(Setting)),
            st.builds(DataChoice, st.booleans()),
            st.builds(NudgeChoice, st.booleans()),
            st.builds(TaskChoice, st.sampled_from(TaskMove), st.none() | st.integers(0, 99)),
            st.builds(
                EndingChoice,
                st.sampled_from(EndingStep),
                st.integers(0, 12),
                st.none() | stamp,
            ),
            st.builds(
                SummaryPress,
                st.sampled_from(Period),
                st.none() | st.integers(0, 15),
                stamp,
                st.sampled_from(SummaryStep),
            ),
        )
        .map(lambda press: press.encode())
        .filter(lambda data: len(data.encode()) <= MAX_BYTES)
    )


TestConversation = Conversation.TestCase
