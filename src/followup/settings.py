"""Settings: one validated object made at the edge (CLI start), never at import time."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from followup.domain.errors import InvalidInput
from followup.notify.settings import NotifySettings, load_notify_settings


def default_database_path() -> Path:
    """followup.db in the XDG data directory ($XDG_DATA_HOME or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "followup" / "followup.db"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


class Settings(BaseSettings):
    """Where the workspace lives and who is working; from flags, then FOLLOWUP_* variables."""

    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", extra="ignore")

    db: str = Field(default_factory=default_database_url)
    user: str | None = None
    notify: NotifySettings = Field(default_factory=NotifySettings)
    # Mark cookies Secure even when a request arrives as plain http (behind a TLS proxy
    # that does not say so); https requests get Secure cookies either way.
    secure_cookies: bool = False
    # Where `followup serve` is reached from outside: share links are printed under it.
    base_url: str = "http://127.0.0.1:8000"
    pdf_font: str | None = None  # a .ttf for PDF exports, before the system's fonts
    # The largest upload the import page and `POST /api/import` take (a stack of cards);
    # every other request body stays under 2 MiB.
    max_upload_mib: int = Field(default=20, ge=1, le=1024)

    @field_validator("db")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("sqlite://", "postgresql://", "postgresql+")):
            raise ValueError("use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")) or len(value) < 10:
            raise ValueError("use an http:// or https:// address such as https://followup.example")
        return value

    @property
    def uses_default_database(self) -> bool:
        return self.db == default_database_url()


def load_settings(db: str | None = None, user: str | None = None) -> Settings:
    """Settings from explicit values (flags) over the environment, validated."""
    overrides: dict[str, Any] = {
        key: value for key, value in {"db": db, "user": user}.items() if value
    }
    try:
        return Settings(**overrides, notify=load_notify_settings())
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise InvalidInput(f"invalid setting {problem['loc'][0]}: {problem['msg']}") from None
