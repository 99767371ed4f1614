"""A tap on a check-in costs one database transaction: the press is checked, the answer
stored and the client's language read together."""

from botapi import TelegramTestClient
from domain.language import Language, words
from storage.models import Answer
from tests.conftest import onboard
from tests.harness import BotHarness

DE = words(Language.DE)


def transactions(bot: BotHarness) -> float:
    counted = bot.runtime.metrics.registry.get_sample_value("between_db_transactions_total")
    assert counted is not None
    return counted


async def test_each_tap_on_a_checkin_is_one_transaction_in_the_clients_own_language(
    bot: BotHarness, alex: TelegramTestClient
) -> None:
    await onboard(alex)
    await alex.send("/settings")
    await alex.press("Change language")
    await alex.press(Language.DE.autonym)
    await alex.send("/checkin")
    for tap in range(3):  # the session question, mood, a statement: whatever comes first
        message = alex.last_message
        assert message is not None
        label, data = message.buttons()[0][0]
        before = transactions(bot)
        answer = await alex.press_data(data, message.message_id)
        assert transactions(bot) - before == 1, f"tap {tap} ({label})"
        assert answer is not None and not answer.get("text")
        heading = DE._("<i>Check-in · {position} of {total}</i>", position=tap + 2, total=9)
        assert alex.last_text.startswith(heading.removeprefix("<i>").removesuffix("</i>"))
    assert await bot.count(Answer) == 3
