"""Refusing stale edits: every service that changes a record claims its version first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Table

from followup.domain.errors import FollowupError, NotFound, Stale
from followup.store import versions as store


def claim(
    conn: Connection,
    table: Table,
    where: ColumnElement[bool],
    expected: int | None,
    record: str,
    **values: Any,
) -> None:
    """Move the record to its next version (setting `values` with it), refusing with Stale
    if it is no longer at `expected`, the version the editor read (None: do not check).

    `record` names it in the message, e.g. "deal #4".
    """
    if not store.claim(conn, table, where, expected, **values):
        raise refused(record, expected)


def refused(record: str, expected: int | None) -> FollowupError:
    """Why a claim of `record` matched no row: its version moved on, or it is gone."""
    if expected is None:
        return NotFound(f"{record} no longer exists")
    return Stale(record, expected)
