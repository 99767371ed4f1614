"""`python -m bot status`: counts only, the numbers /metrics shows, nothing about one client."""

from aiohttp.test_utils import TestClient, TestServer

from bot.status import describe
from bot.web import build_health_app
from botapi import TelegramTestClient
from domain.states import ClientStatus
from services.status import current_status
from tests.harness import BotHarness


async def test_status_counts_clients_checkins_and_lag_and_names_nobody(
    bot: BotHarness, alex: TelegramTestClient, checked_in: None
) -> None:
    status = await current_status(bot.runtime)
    assert status.clients[ClientStatus.ACTIVE] == 1
    assert sum(status.clients.values()) == 1
    assert (status.sent, status.answered) == (1, 1)
    printed = describe(status, {"between_rate_limited_total": 0.0})
    assert "check-ins sent in the last 7 days: 1" in printed
    assert "429s from Telegram: 0 since this process started" in printed
    for identifying in ("1001", "Alex"):
        assert identifying not in printed

    async with TestClient(TestServer(build_health_app(bot.app))) as http:
        metrics = await (await http.get("/metrics")).text()
    assert 'between_clients{state="active"} 1.0' in metrics
    assert "between_checkins_sent_7d 1.0" in metrics
    assert "between_checkins_answered_7d 1.0" in metrics
    assert f"between_due_lag_seconds {status.due_lag.total_seconds()}" in metrics
