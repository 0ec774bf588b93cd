"""The history of a person, an account or a deal: every change, who made it and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.audit import Change, Times, changed_fields, details, headline
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.names import id_in
from followup.services.deal_files import find_deal
from followup.services.directory import find_account
from followup.services.people import resolve_person
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import history
from followup.store import people as people_store
from followup.store.tables import storable_id

MAX_LIMIT = 1000


def history_of(
    ws: Workspace,
    person: str | None = None,
    account: str | None = None,
    deal: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """`{"subject": {...}, "changes": [...]}`: the latest `limit` changes, newest first."""
    given = [(k, v) for k, v in (("person", person), ("account", account), ("deal", deal)) if v]
    if len(given) != 1:
        raise InvalidInput("name one person, or one account (--account), or one deal (--deal)")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    kind, ref = given[0]
    with ws.transaction() as conn:
        subject = subject_of(conn, kind, ref)
        changes = history.changes_about(conn, kind, subject["id"], limit)
    return {"subject": subject, "changes": [change_document(c) for c in changes]}


def subject_of(conn: Connection, kind: str, ref: str) -> dict[str, Any]:
    """The person, account or deal `ref` names, as {"kind", "id", "name"}."""
    if kind == "person":
        row = people_store.person_row(conn, known_person(conn, ref))
        assert row is not None
        return {"kind": kind, "id": row.id, "name": row.name}
    if kind == "account":
        account = find_account(conn, ref)
        return {"kind": kind, "id": account.id, "name": account.name}
    deal = find_deal(conn, ref)
    return {"kind": kind, "id": deal.id, "name": deal.title}


def known_person(conn: Connection, ref: str) -> int:
    """The person `ref` names; the id of a forgotten person is refused as such."""
    try:
        return resolve_person(conn, ref)
    except NotFound:
        person_id = id_in(ref)
        if person_id is None or not storable_id(person_id):
            raise
        when = history.forgotten_on(conn, person_id)
        if when is None:
            raise
        forgotten = f"person #{person_id} was forgotten on {when:%Y-%m-%d}: nothing left"
        raise NotFound(forgotten) from None


def change_document(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "at": iso(change.at),
        "actor": change.actor,
        "action": change.action,
        "table": change.table,
        "row": change.row,
        "before": change.before,
        "after": change.after,
        "changed": changed_fields(change),
    }


def readable(document: dict[str, Any], times: Times) -> list[dict[str, Any]]:
    """Each change of a history document as people read it: when, who, what, and the
    fields it changed ('stage: prospect → customer'), instants shown by `times`."""
    lines = []
    for entry in document["changes"]:
        change = Change(
            entry["id"],
            datetime.fromisoformat(entry["at"]),
            entry["actor"],
            entry["action"],
            entry["table"],
            entry["row"],
            entry["before"],
            entry["after"],
        )
        what = headline(change)
        lines.append(
            {
                "at": entry["at"],
                "actor": entry["actor"],
                "what": what,
                "details": details(change, times),
            }
        )
    return lines
