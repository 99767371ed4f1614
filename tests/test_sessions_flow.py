"""Sessions at the centre: set-up by rhythm, the check-in before each session, /session,
the summary offer, and therapists' invite links."""

from datetime import UTC, datetime, time, timedelta

import pytest

from botapi import TelegramTestClient
from domain.sessions import Rhythm
from domain.states import CheckinStatus
from services import invites
from services.invites import Preset
from storage.models import CheckIn, Client, ConsentRecord, Invite
from tests.conftest import onboard
from tests.harness import BotHarness

WEDNESDAY_1900 = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # London is on UTC in November
THURSDAY_1000 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


async def weekly_thursdays(
    client: TelegramTestClient, lead: str = "The evening before, 19:00"
) -> None:
    await client.send("/start")
    await client.press("I agree")
    await client.press("Europe/London")
    await client.press("Every week")
    await client.press("Thu")
    await client.send("10:00")
    await client.press(lead)


async def test_weekly_sessions_get_their_checkin_the_evening_before(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    assert "Wednesday 25 November at 19:00" in alex.last_text
    assert "Thursday 26 November at 10:00" in alex.last_text
    [client] = await bot.rows(Client)
    assert (client.next_checkin_at, client.next_session_at) == (WEDNESDAY_1900, THURSDAY_1000)
    bot.clock.set(WEDNESDAY_1900)
    assert await bot.tick() == 1
    assert "Have you had a session since your last check-in?" in alex.last_text
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert checkin.session_at == THURSDAY_1000
    [client] = await bot.rows(Client)
    assert client.next_session_at == THURSDAY_1000 + timedelta(weeks=1)


async def test_the_session_question_no_skips_the_statements_and_a_summary_is_offered(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("No")
    await alex.press("6")
    assert "What would you most like to talk about next time?" in alex.last_text
    await alex.press("Skip")
    assert "Anything you'd like to bring" in alex.last_text
    await alex.press("Skip")
    assert "Would you like to prepare a summary for it now?" in alex.last_text
    assert "Thursday 26 November at 10:00" in alex.last_text
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert checkin.had_session is False and checkin.status == CheckinStatus.DONE


async def test_a_moved_session_moves_its_checkin_at_once_within_the_lead(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(datetime(2026, 11, 25, 12, 30, tzinfo=UTC))
    await alex.send("/session")
    assert "Your next session: Thursday 26 November at 10:00" in alex.last_text
    await alex.press("Moved to another time")
    await alex.press("Wed 25 Nov")
    await alex.send("17:00")
    assert "Wednesday 25 November at 17:00" in alex.last_text
    assert await bot.tick() == 1, "within the lead time: the check-in comes at once"
    [checkin] = await bot.rows(CheckIn, kind="checkin")
    assert checkin.session_at == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    [client] = await bot.rows(Client)
    assert client.next_session_at == THURSDAY_1000 + timedelta(weeks=1), "the rhythm stays"


async def test_no_session_this_time_skips_its_checkin_and_keeps_the_rhythm(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/session")
    await alex.press("No session this time")
    assert "no session on Thursday 26 November" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.next_session_at == THURSDAY_1000 + timedelta(weeks=1)
    assert client.next_checkin_at == WEDNESDAY_1900 + timedelta(weeks=1)
    bot.clock.set(WEDNESDAY_1900)
    assert await bot.tick() == 0


async def test_an_irregular_rhythm_asks_for_the_next_session(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await alex.send("/start")
    await alex.press("I agree")
    await alex.press("Europe/London")
    await alex.press("Not regular")
    await alex.press("The morning of the session, 08:00")
    assert "When is your next session?" in alex.last_text
    await alex.press("Fri 27 Nov")
    await alex.send("9:30")
    assert "Friday 27 November at 09:30" in alex.last_text
    [client] = await bot.rows(Client)
    assert client.next_checkin_at == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


async def test_the_summary_offer_comes_once_three_hours_before_never_while_paused(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("Yes")
    before = len(alex.bot_messages())
    bot.clock.set(THURSDAY_1000 - timedelta(hours=2))
    await bot.tick()
    assert "Would you like to prepare a summary" in alex.last_text
    assert len(alex.bot_messages()) == before + 1
    await bot.tick()
    assert len(alex.bot_messages()) == before + 1, "never twice for one session"
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=1))
    await bot.tick()
    await alex.press("Yes")
    await alex.send("/pause")
    await alex.press("1 week")
    shown = len(alex.bot_messages())
    bot.clock.set(THURSDAY_1000 + timedelta(weeks=1, hours=-2))
    await bot.tick()
    assert len(alex.bot_messages()) == shown, "not while paused"


async def test_the_summary_offer_can_be_turned_off_and_on_in_settings(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/settings")
    assert "Before each session I offer to prepare a summary." in alex.last_text
    await alex.press("Stop offering summaries")
    assert "I don't offer a summary before sessions" in alex.last_text
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("Yes")
    shown = len(alex.bot_messages())
    bot.clock.set(THURSDAY_1000 - timedelta(hours=2))
    await bot.tick()
    assert len(alex.bot_messages()) == shown, "no offer once turned off"
    await alex.send("/settings")
    await alex.press("Offer a summary before sessions")
    [client] = await bot.rows(Client)
    assert client.summary_offers is True


async def test_without_sessions_settings_offer_no_summary_switch(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    assert "summary" not in alex.last_text.lower()
    assert alex.last_message is not None
    assert not any("summar" in label for label in alex.last_message.button_labels())


async def invite(bot: BotHarness, uses: int = 1, days: float = 14) -> str:
    preset = Preset("Dr Example", Rhythm.WEEKLY, 3, time(10, 0), "Europe/London", False)
    return (await invites.create(bot.runtime, preset, uses, days)).code


async def test_an_invite_sets_a_client_up_in_two_taps(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    code = await invite(bot)
    await alex.send(f"/start {code}")
    assert "Dr Example invited you to use Between." in alex.last_text
    await alex.press("I agree")
    assert "Dr Example suggested" in alex.last_text
    await alex.press("That's right")
    assert "Wednesday 25 November at 19:00" in alex.last_text
    [client] = await bot.rows(Client)
    assert (client.status, client.next_session_at) == ("active", THURSDAY_1000)
    [stored] = await bot.rows(Invite)
    assert stored.uses_left == 0 and code not in (stored.code_hash, stored.code_prefix)


@pytest.mark.parametrize("state", ["expired", "used up", "revoked", "forged", "over-long"])
async def test_a_link_that_is_no_longer_valid_falls_back_to_the_usual_set_up(
    bot: BotHarness, alex: TelegramTestClient, state: str
) -> None:
    code = await invite(bot, days=1)
    if state == "expired":
        bot.clock.advance(days=2)
    elif state == "used up":
        sam = bot.client(2002, "Sam")
        await sam.send(f"/start {code}")
        await sam.press("I agree")
    elif state == "revoked":
        assert await invites.revoke(bot.runtime, code[:6]) is not None
    elif state == "forged":
        code = code[:-1] + ("A" if code[-1] != "A" else "B")
    else:
        code = code * 3
    await alex.send(f"/start {code}")
    texts = alex.texts()
    assert "invite link isn't valid any more" in texts[-2]
    assert "welcome to Between" in texts[-1] and "invited you" not in texts[-1]


async def test_a_client_already_set_up_is_asked_before_an_invite_changes_anything(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    code = await invite(bot)
    await alex.send(f"/start {code}")
    assert "Would you like to use these settings instead of yours?" in alex.last_text
    await alex.press("Keep mine")
    [client] = await bot.rows(Client)
    assert client.rhythm == "checkin"
    await alex.send(f"/start {code}")
    await alex.press("Use these")
    [client] = await bot.rows(Client)
    assert (client.rhythm, client.next_session_at) == ("weekly", THURSDAY_1000)
    assert await bot.count(ConsentRecord) == 1


async def test_many_wrong_codes_from_one_chat_are_slowed_down(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    code = await invite(bot)
    for n in range(5):
        await alex.send(f"/start {'x' * 31}{n}")
    await alex.send(f"/start {code}")
    assert "try again in an hour" in alex.texts()[-2]
    bot.clock.advance(hours=1, minutes=1)
    await alex.send(f"/start {code}")
    assert "Dr Example invited you" in alex.last_text


async def test_the_summary_shows_therapy_answers_against_their_session(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    for week in range(2):
        bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=week))
        await bot.tick()
        await alex.press("Yes")
        await alex.press("6")
        for _ in range(6):
            await alex.press("4")
        await alex.press("Skip")
    await alex.send("/summary")
    await alex.press("Last 4 weeks")
    assert "therapy (26 Nov) 4" in alex.last_text, alex.last_text


async def test_settings_show_the_sessions_and_change_the_lead(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    await alex.send("/settings")
    assert "Your sessions: every week, on Thursday at 10:00" in alex.last_text
    assert "the evening before, at 19:00" in alex.last_text
    await alex.press("Change when check-ins come")
    await alex.press("Two days before, 19:00")
    [client] = await bot.rows(Client)
    # Two days before Thursday 10:00 has passed: this session's check-in comes at once.
    assert (client.next_checkin_at, client.next_session_at) == (bot.clock.now(), THURSDAY_1000)


async def test_after_a_cancelled_session_no_comes_first(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await weekly_thursdays(alex)
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    message = alex.last_message
    assert message is not None and message.button_labels()[:2] == ["Yes", "No"]
    await alex.send("/session")
    await alex.press("No session this time")
    bot.clock.set(WEDNESDAY_1900 + timedelta(weeks=1))
    assert await bot.tick() == 1
    message = alex.last_message
    assert message is not None and message.button_labels()[:2] == ["No", "Yes"]


async def test_the_summary_offer_before_an_early_session_waits_for_the_morning(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    """A 09:00 session: the three hours before it begin at 06:00; the offer comes at 08:00."""
    await weekly_thursdays(alex)
    await alex.send("/session")
    await alex.press("Moved to another time")
    await alex.press("Thu 26 Nov")
    await alex.send("09:00")
    bot.clock.set(WEDNESDAY_1900)
    await bot.tick()
    await alex.press("Yes")
    shown = len(alex.bot_messages())
    bot.clock.set(datetime(2026, 11, 26, 6, 30, tzinfo=UTC))
    await bot.tick()
    assert len(alex.bot_messages()) == shown, "not at night"
    bot.clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    await bot.tick()
    assert "Would you like to prepare a summary" in alex.last_text
