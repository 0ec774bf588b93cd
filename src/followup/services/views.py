"""The JSON documents of the public contract, built in one place for every adapter."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from followup.domain.agenda import AgendaItem
from followup.domain.cadence import rhythm_for
from followup.domain.errors import NotFound
from followup.domain.model import Commitment, Rhythm
from followup.store import people as store
from followup.store import records

if TYPE_CHECKING:
    from followup.services.workspace import Workspace


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, or None."""
    return moment.isoformat() if moment is not None else None


def person_summary(row: Any, emails: list[str], phones: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "emails": emails,
        "phones": phones,
        "account": row.account_name,
        "country": row.country,
        "timezone": row.timezone,
        "stage": row.stage,
        "source": row.source,
        "owner": row.owner_name,
        "next_due_at": iso(row.next_due_at),
        "version": row.version,
    }


def person_document(conn: Connection, ws: Workspace, person_id: int) -> dict[str, Any]:
    """A person as `person show --json` gives it (commitments added by the caller)."""
    row = store.person_row(conn, person_id)
    person = store.load_person(conn, person_id)
    if row is None or person is None:
        raise NotFound(f"unknown person #{person_id}")
    profile = ws.profile_for(conn, person)
    agreement = records.agreement_of(conn, person_id)
    document = person_summary(row, list(person.emails), list(person.phones))
    document.update(
        language=row.language,
        culture=profile.key,
        address=row.address,
        notes=row.notes,
        role=row.role,
        title=row.title,
        snoozed_until=iso(row.snoozed_until),
        last_contact_at=iso(row.last_contact_at),
        last_attempt_at=iso(row.last_attempt_at),
        rhythm=rhythm_document(rhythm_for(person, agreement, profile)),
        agreement=None
        if agreement is None
        else {
            "every_days": agreement.every_days,
            "min_gap_days": agreement.min_gap_days,
            "channel": agreement.channel.value if agreement.channel else None,
            "agreed_by": agreement.agreed_by,
            "agreed_on": iso(agreement.agreed_on),
        },
        commitments=[],
    )
    document.update(card_fields(row))
    return document


CARD_FIELDS = (
    "given_name family_name middle_name name_prefix name_suffix phonetic_given "
    "phonetic_family nickname title department birthday triage"
).split()


def card_fields(row: Any) -> dict[str, Any]:
    """What a business card or contact import told about a person (migration 0003)."""
    fields = {name: row._mapping[name] for name in CARD_FIELDS}
    fields["urls"] = list(row.urls or [])
    fields["addresses"] = list(row.addresses or [])
    return fields


def rhythm_document(rhythm: Rhythm | None) -> dict[str, Any] | None:
    if rhythm is None:
        return None
    return {
        "every_days": rhythm.every_days,
        "min_gap_days": rhythm.min_gap_days,
        "channel": rhythm.channel.value,
        "source": rhythm.source,
    }


def commitment_document(commitment: Commitment, person_name: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": commitment.id,
        "person_id": commitment.person_id,
        "owner": commitment.side.value,
        "owed_by": commitment.owed_by,
        "what": commitment.what,
        "due": iso(commitment.due_at),
        "all_day": commitment.all_day,
        "status": commitment.status.value,
        "agreed": commitment.agreed,
        "point": commitment.point.value,
        "interaction_id": commitment.interaction_id,
        "version": commitment.version,
    }
    if person_name is not None:
        document["person"] = person_name
    return document


def agenda_item_document(item: AgendaItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        # Always an object, as the contract has it; an item about followup itself (a
        # failing reminder channel) concerns no person, so its id is null.
        "person": {"id": item.person_id, "name": item.person_name},
        "account": item.account,
        "due": iso(item.due),
        "overdue_days": item.overdue_days,
        "reason": item.reason,
        "channel": item.channel.value if item.channel else None,
        "suggestion": item.suggestion,
        "warnings": list(item.warnings),
        "commitment_id": item.commitment_id,
        "deal_id": item.deal_id,
        "milestone_id": item.milestone_id,
        "urgent": item.urgent,
        **item.extra,
    }
