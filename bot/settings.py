"""Every setting Between reads, from the environment and `.env`."""

from pathlib import Path

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
