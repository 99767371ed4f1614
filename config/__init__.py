"""Every setting Between reads, from the environment and `.env`.

An empty value means "not set", in `.env` and in the environment alike: the default applies
(so `.env.example`, copied as it is, is valid). A value that is not valid stops start-up with
`SettingsError`, whose message names each bad setting, its problem and what is allowed.
"""

import base64
import binascii
import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values
from dotenv.parser import Binding, parse_stream
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
ENV_FILE = ".env"
# Settings that carry words a client reads, each also settable per language: CRISIS_TEXT_DE.
WORDED = ("crisis_text", "operator_name")
_WORDED_NAME = re.compile(rf"^({'|'.join(WORDED)})_([a-z]{{2}})$", re.IGNORECASE)
# Settings whose value is never repeated in a message: it may be a secret, or hold one.
SECRET = frozenset({"telegram_bot_token", "encryption_key", "webhook_secret", "database_url"})


class SettingsError(Exception):
    """One or more settings are not valid; the message has one line per bad setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    database_url: str = "sqlite+aiosqlite:///data/between.db"
    tick_seconds: float = Field(default=30, gt=0, description="a number of seconds above 0")
    # Unset: Between's own crisis text, in the client's language.
    crisis_text: str | None = None
    operator_name: str = ""  # who runs this Between, named in the consent text
    # CRISIS_TEXT_DE and the like, keyed ("crisis_text", "de"); see `in_language`.
    worded: dict[tuple[str, str], str] = Field(default_factory=dict, exclude=True)
    log_level: str = Field(default="INFO", description=", ".join(LOG_LEVELS))
    encryption_key: str | None = Field(
        default=None,
        description="32 bytes in URL-safe base64 (44 characters), or empty for a key file",
    )
    # A file holding the key, as a compose or systemd secret is given (/run/secrets/...):
    # read into `encryption_key` at start, so the key never has to be in the environment.
    encryption_key_file: Path | None = Field(
        default=None, description="a readable file holding the key, when ENCRYPTION_KEY is not set"
    )
    data_dir: Path = Path("data")
    reminder_hours: float = Field(default=20, gt=0, description="a number of hours above 0")
    expire_hours: float = Field(default=48, gt=0, description="a number of hours above 0")
    # The rating after a session comes this long after the session starts: its length plus
    # a delay (`domain/rating.py`).
    session_minutes: int = Field(default=50, ge=0, le=480, description="minutes, 0-480")
    rating_delay_minutes: int = Field(default=60, ge=0, le=1440, description="minutes, 0-1440")
    log_format: Literal["text", "json"] = Field(default="text", description="text or json")
    webhook_url: str | None = None
    webhook_secret: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{1,256}$",
        description="1-256 letters, digits, _ or -",
    )
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="a port, 1-65535")
    health_listen: str = "127.0.0.1"
    health_port: int = Field(
        default=9090, ge=0, le=65535, description="a port, 1-65535, or 0 to turn it off"
    )
    send_rate: float = Field(default=30, gt=0, description="messages a second, above 0")
    # A round too big to go out within minutes starts up to this long before it is due, so
    # that the last check-in still arrives on time (`domain/round.py`); 0: never early.
    early_start_minutes: int = Field(default=60, ge=0, le=720, description="0 to 720 minutes")
    # Check-ins (their first message only) sent as Telegram paid broadcasts, up to
    # PAID_SEND_RATE a second, paid from the bot's Stars balance (docs/deploy.md).
    paid_broadcast: bool = False
    paid_send_rate: float = Field(
        default=1000, gt=0, le=1000, description="messages a second, above 0, up to 1000"
    )
    lease_seconds: float = Field(default=300, gt=0, description="a number of seconds above 0")
    sandbox_port: int = Field(default=8080, ge=1, le=65535, description="a port, 1-65535")
    # Days after a client's last use of Between when everything about them is erased (they
    # are told a week before); 0 keeps it all until the client erases it themselves.
    retention_days: int = Field(
        default=365, ge=0, description="0 (keep until the client erases it), or 8 days or more"
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError("not a log level")
        return value.upper()

    @field_validator("retention_days")
    @classmethod
    def _room_for_a_weeks_notice(cls, value: int) -> int:
        if 0 < value <= 7:
            raise ValueError("leaves no week between the warning and the erasure")
        return value

    @field_validator("encryption_key")
    @classmethod
    def _key_of_32_bytes(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _check_key(value)
        return value

    @field_validator("encryption_key_file")
    @classmethod
    def _file_with_a_key(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        if info.data.get("encryption_key"):
            raise ValueError("set either ENCRYPTION_KEY or ENCRYPTION_KEY_FILE, not both")
        try:
            text = value.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot be read ({error})") from None
        try:
            _check_key(text)
        except ValueError as error:
            raise ValueError(f"does not hold a key: {error}") from None
        return value

    @model_validator(mode="after")
    def _key_from_its_file(self) -> "Settings":
        if self.encryption_key_file is not None:
            self.encryption_key = self.encryption_key_file.read_text(encoding="ascii").strip()
        return self

    def in_language(self, name: str, language: str) -> str | None:
        """A worded setting for a language: NAME_DE if set, else NAME (None: not set)."""
        value: str | None = self.worded.get((name, language)) or getattr(self, name)
        return value or None

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to: the path of WEBHOOK_URL, or /telegram."""
        path = urlsplit(self.webhook_url or "").path
        return path if path not in ("", "/") else "/telegram"

    @property
    def telegram_file_url(self) -> str:
        """The file download URL that goes with `telegram_api_url` (`…/bot` → `…/file/bot`)."""
        base, _, tail = self.telegram_api_url.rstrip("/").rpartition("/")
        return f"{base}/file/{tail}"

    def sqlite_path(self) -> Path | None:
        """The database file for an SQLite URL, or None for a server database."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url.removeprefix(prefix)
        return None if path in ("", ":memory:") else Path(path)


def _check_key(text: str) -> None:
    """ValueError unless `text` is 32 bytes in URL-safe base64."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValueError("not base64") from None
    if len(key) != 32:
        raise ValueError(f"decodes to {len(key)} bytes, not 32")


