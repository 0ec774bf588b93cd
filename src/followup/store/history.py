"""Reading the audit trail, writing its one entry made by hand (a forget), and the one
change it allows: blanking the rows about a person being forgotten (store/audit.py
`forgetting` must have been called in the same transaction, or the database refuses)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Row, func, insert, or_, select, update
from sqlalchemy.types import Boolean, DateTime

from followup.domain.audit import Change
from followup.store.audit import Actor
from followup.store.audit_tables import audit_log
from followup.store.tables import metadata

# The table whose insert starts a subject's life.
BORN_IN = {"person": "people", "account": "accounts", "deal": "deals"}


def changes_about(
    conn: Connection, subject: str, subject_id: int, limit: int | None
) -> list[Change]:
    """The latest `limit` (None: all) changes about a person, account or deal, newest first."""
    column = audit_log.c[f"{subject}_id"]
    query = (
        select(audit_log)
        .where(column == subject_id, audit_log.c.id >= _born(conn, subject, subject_id))
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    return [change_from_row(row) for row in conn.execute(query)]


def _born(conn: Connection, subject: str, subject_id: int) -> int:
    """Where the subject's own history starts: SQLite may give a new row the id of one
    removed before (a forgotten person's), whose history is not the new one's."""
    query = select(func.max(audit_log.c.id)).where(
        audit_log.c[f"{subject}_id"] == subject_id,
        audit_log.c.table_name == BORN_IN[subject],
        audit_log.c.action == "insert",
    )
    return int(conn.execute(query).scalar() or 0)


def change_from_row(row: Row[Any]) -> Change:
    return Change(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        table=row.table_name,
        row=row.row_key,
        before=_values(row.table_name, row.before),
        after=_values(row.table_name, row.after),
    )


def _values(table_name: str, text: str | None) -> dict[str, Any] | None:
    """Recorded values as both databases mean them: in column order, times as ISO 8601
    UTC, flags as booleans (SQLite records 0/1 and its own time format)."""
    if text is None:
        return None
    values = json.loads(text)
    table = metadata.tables.get(table_name)
    columns = [c for c in table.columns if c.name in values] if table is not None else []
    ordered = {c.name: _typed(c, values[c.name]) for c in columns}
    ordered.update({k: v for k, v in values.items() if k not in ordered})  # dropped since
    return ordered


def _typed(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Boolean):
        return bool(value)
    if isinstance(column.type, DateTime) or isinstance(
        getattr(column.type, "impl", None), DateTime
    ):
        moment = datetime.fromisoformat(str(value))
        return moment.replace(tzinfo=UTC).isoformat()
    return value


def forgotten_on(conn: Connection, person_id: int) -> datetime | None:
    """When the person with this id was forgotten, if they were."""
    query = select(func.max(audit_log.c.at)).where(
        audit_log.c.person_id == person_id, audit_log.c.action == "forget"
    )
    moment = conn.execute(query).scalar()
    return moment if isinstance(moment, datetime) else None


def redact(conn: Connection, person_id: int) -> int:
    """Blank what every earlier entry about the person held; how many were blanked."""
    query = (
        update(audit_log)
        .where(
            audit_log.c.person_id == person_id,
            or_(audit_log.c.before.is_not(None), audit_log.c.after.is_not(None)),
        )
        .values(before=None, after=None)
    )
    return int(conn.execute(query).rowcount)


def record_forget(
    conn: Connection, person_id: int, account_id: int | None, actor: Actor | None, at: datetime
) -> None:
    """The erasure's one entry: who, when, which person — nothing of what was erased."""
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor_id=actor.id if actor else None,
            actor=actor.name if actor else None,
            action="forget",
            table_name="people",
            row_key=str(person_id),
            person_id=person_id,
            account_id=account_id,
        )
    )
