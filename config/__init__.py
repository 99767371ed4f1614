"""Every setting Between reads, from the environment and `.env`."""

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CRISIS_TEXT = (
    "If you are in danger or thinking about harming yourself, please call your local "
    "emergency number now, or find a free, confidential helpline at https://findahelpline.com"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    database_url: str = "sqlite+aiosqlite:///data/between.db"
    tick_seconds: float = Field(default=30, gt=0)
    crisis_text: str = DEFAULT_CRISIS_TEXT
    log_level: str = "INFO"
    encryption_key: str | None = None
    data_dir: Path = Path("data")
    reminder_hours: float = Field(default=20, gt=0)
    expire_hours: float = Field(default=48, gt=0)
    log_format: Literal["text", "json"] = "text"
    webhook_url: str | None = None
    webhook_secret: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,256}$")
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    health_listen: str = "127.0.0.1"
    health_port: int = Field(default=9090, ge=0, le=65535)
    send_rate: float = Field(default=30, gt=0)
    lease_seconds: float = Field(default=300, gt=0)

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
