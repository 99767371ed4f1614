"""Between's own local Telegram Bot API server, served over loopback HTTP.

A strict stand-in for api.telegram.org: the real bot (python-telegram-bot) talks to it
exactly as to Telegram, and it answers with Telegram's checks and errors. Used by the
tests, the benchmarks and the local sandbox (which shows its chats on a web page, so it can
be told of every change and given a clock). It imports nothing from the rest of Between: it
speaks only the Bot API.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Self

from aiohttp import web

Params = dict[str, Any]
Entity = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_ANSWER_TEXT = 200
GLOBAL_SENDS_PER_SECOND = 30
CHAT_BURST = 3
RATE_LIMITED_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_INFO = {"url": "", "has_custom_certificate": False}
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Between", "username": "between_test_bot"}

_STRING_FIELDS = frozenset({"text", "caption", "parse_mode", "callback_query_id", "url", "action"})
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ATTR_RE = re.compile(r"([\w-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_SPECIAL_RE = re.compile(r"[<>&]")
_TAG_KINDS = {
    "bold": "b strong",
    "italic": "i em",
    "underline": "u ins",
    "strikethrough": "s strike del",
    "spoiler": "span tg-spoiler",
    "text_link": "a",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "custom_emoji": "tg-emoji",
}
_TAG_TYPES = {tag: kind for kind, tags in _TAG_KINDS.items() for tag in tags.split()}


class ApiError(Exception):
    """A Telegram-style error response."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def response(self) -> web.Response:
        """Render as Telegram's error JSON."""
        body: Params = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return web.json_response(body, status=self.status)


def bad_request(reason: str) -> ApiError:
    """Build a 400 Bad Request error."""
    return ApiError(400, f"Bad Request: {reason}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def _html_error(text: str, pos: int, reason: str) -> ApiError:
    offset = len(text[:pos].encode())
    return bad_request(f"can't parse entities: {reason} at byte offset {offset}")


def _tag_attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
        for m in _ATTR_RE.finditer(raw)
    }


