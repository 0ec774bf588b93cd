"""What the databases' own planners say about the agenda's queries.

`agenda_plans` runs `followup.services.agenda.today` once, records every statement it sends
(with its parameters, as the driver received them) and asks the database to EXPLAIN each:
SQLite's EXPLAIN QUERY PLAN ('SEARCH people USING INDEX ix_people_owner_due (...)') and
PostgreSQL's EXPLAIN (FORMAT JSON) (Index Scan / Bitmap Index Scan / Seq Scan nodes). Used by
tests/store/test_query_plans.py and by the benchmark, which reports the plans at its size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, event

from followup.services.agenda import today
from followup.services.workspace import Workspace

# Reads of these tables must go through an index (users, a few hundred rows, may be read whole).
BIG_TABLES = frozenset(
    {
        "people", "commitments", "interactions", "agreements", "accounts", "feedback",
        "person_links", "person_interests", "content_sends", "service_requests",
        "account_updates", "guard_confirmations",
    }
)  # fmt: skip
INDEX_ACCESS = frozenset({"SEARCH", "Index Scan", "Index Only Scan", "Bitmap Index Scan"})
FULL_SCANS = frozenset({"SCAN", "Seq Scan", "Parallel Seq Scan"})


@dataclass(frozen=True)
class Access:
    """How a plan reads one table: 'SEARCH people USING INDEX ...', an Index Scan node, ...

    `table` is None for PostgreSQL's Bitmap Index Scan (it names only the index) and for
    SQLite's lines that read no table; `index` is 'PRIMARY KEY' for SQLite's rowid lookups.
    """

    table: str | None
    how: str
    index: str | None
    text: str


@contextmanager
def recorded(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its parameters) that reaches the driver meanwhile."""
    seen: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        # (conn, cursor, statement, parameters, context, executemany)
        seen.append((args[2], args[3]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(engine: Engine, statement: str, parameters: Any) -> list[Access]:
    """The table accesses of `statement`'s plan, as the database would run it."""
    raw = engine.raw_connection()
    try:
        cursor: Any = raw.driver_connection.cursor()  # type: ignore[union-attr]
        if engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [_sqlite_access(row[3]) for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        document = cursor.fetchone()[0]
        plan = document if isinstance(document, list) else json.loads(document)
        return list(_postgres_accesses(plan[0]["Plan"]))
    finally:
        raw.rollback()
        raw.close()


def agenda_plans(
    ws: Workspace, at: datetime, user_name: str
) -> tuple[int, dict[str, list[Access]]]:
    """The agenda's item count and, for each statement it sent, the plan's table accesses."""
    with recorded(ws.engine) as seen:  # the agenda explained, not read from a kept day
        _, items = today(ws, at, user_name, None, reuse=False)
    plans = {statement: explain(ws.engine, statement, parameters) for statement, parameters in seen}
    return len(items), plans


def uses_index(accesses: list[Access], table: str, index: str) -> bool:
    """Whether the plan reads `table` through `index`."""
    return any(
        a.how in INDEX_ACCESS and a.index == index and a.table in (table, None) for a in accesses
    )


def full_scans(accesses: list[Access], tables: frozenset[str] = BIG_TABLES) -> list[str]:
    """Every read of one of `tables` that does not go through an index."""
    return [a.text for a in accesses if a.table in tables and a.how in FULL_SCANS]


def summary(plans: dict[str, list[Access]]) -> list[str]:
    """One line per table access: 'people: Index Scan ix_people_owner_due'."""
    lines = []
    for accesses in plans.values():
        for a in accesses:
            if a.table is None and a.index is None:
                continue
            lines.append(f"{a.table or '(bitmap)'}: {a.how} {a.index or ''}".rstrip())
    return sorted(set(lines))


def _sqlite_access(detail: str) -> Access:
    # 'SEARCH people USING INDEX ix_people_owner_due (owner_id=? AND next_due_at<?)',
    # 'SEARCH accounts USING INTEGER PRIMARY KEY (rowid=?)', 'SCAN people', ...
    words = detail.split()
    if len(words) > 1 and words[0] in ("SEARCH", "SCAN"):
        index = None
        if "INDEX" in words:
            index = words[words.index("INDEX") + 1]
        elif "PRIMARY" in words:
            index = "PRIMARY KEY"
        return Access(words[1], words[0], index, detail)
    return Access(None, words[0] if words else "", None, detail)


def _postgres_accesses(node: dict[str, Any]) -> Iterator[Access]:
    if "Relation Name" in node or "Index Name" in node:
        text = f"{node['Node Type']} on {node.get('Relation Name') or '?'}"
        if "Index Name" in node:
            text += f" using {node['Index Name']}"
        yield Access(node.get("Relation Name"), node["Node Type"], node.get("Index Name"), text)
    for child in node.get("Plans", []):
        yield from _postgres_accesses(child)
