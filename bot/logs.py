"""Logging: one line per event, as text or JSON. Only internal ids ever reach a log line.

Libraries' own loggers (Telegram, HTTPX, the database drivers) are held at WARNING whatever
LOG_LEVEL says: below it they log request URLs (with the token), payloads and SQL parameters.
"""

import json
import logging
from datetime import UTC, datetime

QUIET = (
    "httpx",
    "httpcore",
    "telegram",
    "apscheduler",
    "aiohttp.access",
    "aiosqlite",
    "asyncpg",
    "sqlalchemy",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str, form: str) -> None:
    handler = logging.StreamHandler()
    if form == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
