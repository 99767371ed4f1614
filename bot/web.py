"""The HTTP side: Telegram's webhook, and /healthz and /metrics, as two separate apps.

The webhook app (WEBHOOK_LISTEN:WEBHOOK_PORT, public) has the webhook path and nothing else.
It accepts a request only with the right X-Telegram-Bot-Api-Secret-Token, compared in
constant time; takes only a JSON object that parses as an Update (anything else is a 400,
logged in one line); and answers 503 once the process is stopping so Telegram retries with
another instance. The health app (HEALTH_LISTEN:HEALTH_PORT, private) has /healthz and
/metrics, and is not served at all with HEALTH_PORT=0.
"""

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from json import JSONDecodeError
from typing import Any

from aiohttp import web
from sqlalchemy import text
from telegram import Update

from bot.app import runtime_of
from bot.context import BetweenApp
from config import Settings
from services.status import current_status

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.Response]]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT = 2.0


def build_health_app(application: BetweenApp) -> web.Application:
    app = web.Application()
    app.router.add_get("/healthz", _healthz(application))
    app.router.add_get("/metrics", _metrics(application))
    return app


def build_webhook_app(application: BetweenApp, settings: Settings) -> web.Application:
    if not settings.webhook_secret:
        raise ValueError("the webhook needs WEBHOOK_SECRET")
    app = web.Application()
    app.router.add_post(settings.webhook_path, _webhook(application, settings.webhook_secret))
    return app


def parse_update(data: Any, application: BetweenApp) -> Update | None:
    """The update in a webhook body, or None if it is not one."""
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, application.bot)
    except Exception:  # de_json fails with whatever a malformed field makes it fail with
        return None


def _webhook(application: BetweenApp, secret: str) -> Handler:
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="forbidden")
        if runtime_of(application).stopping.is_set():
            return web.Response(status=503, text="stopping")
        try:
            update = parse_update(await request.json(), application)
        except (JSONDecodeError, UnicodeDecodeError):
            update = None
        if update is None:
            log.warning("webhook: refused a request body that is not an update (400)")
            return web.Response(status=400, text="not an update")
        await application.update_queue.put(update)
        return web.Response(text="ok")

    return receive


def _healthz(application: BetweenApp) -> Handler:
    async def health(_request: web.Request) -> web.Response:
        runtime = runtime_of(application)
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT), runtime.db() as session:
                await session.execute(text("SELECT 1"))
        except Exception:  # any failure means the same thing here: the database is not answering
            log.warning("health check: the database does not answer")
            return web.json_response({"database": "unavailable"}, status=503)
        return web.json_response({"database": "ok"})

    return health


def _metrics(application: BetweenApp) -> Handler:
    async def metrics(_request: web.Request) -> web.Response:
        runtime = runtime_of(application)
        status = await current_status(runtime)
        runtime.metrics.due_lag.set(status.due_lag.total_seconds())
        for state, count in status.clients.items():
            runtime.metrics.clients.labels(state=state.value).set(count)
        runtime.metrics.sent_7d.set(status.sent)
        runtime.metrics.answered_7d.set(status.answered)
        return web.Response(
            body=runtime.metrics.render(), content_type="text/plain", charset="utf-8"
        )

    return metrics