def _open_entity(name: str, attrs: dict[str, str], text: str, pos: int) -> Entity:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _html_error(text, pos, 'Tag "span" must have class "tg-spoiler"')
    entity: Entity = {"type": _TAG_TYPES[name]}
    if name == "a":
        entity["url"] = attrs.get("href", "")
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """Validate Telegram HTML and return the plain text plus entities."""
    plain: list[str] = []
    stack: list[tuple[str, Entity, int]] = []
    entities: list[Entity] = []
    length = pos = 0
    while (special := _SPECIAL_RE.search(text, pos)) is not None:
        chunk = text[pos : special.start()]
        plain.append(chunk)
        length += utf16_len(chunk)
        pos = special.start()
        if text[pos] == ">":
            raise _html_error(text, pos, 'Unescaped ">"')
        if text[pos] == "&":
            if (ref := _ENTITY_RE.match(text, pos)) is None:
                raise _html_error(text, pos, 'Unescaped "&" or unsupported character entity')
            plain.append(html.unescape(ref.group()))
            length += utf16_len(plain[-1])
            pos = ref.end()
            continue
        if (tag := _TAG_RE.match(text, pos)) is None:
            raise _html_error(text, pos, "Unclosed start tag")
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name not in _TAG_TYPES:
            raise _html_error(text, pos, f'Unsupported start tag "{name}"')
        if not closing:
            stack.append((name, _open_entity(name, _tag_attrs(tag.group(3)), text, pos), length))
        elif not stack or stack[-1][0] != name:
            raise _html_error(text, pos, f'Unmatched end tag "{name}"')
        else:
            _, entity, start = stack.pop()
            if length > start:
                entities.append({**entity, "offset": start, "length": length - start})
        pos = tag.end()
    if stack:
        reason = f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"'
        raise bad_request(f"can't parse entities: {reason}")
    plain.append(text[pos:])
    return "".join(plain), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def render(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Render text as Telegram would display it."""
    if (parse_mode or "").upper() == "HTML":
        return parse_html(text)
    return text, []


@dataclass
class FakeMessage:
    """One message stored in a fake chat."""

    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    protect_content: bool = False
    paid_broadcast: bool = False  # sent with allow_paid_broadcast: paid in Stars
    date: int = field(default_factory=lambda: int(time.time()))
    edit_count: int = 0
    kind: str = "text"
    filename: str | None = None
    content: bytes | None = None
    mime: str | None = None

    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard as rows of (label, callback_data)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[(b["text"], b.get("callback_data", "")) for b in row] for row in rows]

    def button_labels(self) -> list[str]:
        """All inline button labels, row by row."""
        return [label for row in self.buttons() for label, _ in row]

    @property
    def plain_text(self) -> str:
        """Text with HTML markup rendered away."""
        return render(self.text or "", self.parse_mode)[0]


def _coerce(name: str, value: Any) -> Any:
    """Decode a JSON-encoded parameter value, as Telegram types it."""
    if not isinstance(value, str) or name in _STRING_FIELDS:
        return value
    with contextlib.suppress(ValueError):
        return json.loads(value)
    return value


async def _read_params(request: web.Request) -> Params:
    raw: Params = dict(request.query)
    if request.content_type == "application/json" and request.can_read_body:
        raw.update(await request.json())
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            is_file = isinstance(value, web.FileField)
            raw[key] = (value.filename, value.file.read(), value.content_type) if is_file else value
    return {key: _coerce(key, value) for key, value in raw.items()}


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for button in itertools.chain.from_iterable(markup.get("inline_keyboard", [])):
        if len(button) == 1:
            raise bad_request("text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 0 < len(data.encode()) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _check_text(text: Any, parse_mode: str | None, *, caption: bool = False) -> str:
    plain = render(text or "", parse_mode)[0]
    if not caption and not plain.strip():
        raise bad_request("message text is empty")
    limit, what = (MAX_CAPTION, "message caption") if caption else (MAX_TEXT, "message")
    if utf16_len(plain) > limit:
        raise bad_request(f"{what} is too long")
    return text or ""


class FakeBotApi:
    """Fake Telegram Bot API server on 127.0.0.1 with Telegram's strictness."""

    def __init__(self, token: str = "123456:TEST", clock: Callable[[], float] = time.time) -> None:
        self.token = token
        self.clock = clock  # Unix time for message dates: the sandbox's clock can move
        # The command menu per language_code ("" for everyone without a list of their own).
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}
        self.chat_actions: dict[int, tuple[str, float]] = {}
        self._listeners: list[Callable[[], None]] = []
        self.calls: list[tuple[str, Params]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.enforce_limits = False
        self.rate_limited_count = 0
        self.send_delay = 0.0  # seconds each send takes, to make dispatch observable mid-way
        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, list[FakeMessage]] = defaultdict(list)
        self._next_message_id: dict[int, int] = defaultdict(lambda: 1)
        self._blocked: set[int] = set()
        self._open_queries: set[str] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._failures: dict[str, deque[ApiError | None]] = defaultdict(deque)
        self._recent_sends: deque[float] = deque()
        self._chat_buckets: dict[int, tuple[float, float]] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._methods: dict[str, Callable[[Params], Any]] = {
            "getme": lambda p: BOT_USER,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": lambda p: True,
            "getwebhookinfo": lambda p: {
                **WEBHOOK_INFO,
                "pending_update_count": len(self._updates),
            },
            "setmycommands": self._set_commands,
            "getmycommands": lambda p: self.commands_for(str(p.get("language_code") or "")),
            "deletemycommands": self._delete_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_text,
            "editmessagereplymarkup": self._edit_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback,
            "senddocument": lambda p: self._send_file(p, "document"),
            "sendphoto": lambda p: self._send_file(p, "photo"),
            "sendchataction": self._chat_action,
            "close": lambda p: True,
            "logout": lambda p: True,
        }

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` setting."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url`` setting."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    async def start(self) -> None:
        """Serve on a random free loopback port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Shut the server down, waking any long-pollers."""
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every change a chat shows: a message, an edit, a deletion,
        a callback answer, a chat action, the command menu."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    def user(self, chat_id: int, first_name: str = "Alex", language_code: str = "en") -> None:
        """Register a user and their private chat."""
        self._users[chat_id] = {
            "id": chat_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }

    def block(self, chat_id: int) -> None:
        """Make the user block the bot."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Make the user unblock the bot."""
        self._blocked.discard(chat_id)

    def fail_next(
        self, method: str, *, retry_after: int | None = None, status: int = 429, times: int = 1
    ) -> None:
        """Fail the next ``times`` calls of ``method`` with an error status."""
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = f"Too Many Requests: retry after {retry_after}"
        else:
            description = HTTPStatus(status).phrase
        error = ApiError(status, description, retry_after)
        self._failures[method.lower()].extend([error] * times)

    def drop_next(self, method: str, times: int = 1) -> None:
        """Close the connection without a response for the next ``times`` calls."""
        self._failures[method.lower()].extend([None] * times)

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make an update available to getUpdates."""
        self._updates.append(update)
        self._new_update.set()

    def make_message_update(self, chat_id: int, text: str) -> dict[str, Any]:
        """Record a user message (which unblocks the bot) and return its Update dict."""
        if chat_id not in self._users:
            self.user(chat_id)
        self._blocked.discard(chat_id)
        message = FakeMessage(
            self._new_message_id(chat_id), chat_id, False, text, date=int(self.clock())
        )
        message = self._store(message)
        payload = self._serialize(message)
        if text.startswith("/"):
            length = utf16_len(text.split(maxsplit=1)[0])
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": payload}

    def make_callback_update(self, chat_id: int, message_id: int, data: str) -> dict[str, Any]:
        """Return an Update for a press of an inline button on a stored message."""
        message = self._find_message(chat_id, message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._users[chat_id],
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": self._serialize(message),
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def messages(self, chat_id: int) -> list[FakeMessage]:
        """All current messages of a chat, oldest first."""
        return list(self._chats[chat_id])

    def bot_messages(self, chat_id: int) -> list[FakeMessage]:
        """Current messages sent by the bot, oldest first."""
        return [m for m in self._chats[chat_id] if m.from_bot]

    def last_bot_message(self, chat_id: int) -> FakeMessage | None:
        """Newest message sent by the bot, if any."""
        return next(reversed(self.bot_messages(chat_id)), None)

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The recorded answer for a callback query, if any."""
        return next((a for a in self.callback_answers if a["callback_query_id"] == query_id), None)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _read_params(request)
        self.calls.append((method, params))
        try:
            result = await self._dispatch(request, method.lower(), params)
        except ApiError as error:
            return error.response()
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, request: web.Request, method: str, params: Params) -> Any:
        if request.match_info["token"] != self.token:
            raise ApiError(401, "Unauthorized")
        if method not in self._methods:
            raise ApiError(404, "Not Found")
        if self._failures[method]:
            self._inject_failure(request, self._failures[method].popleft())
        if self.enforce_limits and method in RATE_LIMITED_METHODS:
            self._check_rate(params.get("chat_id"), bool(params.get("allow_paid_broadcast")))
        if self.send_delay and method in RATE_LIMITED_METHODS:
            await asyncio.sleep(self.send_delay)
        result = self._methods[method](params)
        return await result if asyncio.iscoroutine(result) else result

    @staticmethod
    def _inject_failure(request: web.Request, error: ApiError | None) -> None:
        if error is not None:
            raise error
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError

    def _check_rate(self, chat_id: Any, paid: bool = False) -> None:
        """Telegram's limits: about 30 a second overall, unless paid for (up to 1,000 a
        second, not enforced here), and about one a second per chat after a short burst."""
        now = time.monotonic()
        while self._recent_sends and now - self._recent_sends[0] >= 1:
            self._recent_sends.popleft()
        tokens, last = self._chat_buckets.get(chat_id, (CHAT_BURST, now))
        tokens = min(CHAT_BURST, tokens + (now - last))
        overall = not paid and len(self._recent_sends) >= GLOBAL_SENDS_PER_SECOND
        if overall or tokens < 1:
            self.rate_limited_count += 1
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        if not paid:
            self._recent_sends.append(now)
        self._chat_buckets[chat_id] = (tokens - 1, now)

    def _chat_id(self, params: Params) -> int:
        chat_id = params.get("chat_id")
        if chat_id not in self._users:
            raise bad_request("chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id[chat_id]
        self._next_message_id[chat_id] += 1
        return message_id

    def _store(self, message: FakeMessage) -> FakeMessage:
        self._chats[message.chat_id].append(message)
        self.chat_actions.pop(message.chat_id, None)
        self._changed()
        return message

    def _find_message(self, chat_id: int, message_id: Any) -> FakeMessage | None:
        return next((m for m in self._chats[chat_id] if m.message_id == message_id), None)

    def _serialize(self, message: FakeMessage) -> dict[str, Any]:
        user = self._users[message.chat_id]
        chat = {"id": message.chat_id, "type": "private", "first_name": user["first_name"]}
        out: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat,
            "from": BOT_USER if message.from_bot else user,
        }
        text, entities = render(message.text or "", message.parse_mode)
        key = "text" if message.kind == "text" else "caption"
        if text:
            out[key] = text
        if entities:
            out[f"{key}_entities" if key == "caption" else "entities"] = entities
        if message.kind != "text":
            out[message.kind] = self._file_payload(message)
        if message.edit_count:
            out["edit_date"] = int(self.clock())
        if message.protect_content:
            out["has_protected_content"] = True
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            out["reply_markup"] = message.reply_markup
        return out

    @staticmethod
    def _file_payload(message: FakeMessage) -> Any:
        ident = f"{message.kind}-{message.chat_id}-{message.message_id}"
        info = {"file_id": ident, "file_unique_id": ident, "file_size": len(message.content or b"")}
        if message.kind == "photo":
            return [{**info, "width": 320, "height": 320}]
        return {**info, "file_name": message.filename, "mime_type": message.mime}

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        offset = params.get("offset") or 0
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        return self._updates[: params.get("limit") or 100]

    def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _chat_action(self, params: Params) -> bool:
        chat_id = self._chat_id(params)
        self.chat_actions[chat_id] = (str(params.get("action")), time.monotonic())
        self._changed()
        return True

    @property
    def commands(self) -> list[dict[str, Any]]:
        return self.commands_for("")

    def commands_for(self, language_code: str) -> list[dict[str, Any]]:
        """The menu a user whose app is in `language_code` sees."""
        return self.commands_by_language.get(language_code) or self.commands_by_language.get("", [])

    def _set_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or not all(
            isinstance(c, dict) and c.get("command") and c.get("description") for c in commands
        ):
            raise bad_request("can't parse commands JSON object")
        if any(not 1 <= len(str(c["description"])) <= 256 for c in commands):
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        language_code = str(params.get("language_code") or "")
        if language_code and not re.fullmatch(r"[a-z]{2}", language_code):
            raise bad_request("LANGUAGE_CODE_INVALID")
        self.commands_by_language[language_code] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        self._changed()
        return True

    def _delete_commands(self, params: Params) -> bool:
        self.commands_by_language.pop(str(params.get("language_code") or ""), None)
        self._changed()
        return True

    def _send(self, params: Params, **fields: Any) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        markup = _check_markup(params.get("reply_markup"))
        message = FakeMessage(
            self._new_message_id(chat_id),
            chat_id,
            True,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            protect_content=bool(params.get("protect_content")),
            paid_broadcast=bool(params.get("allow_paid_broadcast")),
            date=int(self.clock()),
            **fields,
        )
        return self._serialize(self._store(message))

    def _send_message(self, params: Params) -> dict[str, Any]:
        return self._send(params, text=_check_text(params.get("text"), params.get("parse_mode")))

    def _send_file(self, params: Params, kind: str) -> dict[str, Any]:
        caption = _check_text(params.get("caption"), params.get("parse_mode"), caption=True)
        upload = params.get(kind)
        filename, content, mime = upload if isinstance(upload, tuple) else (None, None, None)
        return self._send(
            params, text=caption, kind=kind, filename=filename, content=content, mime=mime
        )

    def _editable(self, params: Params) -> FakeMessage:
        message = self._find_message(self._chat_id(params), params.get("message_id"))
        if message is None:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(
        self, message: FakeMessage, text: str, parse_mode: str | None, markup: Any
    ) -> dict[str, Any]:
        old_rendered = render(message.text or "", message.parse_mode)
        if old_rendered == render(text, parse_mode) and message.reply_markup == markup:
            raise bad_request(NOT_MODIFIED)
        message.text, message.parse_mode, message.reply_markup = text, parse_mode, markup
        message.edit_count += 1
        self._changed()
        return self._serialize(message)

    def _edit_text(self, params: Params) -> dict[str, Any]:
        message = self._editable(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        parse_mode = params.get("parse_mode")
        text = _check_text(params.get("text"), parse_mode)
        markup = _check_markup(params.get("reply_markup"))
        return self._apply_edit(message, text, parse_mode, markup)

    def _edit_markup(self, params: Params) -> dict[str, Any]:
        message = self._editable(params)
        markup = _check_markup(params.get("reply_markup"))
        return self._apply_edit(message, message.text or "", message.parse_mode, markup)

    def _delete_message(self, params: Params) -> bool:
        chat_id = self._chat_id(params)
        message = self._find_message(chat_id, params.get("message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        self._chats[chat_id].remove(message)
        self._changed()
        return True

    def _answer_callback(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_queries:
            raise bad_request(QUERY_INVALID)
        if utf16_len(params.get("text") or "") > MAX_ANSWER_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": bool(params.get("show_alert")),
                "url": params.get("url"),
            }
        )
        self._changed()
        return True
