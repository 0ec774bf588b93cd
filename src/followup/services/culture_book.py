"""The culture profiles in force in a workspace: the shipped data with the team's edits."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from sqlalchemy import Connection

from followup.domain.culture import CultureBook
from followup.domain.culture_edits import edited_book
from followup.store import cultures as store


def shipped_raw() -> dict[str, Any]:
    """The shipped profiles (data/cultures.toml) as parsed TOML."""
    text = resources.files("followup.data").joinpath("cultures.toml").read_text("utf-8")
    raw = tomllib.loads(text)["profiles"]
    assert isinstance(raw, dict)
    return raw


def book_of(conn: Connection) -> CultureBook:
    """The profiles in force: shipped, with the workspace's edits applied."""
    return edited_book(shipped_raw(), store.edits(conn))
