"""RETENTION_DAYS: a client who stops using Between is told a week before, then erased
exactly as /delete erases; coming back keeps everything; 0 keeps it all forever."""

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from botapi import FakeBotApi, TelegramTestClient
from config import Settings, SettingsError, load_settings
from domain.quiet_hours import quiet
from storage.models import Client
from tests.conftest import START, onboard
from tests.harness import BotHarness, FakeClock
from tests.test_data_rights import SECRET, all_rows, raw_dump
from tests.test_summary import weekly_checkins

WARNING = "You haven't used Between since"
YEAR = timedelta(days=365)  # the default RETENTION_DAYS
WEEK = timedelta(days=7)


def warnings(client: TelegramTestClient) -> list[str]:
    return [text for text in client.texts() if text.startswith(WARNING)]


async def last_active(bot: BotHarness, telegram_id: int = 1001) -> datetime:
    [client] = await bot.rows(Client, telegram_id=telegram_id)
    assert client.last_active_at is not None
    return client.last_active_at


async def tick_at(bot: BotHarness, moment: datetime) -> None:
    bot.clock.set(moment)
    await bot.tick()


async def test_warned_once_a_week_before_then_erased_as_delete_erases(
    bot: BotHarness, alex: TelegramTestClient, settings: Settings
) -> None:
    sam = bot.client(2002, "Sam")
    await onboard(alex)
    await weekly_checkins(bot, alex, 1, note=SECRET)
    await onboard(sam)
    since = await last_active(bot)
    bot.clock.set(since + YEAR / 2)
    await sam.send("/help")  # Sam keeps using Between
    await tick_at(bot, since + YEAR - WEEK - timedelta(minutes=1))
    assert warnings(alex) == []
    await tick_at(bot, since + YEAR - WEEK)
    [warning] = warnings(alex)
    assert "since 30 November 2026" in warning and "erased on 30 November 2027" in warning
    await bot.restart()
    await tick_at(bot, since + YEAR - WEEK + timedelta(hours=1))
    assert len(warnings(alex)) == 1, "a restart does not warn again"
    await tick_at(bot, since + YEAR - timedelta(minutes=1))
    assert await bot.count(Client, telegram_id=alex.chat_id) == 1
    await tick_at(bot, since + YEAR)
    tables = await all_rows(bot)
    [sam_row] = tables["clients"]
    for name, rows in tables.items():
        assert all(alex.chat_id not in row for row in rows), f"{name} still holds Alex"
        if name not in ("clients", "send_budgets"):  # the bot's send budget is no client's
            assert all(sam_row[0] in row for row in rows), name
    assert SECRET.encode() not in await raw_dump(bot, settings)
    assert warnings(sam) == []


@pytest.mark.parametrize("how", ["command", "tap"])
async def test_coming_back_after_the_warning_keeps_everything(
    bot: BotHarness, alex: TelegramTestClient, how: str
) -> None:
    await onboard(alex)
    await weekly_checkins(bot, alex, 1)
    since = await last_active(bot)
    await tick_at(bot, since + YEAR - WEEK)  # a check-in is due too: sent before the warning
    assert len(warnings(alex)) == 1
    bot.clock.advance(days=2)
    if how == "command":
        await alex.send("/help")
    else:
        checkin = next(m for m in reversed(alex.bot_messages()) if m.buttons())
        await alex.press_data(checkin.buttons()[0][0][1], checkin.message_id)
    back = bot.clock.now()
    for moment in (since + YEAR, since + YEAR + WEEK, back + YEAR - WEEK - timedelta(hours=1)):
        await tick_at(bot, moment)
        assert await bot.count(Client) == 1
    assert len(warnings(alex)) == 1
    await tick_at(bot, back + YEAR - WEEK)
    assert len(warnings(alex)) == 2, "a new warning counts from the return"


async def test_no_warning_at_night_where_the_client_is(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    bot.clock.set(START.replace(hour=23))  # 23:00 in London
    await onboard(alex)
    since = await last_active(bot)
    await tick_at(bot, since + YEAR - WEEK)
    await tick_at(bot, since + YEAR - WEEK + timedelta(hours=8, minutes=59))  # 07:59
    assert warnings(alex) == []
    await tick_at(bot, since + YEAR - WEEK + timedelta(hours=9))  # 08:00
    [warning] = warnings(alex)
    assert "erased on 26 November 2027" in warning, "a full week from the warning"
    await tick_at(bot, since + YEAR)
    assert await bot.count(Client) == 1, "the week counts from when the warning went out"
    await tick_at(bot, since + YEAR + timedelta(hours=9))
    assert await bot.count(Client) == 0


async def test_the_warning_in_the_clients_language(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Change language")
    await alex.press("Deutsch")
    since = await last_active(bot)
    await tick_at(bot, since + YEAR - WEEK)
    [warning] = [text for text in alex.texts() if text.startswith("Sie haben Between")]
    assert "seit dem 25. November 2026" in warning and "am 25. November 2027" in warning


async def test_a_warning_that_failed_goes_out_at_the_next_tick_once(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    since = await last_active(bot)
    bot.api.drop_next("sendMessage")
    await tick_at(bot, since + YEAR - WEEK)
    assert warnings(alex) == []
    await tick_at(bot, since + YEAR - WEEK + timedelta(minutes=1))
    await tick_at(bot, since + YEAR - WEEK + timedelta(minutes=2))
    assert len(warnings(alex)) == 1


async def test_a_client_who_blocked_the_bot_is_erased_when_the_week_is_up(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    since = await last_active(bot)
    bot.api.block(alex.chat_id)
    await tick_at(bot, since + YEAR - WEEK)
    [client] = await bot.rows(Client)
    assert client.status == "stopped" and client.retention_warned_at is not None
    await tick_at(bot, since + YEAR)
    assert await bot.count(Client) == 0


@pytest.fixture
async def forever(
    api: FakeBotApi, settings: Settings, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    harness = BotHarness(api, settings.model_copy(update={"retention_days": 0}), clock)
    await harness.start()
    yield harness
    await harness.stop()


async def test_nothing_is_erased_when_retention_is_off(forever: BotHarness) -> None:
    alex = forever.client(1001, "Alex")
    await onboard(alex)
    await tick_at(forever, START + 10 * YEAR)
    assert warnings(alex) == []
    assert await forever.count(Client) == 1


async def test_a_chat_that_never_agreed_is_forgotten_without_a_message(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await alex.press("Not now")
    assert await bot.count(Client) == 1
    await tick_at(bot, START + YEAR)
    assert await bot.count(Client) == 0
    assert warnings(alex) == []


def test_quiet_hours_are_local() -> None:
    utc_noon = START  # 12:00 UTC
    assert not quiet(utc_noon, "Europe/London")
    assert quiet(utc_noon, "Pacific/Auckland")  # 01:00 the next day
    assert quiet(utc_noon.replace(hour=22), None)


@pytest.mark.parametrize(("value", "days"), [("", 365), ("0", 0), ("30", 30)])
def test_the_setting(monkeypatch: pytest.MonkeyPatch, value: str, days: int) -> None:
    monkeypatch.setenv("RETENTION_DAYS", value)
    assert load_settings().retention_days == days


@pytest.mark.parametrize("value", ["7", "-1", "a year"])
def test_a_limit_with_no_room_for_the_warning_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", value)
    with pytest.raises(SettingsError, match="RETENTION_DAYS"):
        load_settings()
