"""The sandbox's web page and the small JSON API behind it, on 127.0.0.1 only.

GET  /                     the page (sandbox/static/)
GET  /api/state            one pretend client's chat, the command menu and the sandbox clock;
                           with `since`, waits (long polling) until something has changed
POST /api/send             the client types a message or a command
POST /api/press            the client taps an inline button (a callback query)
POST /api/language         the pretend phone's Telegram app language (its language_code)
POST /api/time             +1 hour, +1 day, or the next message, then the scheduler tick
POST /api/reset            both chats and the database erased, the clock back to now
GET  /api/file/{c}/{id}    a picture or document the bot sent, to show or download
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from botapi import FakeMessage
from botapi.server import render
from domain.language import Language
from sandbox.core import CLIENTS, PretendClient, Sandbox
from sandbox.render import to_html

STATIC = Path(__file__).with_name("static")
LONG_POLL_SECONDS = 20.0
TYPING_SECONDS = 5.0
MAX_TYPED = 4096
SANDBOX_KEY = web.AppKey("sandbox", Sandbox)


def build_web_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[_local_only])
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", _page)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/api/state", _state)
    app.router.add_post("/api/send", _send)
    app.router.add_post("/api/press", _press)
    app.router.add_post("/api/language", _language)
    app.router.add_post("/api/time", _time)
    app.router.add_post("/api/reset", _reset)
    app.router.add_get("/api/file/{client}/{message_id}", _file)
    return app


@web.middleware
async def _local_only(request: web.Request, handler: Any) -> web.StreamResponse:
    """Only pages served from this machine by name may talk to the sandbox (no DNS rebinding),
    and changes come as JSON, which another site's form cannot send."""
    host = (request.host or "").rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost"):
        raise web.HTTPForbidden(text="The sandbox answers only on 127.0.0.1.")
    if request.method == "POST" and request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="JSON only.")
    return await handler(request)


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


def _pretend(sandbox: Sandbox, key: Any) -> PretendClient:
    pretend = sandbox.client(str(key))
    if pretend is None:
        raise web.HTTPNotFound(text="No such pretend client.")
    return pretend


async def _page(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})


async def _state(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    pretend = _pretend(sandbox, request.query.get("client", "a"))
    try:
        since = int(request.query.get("since", "-1"))
    except ValueError:
        since = -1
    revision = await sandbox.wait_for_change(since, LONG_POLL_SECONDS)
    return web.json_response(await _snapshot(sandbox, pretend, revision))


async def _snapshot(sandbox: Sandbox, pretend: PretendClient, revision: int) -> dict[str, Any]:
    zone = await sandbox.zone_of(pretend)
    shown = zone or UTC
    next_at = await sandbox.next_checkin(pretend)
    rating_at = await sandbox.next_rating(pretend)
    action = sandbox.api.chat_actions.get(pretend.chat_id)
    typing = action is not None and time.monotonic() - action[1] < TYPING_SECONDS
    return {
        "revision": revision,
        "client": pretend.key,
        "clients": [{"key": c.key, "label": c.label, "name": c.first_name} for c in CLIENTS],
        "clock": {
            "date": f"{sandbox.now().astimezone(shown):%a %-d %b %Y}",
            "time": f"{sandbox.now().astimezone(shown):%H:%M}",
            "zone": zone.key if zone else "UTC",
        },
        "next_checkin": f"{next_at.astimezone(shown):%a %-d %b, %H:%M}" if next_at else None,
        "next_rating": f"{rating_at.astimezone(shown):%a %-d %b, %H:%M}" if rating_at else None,
        "language": sandbox.languages[pretend.key],
        "languages": [{"code": language, "name": language.autonym} for language in Language],
        "commands": sandbox.commands(pretend),
        "typing": typing,
        "messages": [_message(m, pretend, shown) for m in sandbox.api.messages(pretend.chat_id)],
    }


def _message(message: FakeMessage, pretend: PretendClient, zone: UTC | ZoneInfo) -> dict[str, Any]:
    text, entities = render(message.text or "", message.parse_mode)
    sent = datetime.fromtimestamp(message.date, UTC).astimezone(zone)
    out: dict[str, Any] = {
        "id": message.message_id,
        "mine": not message.from_bot,
        "kind": message.kind,
        "html": to_html(text, entities),
        "time": f"{sent:%H:%M}",
        "day": f"{sent:%A %-d %B}",
        "edited": message.edit_count > 0,
        "buttons": [
            [{"text": label, "data": data} for label, data in row] for row in message.buttons()
        ],
    }
    if message.kind != "text":
        url = f"/api/file/{pretend.key}/{message.message_id}"
        out["file"] = {
            "url": url,
            "download": f"{url}?download=1",
            "name": message.filename or f"{message.kind}-{message.message_id}",
            "size": len(message.content or b""),
            "mime": message.mime or "application/octet-stream",
            "version": message.edit_count,
        }
    return out


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="Not JSON.") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="Not a JSON object.")
    return body


async def _send(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    body = await _json(request)
    pretend = _pretend(sandbox, body.get("client"))
    text = str(body.get("text", "")).strip()
    if not text or len(text) > MAX_TYPED:
        raise web.HTTPBadRequest(text=f"A message is 1 to {MAX_TYPED} characters.")
    await sandbox.send(pretend, text)
    return web.json_response({"ok": True})


async def _press(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    body = await _json(request)
    pretend = _pretend(sandbox, body.get("client"))
    try:
        answer = await sandbox.press(pretend, int(body["message_id"]), str(body["data"]))
    except (KeyError, TypeError, ValueError):
        raise web.HTTPBadRequest(text="message_id and data, please.") from None
    except LookupError:
        raise web.HTTPNotFound(text="That message is gone.") from None
    if answer is None:
        return web.json_response({"text": None, "alert": False})
    return web.json_response({"text": answer["text"], "alert": answer["show_alert"]})


async def _language(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    body = await _json(request)
    pretend = _pretend(sandbox, body.get("client"))
    try:
        language = Language(body.get("language"))
    except ValueError:
        known = ", ".join(Language)
        raise web.HTTPBadRequest(text=f"language is one of {known}.") from None
    sandbox.set_language(pretend, language)
    return web.json_response({"ok": True})


async def _time(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    body = await _json(request)
    pretend = _pretend(sandbox, body.get("client"))
    step = body.get("step")
    if step not in ("hour", "day", "next"):
        raise web.HTTPBadRequest(text="step is hour, day or next.")
    return web.json_response({"notice": await sandbox.travel(pretend, step)})


async def _reset(request: web.Request) -> web.Response:
    await _sandbox(request).reset()
    return web.json_response({"ok": True})


async def _file(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    pretend = _pretend(sandbox, request.match_info["client"])
    message_id = request.match_info["message_id"]
    message = next(
        (m for m in sandbox.api.messages(pretend.chat_id) if str(m.message_id) == message_id),
        None,
    )
    if message is None or message.content is None:
        raise web.HTTPNotFound(text="No such file.")
    name = (message.filename or f"{message.kind}-{message.message_id}").replace('"', "")
    mime = message.mime or "application/octet-stream"
    if message.kind == "photo" and not mime.startswith("image/"):
        mime = "image/jpeg" if message.content.startswith(b"\xff\xd8") else "image/png"
    how = "attachment" if "download" in request.query else "inline"
    return web.Response(
        body=message.content,
        content_type=mime,
        headers={"Content-Disposition": f'{how}; filename="{name}"'},
    )
