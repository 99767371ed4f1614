"""A round planned to arrive on time, through the real tick and storage on the test's clock:
a crowded minute is created ahead and sent in due order with none late; a small one goes
at its time as before; a session cancelled or moved after its early check-in was created
still wins; nothing is moved into the client's night; none goes out after its session.

The budget is one message a second here (SEND_RATE=1), so a few hundred clients are a
crowded minute; sends take 1 / rate of the clock each, as the limiter spaces them.
"""

from datetime import UTC, datetime, timedelta

import pytest

from bench.planned_round import PacedSender, seed_minute
from botapi import TelegramTestClient
from config import Settings
from domain.round import round_rate
from domain.states import CheckinStatus
from scheduler.ports import SendFailed
from scheduler.tick import run_tick
from services.delivery import runs_starting, schedule_due
from services.plans import Step
from storage.models import CheckIn, Client
from tests.conftest import onboard
from tests.harness import BotHarness
from tests.test_sessions_flow import WEDNESDAY_1900, weekly_thursdays

RATE = round_rate(1, paid=False)  # 0.95 a second
CROWD = 300  # 315 s of sending: a run that starts early
BEFORE = WEDNESDAY_1900 - timedelta(minutes=1)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"send_rate": 1})


async def tick_until(bot: BotHarness, sender: PacedSender, until: datetime) -> None:
    """Tick after tick, 30 s of the clock apart, as the scheduler does."""
    while bot.clock.now() < until:
        await run_tick(bot.runtime, sender)
        bot.clock.advance(seconds=30)


def sender_for(bot: BotHarness) -> PacedSender:
    return PacedSender(bot.clock, RATE)  # type: ignore[arg-type]


async def test_a_crowded_minute_is_created_ahead_and_arrives_in_due_order_none_late(
    bot: BotHarness,
) -> None:
    await seed_minute(bot.runtime, 60, BEFORE, 3000)
    await seed_minute(bot.runtime, CROWD, WEDNESDAY_1900, 4000)
    sender = sender_for(bot)
    bot.clock.set(WEDNESDAY_1900 - timedelta(minutes=15))

    await tick_until(bot, sender, WEDNESDAY_1900 - timedelta(minutes=8))
    assert await bot.count(CheckIn, kind="checkin") == 0, "nothing is created before the run's tick"
    await tick_until(bot, sender, WEDNESDAY_1900 + timedelta(minutes=5))

    assert len(sender.sent) == 60 + CROWD
    slot = {chat: BEFORE if chat < 4000 else WEDNESDAY_1900 for chat, _ in sender.sent}
    assert all(at <= slot[chat] for chat, at in sender.sent), "none arrives late"
    order = [slot[chat] for chat, _ in sender.sent]
    assert order == sorted(order), "the 18:59 check-ins all go before the 19:00 ones"
    # The crowd ends at 19:00; the minute before it goes first, ending when the crowd starts.
    planned = WEDNESDAY_1900 - timedelta(seconds=(60 + CROWD) / RATE)
    first = sender.sent[0][1]
    assert planned - timedelta(seconds=30) <= first <= planned, "early by what it needs"
    for checkin in await bot.rows(CheckIn, kind="checkin"):
        assert checkin.due_at == slot[await _chat(bot, checkin.client_id)], "its slot kept"
        assert checkin.deliver_at < checkin.due_at
        assert checkin.status == CheckinStatus.OPEN


async def _chat(bot: BotHarness, client_id: int) -> int:
    [client] = await bot.rows(Client, id=client_id)
    return client.telegram_id


async def test_a_small_round_goes_at_its_time_as_before(bot: BotHarness) -> None:
    await seed_minute(bot.runtime, 10, WEDNESDAY_1900, 4000)
    sender = sender_for(bot)
    bot.clock.set(WEDNESDAY_1900 - timedelta(minutes=10))

    await tick_until(bot, sender, WEDNESDAY_1900)
    assert await bot.count(CheckIn, kind="checkin") == 0, "not created ahead"
    await tick_until(bot, sender, WEDNESDAY_1900 + timedelta(minutes=2))

    assert len(sender.sent) == 10
    assert sender.sent[0][1] == WEDNESDAY_1900
    assert all(
        c.deliver_at == c.due_at == WEDNESDAY_1900 for c in await bot.rows(CheckIn, kind="checkin")
    )


