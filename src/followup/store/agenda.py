"""The agenda's queries: index range scans, never a scan of all people.

1. people of one owner with next_due_at before the end of the day (ix_people_owner_due),
   with their account (primary key), their agreement (primary key) and their last
   interaction's notes (ix_interactions_person_at);
2. their open commitments (ix_commitments_person_status_due).

The statements are built once, with bound parameters: the agenda runs them for every user
every morning, and building a statement per call costs more (construction and cache key)
than the database takes to answer it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select

from followup.domain.model import Agreement, Commitment, Status
from followup.store.people import AGREEMENT_COLUMNS, DOSSIER_COLUMNS, chunks
from followup.store.records import agreement_from_row, commitment_from_row
from followup.store.tables import accounts, agreements, commitments, interactions, people

_LAST_NOTES = (
    select(interactions.c.notes)
    .where(interactions.c.person_id == people.c.id)
    .order_by(interactions.c.at.desc())
    .limit(1)
    .scalar_subquery()
)

DUE_PEOPLE: Select[Any] = (
    select(
        *DOSSIER_COLUMNS,
        accounts.c.name.label("account_name"),
        accounts.c.country.label("account_country"),
        accounts.c.culture.label("account_culture"),
        _LAST_NOTES.label("last_notes"),
        *AGREEMENT_COLUMNS,
    )
    .outerjoin(accounts, accounts.c.id == people.c.account_id)
    .outerjoin(agreements, agreements.c.person_id == people.c.id)
    .where(people.c.owner_id == bindparam("owner_id"), people.c.next_due_at < bindparam("before"))
    .order_by(people.c.next_due_at)
)

OPEN_COMMITMENTS: Select[Any] = select(commitments).where(
    commitments.c.person_id.in_(bindparam("person_ids", expanding=True)),
    commitments.c.status == Status.OPEN.value,
)


def due_people_query(owner_id: int, before: datetime) -> Select[Any]:
    """The owner's people due before `before`, with account, agreement and last notes."""
    return DUE_PEOPLE.params(owner_id=owner_id, before=before)


def due_people(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    """The owner's people whose next_due_at falls before `before`."""
    return conn.execute(DUE_PEOPLE, {"owner_id": owner_id, "before": before}).all()


def open_commitments_query(person_ids: Sequence[int]) -> Select[Any]:
    return OPEN_COMMITMENTS.params(person_ids=list(person_ids))


def open_commitments_for(
    conn: Connection, person_ids: Sequence[int]
) -> dict[int, list[Commitment]]:
    found: dict[int, list[Commitment]] = {pid: [] for pid in person_ids}
    for chunk in chunks(person_ids, 500):
        for row in conn.execute(OPEN_COMMITMENTS, {"person_ids": list(chunk)}):
            found[row.person_id].append(commitment_from_row(row))
    return found


def agreements_for(conn: Connection, person_ids: Sequence[int]) -> dict[int, Agreement]:
    """The agreements of many people (the agenda reads them joined into `due_people`)."""
    found: dict[int, Agreement] = {}
    for chunk in chunks(person_ids, 500):
        query = select(agreements).where(agreements.c.person_id.in_(chunk))
        for row in conn.execute(query):
            found[row.person_id] = agreement_from_row(row)
    return found
