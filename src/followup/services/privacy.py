"""A person's rights over their data: everything we hold about them as one document, and
forgetting them (erasure), recorded as one audit entry that holds nothing erased."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from followup.services.history import change_document, known_person
from followup.services.workspace import Workspace
from followup.store import audit, history, privacy

EXPORT_FORMAT = "followup-person-export"


def person_to_forget(ws: Workspace, ref: str) -> dict[str, Any]:
    """Who `ref` names, to confirm before forgetting them: {"id", "name", "account"}."""
    with ws.transaction() as conn:
        row = _person(conn, ref)
        return {"id": row.id, "name": row.name, "account": row.account}


def forget_person(ws: Workspace, ref: str, now: datetime) -> dict[str, Any]:
    """Erase the person and their personal data everywhere, irreversibly; earlier audit
    entries about them are blanked and one entry records the erasure."""
    with ws.transaction() as conn:
        row = _person(conn, ref)
        audit.forgetting(conn, row.id)
        kept = privacy.erase(conn, row.id)
        erased = history.redact(conn, row.id)
        history.record_forget(conn, row.id, row.account_id, audit.actor_of(conn), now)
    privacy.empty_log(ws.engine)
    return {
        "forgotten": {"id": row.id},
        "kept_anonymous": {
            "interactions": kept.interactions,
            "service_requests": kept.requests,
            "feedback": kept.feedback,
        },
        "reminders_dropped": kept.reminders_dropped,
        "audit_entries_erased": erased,
    }


def export_person(ws: Workspace, ref: str, now: datetime) -> dict[str, Any]:
    """Everything held about the person, as one JSON-ready document."""
    with ws.transaction() as conn:
        row = _person(conn, ref)
        found = privacy.rows_about(conn, row.id)
        changes = history.changes_about(conn, "person", row.id, limit=None)
    person = {k: v for k, v in row._mapping.items() if k not in ("account", "owner")}
    account = {"id": row.account_id, "name": row.account} if row.account_id else None
    document = {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "person": {**person, "account": account, "owner": row.owner},
        "emails": [e["email"] for e in found.pop("emails")],
        "phones": [p["phone"] for p in found.pop("phones")],
        "agreement": next(iter(found.pop("agreement")), None),
        **found,
        "history": [change_document(c) for c in changes],
    }
    exported: dict[str, Any] = plain(document)
    return exported


def _person(conn: Connection, ref: str) -> Any:
    """The person's row with their account's and owner's names."""
    return privacy.person_with_names(conn, known_person(conn, ref))


def plain(value: Any) -> Any:
    """`value` with dates and times as ISO 8601 text, as JSON can hold it."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
