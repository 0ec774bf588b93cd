"""A person's history: every touch and every promise made, kept or dropped, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from followup.services import views
from followup.services.guard import guard_entries
from followup.services.people import resolve_person
from followup.services.workspace import Workspace
from followup.store import records
from followup.store.tables import commitments


def timeline(ws: Workspace, ref: str) -> dict[str, Any]:
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        document = views.person_document(conn, ws, person_id)
        entries: list[dict[str, Any]] = []
        said_at = {}
        for row in records.interactions_of(conn, person_id):
            said_at[row.id] = row.at
            entries.append(
                {
                    "at": views.iso(row.at),
                    "event": "interaction",
                    "kind": row.kind,
                    "direction": row.direction,
                    "outcome": row.outcome,
                    "notes": row.notes,
                    "user": row.user_name,
                    "id": row.id,
                    "point": row.point,
                }
            )
        entries += guard_entries(conn, person_id)
        query = select(commitments).where(commitments.c.person_id == person_id)
        for row in conn.execute(query):
            commitment = views.commitment_document(records.commitment_from_row(row))
            # A promise made in a meeting belongs at the meeting, not at when it was typed in.
            made = said_at.get(row.interaction_id, row.created_at)
            entries.append({"at": views.iso(made), "event": "promised", **commitment})
            if row.closed_at is not None:
                entries.append({"at": views.iso(row.closed_at), "event": row.status, **commitment})
    entries.sort(key=lambda e: (e["at"], e["event"] != "interaction"), reverse=True)
    return {"person": {"id": person_id, "name": document["name"]}, "entries": entries}
