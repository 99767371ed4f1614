"""`python -m bot status`: counts only, from the database (the numbers /metrics shows), and
this host's running bot's own counters from its /metrics when HEALTH_PORT answers.

Nothing that names or tells one client from another is printed.
"""

import asyncio
import re
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime

from config import Settings
from domain.instruments import InstrumentFileError
from domain.language import CatalogMissing
from services.runtime import build_runtime
from services.status import Status, current_status
from storage.crypto import CipherError
from storage.migrate import DatabaseProblem, explained

CANNOT = 2
# The counters only a running process holds, by the name /metrics gives them.
FROM_PROCESS = {
    "between_last_tick_timestamp_seconds": "last tick",
    "between_rate_limited_total": "429s from Telegram",
}


def main(argv: list[str], settings: Settings) -> int:
    if argv:
        print("usage: python -m bot status   (takes no options)", file=sys.stderr)
        return CANNOT
    try:
        status = asyncio.run(_read(settings))
    except (DatabaseProblem, CipherError, CatalogMissing, InstrumentFileError) as error:
        print(f"python -m bot status: {error}", file=sys.stderr)
        return CANNOT
    print(describe(status, _process_counters(settings)))
    return 0


async def _read(settings: Settings) -> Status:
    runtime = build_runtime(settings)
    try:
        with explained(settings.database_url):
            return await current_status(runtime)
    finally:
        await runtime.engine.dispose()


def describe(status: Status, process: dict[str, float] | str) -> str:
    """The status as lines of `name: value`; `process` is the running bot's counters, or
    why they could not be read."""
    states = ", ".join(f"{state.value} {count}" for state, count in status.clients.items())
    last_sent = f"{status.last_sent_at:%Y-%m-%d %H:%M:%S} UTC" if status.last_sent_at else "never"
    lines = [
        f"clients: {states} (total {sum(status.clients.values())})",
        f"check-ins sent in the last 7 days: {status.sent}",
        f"check-ins answered in the last 7 days: {status.answered}",
        f"last check-in sent: {last_sent}",
        f"queue lag: {status.due_lag.total_seconds():.0f} s",
    ]
    if isinstance(process, str):
        lines.append(f"last tick, 429s: {process}")
        return "\n".join(lines)
    for name, label in FROM_PROCESS.items():
        value = process.get(name)
        if value is None:
            lines.append(f"{label}: not on /metrics")
        elif name.endswith("timestamp_seconds"):
            shown = (
                f"{datetime.fromtimestamp(value, UTC):%Y-%m-%d %H:%M:%S} UTC"
                if value
                else "none yet"
            )
            lines.append(f"{label}: {shown}")
        else:
            lines.append(f"{label}: {value:.0f} since this process started")
    return "\n".join(lines)


def _process_counters(settings: Settings) -> dict[str, float] | str:
    """The running bot's own counters from its /metrics, or why they are not there."""
    if not settings.health_port:
        return "in the running bot only, and HEALTH_PORT=0 turns its /metrics off"
    host = "127.0.0.1" if settings.health_listen in ("0.0.0.0", "") else settings.health_listen
    url = f"http://{host}:{settings.health_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            body = response.read().decode()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return f"in the running bot only, and nothing answers at {url} ({reason})"
    found = {}
    for name in FROM_PROCESS:
        match = re.search(rf"^{name} (\S+)$", body, re.MULTILINE)
        if match:
            found[name] = float(match[1])
    return found