async def created_ahead(bot: BotHarness) -> None:
    """The run's check-ins created at its tick, none sent yet."""
    bot.clock.set(WEDNESDAY_1900 - timedelta(minutes=5, seconds=30))
    [run] = await runs_starting(bot.runtime, bot.clock.now())
    while await schedule_due(bot.runtime, bot.clock.now(), run=run):
        pass
    assert await bot.count(CheckIn, status=CheckinStatus.DUE, kind="checkin") == CROWD + 1


async def test_a_session_cancelled_after_its_early_checkin_was_created_skips_it(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await seed_minute(bot.runtime, CROWD, WEDNESDAY_1900, 4000)
    await created_ahead(bot)

    await alex.send("/session")
    await alex.press("No session this time")
    sender = sender_for(bot)
    await tick_until(bot, sender, WEDNESDAY_1900 + timedelta(minutes=5))

    assert len(sender.sent) == CROWD
    assert alex.chat_id not in {chat for chat, _ in sender.sent}
    [client] = await bot.rows(Client, telegram_id=alex.chat_id)
    [checkin] = await bot.rows(CheckIn, client_id=client.id, kind="checkin")
    assert checkin.status == CheckinStatus.SKIPPED
    assert client.next_checkin_at == WEDNESDAY_1900 + timedelta(weeks=1)


async def test_a_session_moved_after_its_early_checkin_was_created_takes_it_along(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await seed_minute(bot.runtime, CROWD, WEDNESDAY_1900, 4000)
    await created_ahead(bot)

    await alex.send("/session")
    await alex.press("Moved to another time")
    await alex.press("Fri 27 Nov")
    await alex.send("10:00")
    sender = sender_for(bot)
    await tick_until(bot, sender, WEDNESDAY_1900 + timedelta(minutes=5))
    assert alex.chat_id not in {chat for chat, _ in sender.sent}, "not before its new time"

    thursday_1900 = WEDNESDAY_1900 + timedelta(days=1)
    bot.clock.set(thursday_1900)
    await run_tick(bot.runtime, sender)
    chat, at = sender.sent[-1]
    assert chat == alex.chat_id and at >= thursday_1900, "at its new time (after reminders)"
    [client] = await bot.rows(Client, telegram_id=alex.chat_id)
    [checkin] = await bot.rows(CheckIn, client_id=client.id, kind="checkin")
    assert checkin.session_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


async def test_a_crowd_at_eight_in_the_morning_is_not_moved_into_the_night(
    bot: BotHarness,
) -> None:
    eight = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # 08:00 in London
    await seed_minute(bot.runtime, CROWD, eight, 4000)
    sender = sender_for(bot)
    bot.clock.set(eight - timedelta(minutes=10))

    await tick_until(bot, sender, eight + timedelta(minutes=8))

    assert len(sender.sent) == CROWD
    assert min(at for _, at in sender.sent) >= eight, "nothing before 08:00"
    assert all(c.deliver_at == eight for c in await bot.rows(CheckIn, kind="checkin"))


class FailingSender(PacedSender):
    async def send_checkin(
        self, telegram_id: int, language: str | None, step: Step, *, reminder: bool = False
    ) -> int:
        raise SendFailed


async def test_a_checkin_not_out_when_its_session_starts_is_never_sent(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await run_tick(bot.runtime, FailingSender(bot.clock, RATE))  # type: ignore[arg-type]

    bot.clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))  # the session starts
    sender = sender_for(bot)
    await run_tick(bot.runtime, sender)

    assert sender.sent == []
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert checkin.status == CheckinStatus.UNDELIVERED


async def test_with_paid_broadcast_a_checkin_goes_paid_and_its_reminder_does_not(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await bot.stop()
    bot.settings = bot.settings.model_copy(update={"paid_broadcast": True})
    await bot.start()
    await onboard(alex)
    bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    await bot.tick()
    assert "Have you had a session" in alex.last_text
    assert alex.last_message is not None and alex.last_message.paid_broadcast

    bot.clock.advance(hours=23)  # 08:00: a reminder waits out the night
    await bot.tick()
    assert alex.last_message is not None and not alex.last_message.paid_broadcast
    assert "Have you had a session" in alex.last_text, "the reminder"


async def test_without_paid_broadcast_nothing_is_paid(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    await bot.tick()
    assert alex.last_message is not None and not alex.last_message.paid_broadcast
