"""A new user trying everything in any order never sees an error, and every tap is answered."""

import random

import pytest

from botapi import TelegramTestClient
from tests.harness import BotHarness

pytestmark = pytest.mark.slow  # 12 random walks of 80 steps each

COMMANDS = [
    "/start", "/help", "/checkin", "/settings", "/schedule", "/pause", "/resume",
    "/stop", "/delete", "/nonsense", "/start extra words", "/summary", "/export",
]  # fmt: skip
TEXTS = [
    "hello", "", "   ", "👋🏽✨", "مرحبا، كيف حالك؟", "שלום", "Europe/Berlin", "9:30", "friday",
    "<b>not html</b> & stuff", "x" * 5000, "0", "Skip",
]  # fmt: skip


async def random_step(rng: random.Random, bot: BotHarness, client: TelegramTestClient) -> None:
    roll = rng.random()
    buttons = [(m.message_id, label) for m in client.bot_messages() for label in m.button_labels()]
    if roll < 0.45 and buttons:
        message_id, label = rng.choice(buttons)
        answer = await client.press(label, message_id=message_id)
        assert answer is not None, f"the tap on {label!r} was never answered"
    elif roll < 0.7:
        await client.send(rng.choice(COMMANDS))
    elif roll < 0.9:
        await client.send(rng.choice(TEXTS))
    else:
        bot.clock.advance(hours=rng.choice([1, 5, 20, 30, 24 * 7]))
        await bot.tick()


@pytest.mark.parametrize("seed", range(12))
async def test_random_use_never_shows_an_error(
    bot: BotHarness, alex: TelegramTestClient, seed: int
) -> None:
    rng = random.Random(seed)
    for _ in range(80):
        await random_step(rng, bot, alex)
    assert not any("went wrong" in text for text in alex.texts())
