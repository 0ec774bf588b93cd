"""Reminder settings: SMTP, webhook timeout, scheduler period, public URL.

Read from FOLLOWUP_* environment variables over a TOML config file ([smtp] and [notify]
tables), validated once at start. Nothing here connects anywhere.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from followup.domain.contacts import normalise_email
from followup.domain.errors import FollowupError, InvalidInput

# Where each setting may come from: (table in the config file, key there, environment name).
SOURCES: dict[str, tuple[str, str, str]] = {
    "smtp.host": ("smtp", "host", "FOLLOWUP_SMTP_HOST"),
    "smtp.port": ("smtp", "port", "FOLLOWUP_SMTP_PORT"),
    "smtp.security": ("smtp", "security", "FOLLOWUP_SMTP_SECURITY"),
    "smtp.user": ("smtp", "user", "FOLLOWUP_SMTP_USER"),
    "smtp.password": ("smtp", "password", "FOLLOWUP_SMTP_PASSWORD"),
    "smtp.sender": ("smtp", "from", "FOLLOWUP_SMTP_FROM"),
    "smtp.timeout": ("smtp", "timeout", "FOLLOWUP_SMTP_TIMEOUT"),
    "webhook_timeout": ("notify", "webhook_timeout", "FOLLOWUP_WEBHOOK_TIMEOUT"),
    "every": ("notify", "every", "FOLLOWUP_NOTIFY_EVERY"),
    "public_url": ("notify", "public_url", "FOLLOWUP_PUBLIC_URL"),
    "health_token": ("notify", "health_token", "FOLLOWUP_HEALTH_TOKEN"),
}
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


class SmtpSettings(BaseModel):
    """How to reach the mail server that sends the digests."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(min_length=1)
    port: int = Field(default=0, ge=0, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str | None = None
    password: SecretStr | None = None
    sender: str
    timeout: float = Field(default=30.0, gt=0, le=600)

    @model_validator(mode="after")
    def _complete(self) -> SmtpSettings:
        if self.port == 0:
            object.__setattr__(self, "port", DEFAULT_PORTS[self.security])
        if self.user and self.password is None:
            raise ValueError("a user needs a password (FOLLOWUP_SMTP_PASSWORD)")
        try:
            object.__setattr__(self, "sender", normalise_email(self.sender))
        except FollowupError as exc:
            raise ValueError(exc.message) from None
        return self

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


class NotifySettings(BaseModel):
    """Everything `notify`, `digest` and the scheduler need besides the database."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    smtp: SmtpSettings | None = None
    webhook_timeout: float = Field(default=10.0, gt=0, le=120)
    every: float = Field(default=60.0, ge=1, le=86400)
    public_url: str | None = None
    health_token: SecretStr | None = None
    config_file: Path | None = None


def default_config_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "followup" / "config.toml"


def load_notify_settings(env: Mapping[str, str] | None = None) -> NotifySettings:
    """The settings from `env` (default: the process environment) over the config file."""
    env = os.environ if env is None else env
    path, tables = _config_file(env)
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for name, (table, key, variable) in SOURCES.items():
        if variable in env and env[variable] != "":
            value, origin[name] = env[variable], variable
        elif key in tables.get(table, {}):
            value, origin[name] = tables[table][key], f"[{table}] {key} in {path}"
        else:
            continue
        _put(values, name, value)
    if "smtp" in values and "host" not in values["smtp"]:
        raise InvalidInput("SMTP settings without a host: set FOLLOWUP_SMTP_HOST or [smtp] host")
    try:
        return NotifySettings(**values, config_file=path if tables else None)
    except ValidationError as exc:
        raise InvalidInput(_describe(exc, origin)) from None


def _config_file(env: Mapping[str, str]) -> tuple[Path, dict[str, dict[str, Any]]]:
    explicit = env.get("FOLLOWUP_CONFIG")
    path = Path(explicit) if explicit else default_config_path(env)
    if not path.exists():
        if explicit:
            raise InvalidInput(f"config file {path} (FOLLOWUP_CONFIG) does not exist")
        return path, {}
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InvalidInput(f"cannot read config file {path}: {exc}") from None
    tables = {k: v for k, v in document.items() if isinstance(v, dict)}
    if unknown := sorted(set(document) - {"smtp", "notify"}):
        raise InvalidInput(f"config file {path}: unknown [{unknown[0]}] (use [smtp], [notify])")
    known = {(table, key) for table, key, _ in SOURCES.values()}
    for table, entries in tables.items():
        for key in entries:
            if (table, key) not in known:
                raise InvalidInput(f"config file {path}: unknown setting {key!r} in [{table}]")
    return path, tables


def _put(values: dict[str, Any], name: str, value: Any) -> None:
    if "." in name:
        table, key = name.split(".", 1)
        values.setdefault(table, {})[key] = value
    else:
        values[name] = value


def _describe(exc: ValidationError, origin: Mapping[str, str]) -> str:
    problem = exc.errors()[0]
    name = ".".join(str(part) for part in problem["loc"] if not str(part).startswith("function"))
    where = origin.get(name) or origin.get(name.split(".")[0] + ".host", "")
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"invalid setting {name}" + (f" ({where})" if where else "") + f": {message}"
