"""Versions: the one compare-and-set every edit of a record goes through.

Every editable record has a `version` column (docs/decisions.md lists them). An edit
moves it to the next version in the same UPDATE that checks it is still the version the
editor read, so of two edits of version N exactly one matches a row: on PostgreSQL the
second UPDATE waits for the first transaction's row lock and then finds version N+1; on
SQLite writers take turns. The rest of the change follows in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite


def claim(
    conn: Connection,
    table: Table,
    where: ColumnElement[bool],
    expected: int | None,
    **values: Any,
) -> bool:
    """Move the row `where` picks to its next version, setting `values` in the same UPDATE,
    if it is still at version `expected` (at any version when None). False when no row
    matched: the version moved on, or the row is gone (or `where` no longer holds)."""
    query = update(table).where(where)
    if expected is not None:
        query = query.where(table.c.version == expected)
    return conn.execute(query.values(**values, version=table.c.version + 1)).rowcount == 1


def ensure(conn: Connection, table: Table, **values: Any) -> None:
    """Insert the row `values` describe (at version 1) unless its key is taken: records
    that exist before they are first saved (preferences, a culture profile) get a row to
    claim. Two processes doing this at once insert it once."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())


def version_of(conn: Connection, table: Table, where: ColumnElement[bool]) -> int | None:
    """The stored version of the row `where` picks, or None without one."""
    return conn.execute(select(table.c.version).where(where)).scalar_one_or_none()


def versions_by_id(conn: Connection, table: Table, ids: Iterable[int]) -> dict[int, int]:
    """The version of each row of `table` whose id is in `ids`."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(table.c.id, table.c.version).where(table.c.id.in_(wanted))
    return {row.id: row.version for row in conn.execute(query)}
