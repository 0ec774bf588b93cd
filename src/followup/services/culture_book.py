"""The culture profiles in force in a workspace: the shipped data with the team's edits."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from sqlalchemy import Connection

from followup.domain.culture import CultureBook
from followup.domain.culture_edits import edited_book
from followup.domain.errors import InvalidInput
from followup.store import cultures as store


def shipped_raw() -> dict[str, Any]:
    """The shipped profiles (data/cultures.toml) as parsed TOML."""
    text = resources.files("followup.data").joinpath("cultures.toml").read_text("utf-8")
    raw = tomllib.loads(text)["profiles"]
    assert isinstance(raw, dict)
    return raw


def book_of(conn: Connection) -> tuple[CultureBook, str | None]:
    """The profiles in force: shipped, with the workspace's edits applied; and the problem,
    if the edits no longer fit the shipped profiles of this version (then the shipped
    profiles are in force until a `culture edit` or `culture reset` repairs them)."""
    try:
        return edited_book(shipped_raw(), store.edits(conn)), None
    except InvalidInput as exc:
        return edited_book(shipped_raw(), []), f"{exc.message}; the shipped profiles are in force"
