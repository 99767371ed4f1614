"""A message as a Telegram app draws it: text plus entities, turned into safe HTML."""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
# A /command in the bot's text, which Telegram apps make tappable.
_WORDS = re.compile(_URL.pattern + r"|(?<!\S)/[a-z][a-z0-9_]{0,31}\b")
_TAGS = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote>", "</blockquote>"),
}


def _link(url: str, inner: str) -> str:
    if not url.startswith(("http://", "https://")):
        return inner
    href = html.escape(url, quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{inner}</a>'


def _text(chunk: str, in_link: bool) -> str:
    """Escaped text; bare web addresses and /commands become links, as in Telegram apps."""
    if in_link:
        return html.escape(chunk)
    out, pos = [], 0
    for match in _WORDS.finditer(chunk):
        out.append(html.escape(chunk[pos : match.start()]))
        word = match.group()
        if word.startswith("/"):
            out.append(f'<a href="#" class="command" data-command="{word}">{word}</a>')
        else:
            out.append(_link(word, html.escape(word)))
        pos = match.end()
    out.append(html.escape(chunk[pos:]))
    return "".join(out)


def _open(entity: dict[str, Any]) -> tuple[str, str]:
    if entity["type"] == "text_link":
        url = str(entity.get("url", ""))
        if url.startswith(("http://", "https://")):
            href = html.escape(url, quote=True)
            return f'<a href="{href}" target="_blank" rel="noopener noreferrer">', "</a>"
        return "", ""
    return _TAGS.get(entity["type"], ("", ""))


def to_html(text: str, entities: list[dict[str, Any]]) -> str:
    """HTML for `text` with Telegram `entities` (offsets in UTF-16 code units, nested)."""
    units = text.encode("utf-16-le")
    bounds = {0, len(units) // 2}
    for entity in entities:
        bounds.update((entity["offset"], entity["offset"] + entity["length"]))
    ordered = sorted(bounds)
    opening = sorted(entities, key=lambda e: (e["offset"], -e["length"]))
    stack: list[tuple[int, str]] = []  # (end offset, closing tag)
    out: list[str] = []
    for start, end in itertools.pairwise(ordered):
        while stack and stack[-1][0] <= start:
            out.append(stack.pop()[1])
        for entity in opening:
            if entity["offset"] == start and entity["length"] > 0:
                opener, closer = _open(entity)
                out.append(opener)
                stack.append((start + entity["length"], closer))
        chunk = units[2 * start : 2 * end].decode("utf-16-le")
        in_link = any(closer == "</a>" for _, closer in stack)
        out.append(_text(chunk, in_link))
    while stack:
        out.append(stack.pop()[1])
    return "".join(out)
