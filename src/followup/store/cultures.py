"""A workspace's edits to the culture profiles."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from followup.domain.culture_edits import CultureEdit
from followup.store.intel_tables import culture_edits, culture_versions
from followup.store.tables import accounts, people
from followup.store.versions import claim, ensure


def edits(conn: Connection) -> list[CultureEdit]:
    """Every edit, in the order they apply (oldest first)."""
    query = select(culture_edits).order_by(culture_edits.c.edited_at, culture_edits.c.field)
    return [
        CultureEdit(
            row.profile, row.field, json.loads(row.value), row.edited_by, row.edited_at, row.note
        )
        for row in conn.execute(query)
    ]


def save(conn: Connection, changes: Iterable[CultureEdit], at: datetime) -> None:
    """Store `changes`, each replacing an earlier edit of the same field."""
    for edit in changes:
        conn.execute(
            delete(culture_edits).where(
                culture_edits.c.profile == edit.profile, culture_edits.c.field == edit.field
            )
        )
        conn.execute(
            insert(culture_edits).values(
                profile=edit.profile,
                field=edit.field,
                value=json.dumps(edit.value, ensure_ascii=False),
                note=edit.note,
                edited_by=edit.by,
                edited_at=at,
            )
        )


def remove(conn: Connection, profile: str, fields: Iterable[str] | None = None) -> int:
    """Forget the edits of `profile` (only of `fields` if given); how many were removed."""
    query = delete(culture_edits).where(culture_edits.c.profile == profile)
    if fields is not None:
        query = query.where(culture_edits.c.field.in_(list(fields)))
    return conn.execute(query).rowcount


def stamp(conn: Connection) -> tuple[object, ...]:
    """What changes whenever the edits do: every edit and reset moves a profile's
    version (and a restored backup brings other edits, with other times)."""
    versions_moved = select(func.coalesce(func.sum(culture_versions.c.version), 0))
    edits_made = select(func.count(), func.max(culture_edits.c.edited_at))
    return tuple(conn.execute(edits_made.add_columns(versions_moved.scalar_subquery())).one())


def versions(conn: Connection) -> dict[str, int]:
    """The version of every profile edited so far (the others are at version 1)."""
    query = select(culture_versions.c.profile, culture_versions.c.version)
    return {row.profile: row.version for row in conn.execute(query)}


def claim_profile(conn: Connection, profile: str, expected: int | None) -> bool:
    """Move the profile to its next version, if still at `expected` (when given)."""
    ensure(conn, culture_versions, profile=profile, version=1)
    return claim(conn, culture_versions, culture_versions.c.profile == profile, expected)


def users_of(conn: Connection, profile: str) -> tuple[int, int]:
    """How many people and accounts name `profile` explicitly."""
    persons = conn.execute(
        select(func.count()).select_from(people).where(people.c.culture == profile)
    ).scalar_one()
    orgs = conn.execute(
        select(func.count()).select_from(accounts).where(accounts.c.culture == profile)
    ).scalar_one()
    return int(persons), int(orgs)