def load_settings() -> Settings:
    """The settings from the environment and `.env`; `SettingsError` if any is not valid,
    or if a line of `.env` is not a setting (python-dotenv would pass over it with a
    warning, and a token on such a line would start the sandbox instead of the bot)."""
    _check_env_file(Path(ENV_FILE))
    try:
        return Settings(worded=_worded_per_language())
    except ValidationError as error:
        raise SettingsError(describe(error)) from None


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _check_env_file(path: Path) -> None:
    """SettingsError naming each line of `path` that is not NAME=value, a comment or empty;
    a line is named by its number, and by its setting when it starts with one (never by
    what it holds: it may be a token)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as stream:
        bad = [_where(binding) for binding in parse_stream(stream) if _malformed(binding)]
    if bad:
        raise SettingsError(
            f"{path.name} in {Path.cwd()} has lines that are not a setting: {', '.join(bad)}. "
            "Each line is NAME=value (as in .env.example), a comment starting with #, or "
            "empty. Correct them, then start again."
        )


def _malformed(binding: Binding) -> bool:
    if binding.error:
        return True
    return binding.key is not None and (binding.value is None or not _NAME.fullmatch(binding.key))


def _where(binding: Binding) -> str:
    text = binding.original.string
    line = binding.original.line + text[: len(text) - len(text.lstrip())].count("\n")
    first = _NAME.match(text.strip())
    if first and first[0].lower() in Settings.model_fields:
        return f"line {line} ({first[0].upper()}…)"
    return f"line {line}"


def _worded_per_language() -> dict[tuple[str, str], str]:
    """CRISIS_TEXT_DE=… and the like, from `.env` and the environment (which wins)."""
    found = {**dotenv_values(ENV_FILE), **os.environ}
    worded = {}
    for key, value in found.items():
        match = _WORDED_NAME.match(key)
        if match and value:
            worded[match[1].lower(), match[2].lower()] = value
    return worded


def describe(error: ValidationError) -> str:
    """A paragraph for people, one line per bad setting, instead of pydantic's dump."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = field.upper() or "a setting"
        info = Settings.model_fields.get(field)
        value = "" if field in SECRET else f" = {problem.get('input')!r}"
        reason = _reason(problem["type"], problem["msg"])
        allowed = f" Allowed: {info.description}." if info and info.description else ""
        lines.append(f"  {name}{value}: {reason}.{allowed}")
    count = "a setting is" if len(lines) == 1 else f"{len(lines)} settings are"
    return (
        f"{count} not valid (read from the environment and from .env in {Path.cwd()}):\n"
        + "\n".join(lines)
        + "\nCorrect them (.env.example explains each one), or leave them empty for the default."
    )


def _reason(kind: str, message: str) -> str:
    if kind == "string_pattern_mismatch":
        return "has characters, or a length, that are not allowed"
    message = message.removeprefix("Value error, ")
    message = message.replace("Input should be", "should be")
    return message[:1].lower() + message[1:]
