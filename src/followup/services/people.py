"""People: add, edit, find by id/email/name, list and show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.contacts import normalise_email, normalise_phone
from followup.domain.errors import Ambiguous, Conflict, InvalidInput, NotFound
from followup.domain.localtime import zone
from followup.domain.model import Stage, Triage
from followup.domain.names import id_in, required_name, within
from followup.domain.relationship import ContactRole
from followup.services import versions, views
from followup.services.directory import current_user, find_account
from followup.services.places import country_code, zone_of_country
from followup.services.workspace import Workspace, refresh_due
from followup.store import directory, records
from followup.store import intelligence as intel
from followup.store import people as store
from followup.store.tables import people, storable_id


@dataclass
class PersonFields:
    """What a user can set on a person; None means 'not given'."""

    name: str | None = None
    account: str | None = None
    country: str | None = None
    timezone: str | None = None
    stage: str | None = None
    language: str | None = None
    culture: str | None = None
    source: str | None = None
    owner: str | None = None
    address: str | None = None
    notes: str | None = None
    role: str | None = None  # their part in the decision (ContactRole); '' clears it
    title: str | None = None
    triage: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    remove_emails: list[str] = field(default_factory=list)
    remove_phones: list[str] = field(default_factory=list)
    version: int | None = None  # the version edited; a newer stored one refuses the edit


def resolve_person(conn: Connection, ref: str, verify_id: bool = True) -> int:
    """A person's id from an id, an email or a unique name.

    `verify_id=False` leaves checking that a given id exists to the caller, which reads
    the person anyway (logging an interaction saves a query that way).
    """
    text = ref.strip()
    if not text:
        raise InvalidInput("no person given: use an id, an email or a name")
    person_id = id_in(text)
    if person_id is not None:
        if not storable_id(person_id) or (verify_id and not store.person_exists(conn, person_id)):
            raise NotFound(f"unknown person #{person_id}")
        return person_id
    if "@" in text:
        return _one(conn, store.ids_by_email(conn, text), ref)
    rows = store.candidates_named(conn, text)
    if not rows:
        similar = store.candidates_containing(conn, text)
        hint = f"; did you mean {_names(similar)}?" if similar else ""
        raise NotFound(f"unknown person {ref!r}{hint}")
    return _one(conn, [row.id for row in rows], ref)


def _one(conn: Connection, ids: list[int], ref: str) -> int:
    if not ids:
        raise NotFound(f"unknown person {ref!r}")
    if len(ids) > 1:
        rows = [store.person_row(conn, i) for i in ids]
        raise Ambiguous(
            f"{ref!r} matches {len(ids)} people: {_names([r for r in rows if r])}; "
            "use the id or an email"
        )
    return ids[0]


def _names(rows: list[Any] | Any) -> str:
    return ", ".join(
        f"#{r.id} {r.name}" + (f" ({r.account_name})" if r.account_name else "") for r in rows
    )


def add_person(
    ws: Workspace, fields: PersonFields, now: datetime, login: str | None
) -> dict[str, Any]:
    """A new person, owned by `fields.owner` or the current user."""
    required_name(fields.name, "person name")
    with ws.transaction() as conn:
        values = _values(ws, conn, fields)
        values.setdefault("stage", Stage.LEAD.value)
        values["owner_id"] = values.get("owner_id") or current_user(conn, None, login).id
        account_country = None
        if values.get("account_id"):
            account = directory.account_by_id(conn, values["account_id"])
            account_country = account.country if account else None
        if "timezone" not in values:
            owner = directory.user_by_id(conn, values["owner_id"])
            country = values.get("country") or account_country
            values["timezone"] = zone_of_country(country) or (owner.timezone if owner else "UTC")
        emails, phones = _contacts(conn, fields, None)
        person_id = store.insert_person(conn, values, emails, phones, now)
        refresh_due(ws, conn, person_id, now)
        return views.person_document(conn, ws, person_id)


def edit_person(ws: Workspace, ref: str, fields: PersonFields, now: datetime) -> dict[str, Any]:
    """Change what was given in `fields`, leaving the rest as it is."""
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        claim_version(conn, person_id, fields.version)
        values = _values(ws, conn, fields)
        emails, phones = _contacts(conn, fields, person_id)
        if values:
            store.update_person(conn, person_id, values, now)
        store.add_contacts(conn, person_id, emails, phones)
        store.remove_contacts(
            conn,
            person_id,
            _emails(fields.remove_emails),
            [normalise_phone(p) for p in fields.remove_phones],
        )
        refresh_due(ws, conn, person_id, now)
        return views.person_document(conn, ws, person_id)


def claim_version(conn: Connection, person_id: int, expected: int | None) -> None:
    """Move the person to their next version; Stale if they are no longer at `expected`.

    Their agreement and snooze are part of the person: changing them claims it too."""
    versions.claim(conn, people, people.c.id == person_id, expected, f"person #{person_id}")


def _values(ws: Workspace, conn: Connection, fields: PersonFields) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = required_name(fields.name, "person name")
    if fields.account is not None:
        values["account_id"] = find_account(conn, fields.account).id if fields.account else None
    if fields.country is not None:
        values["country"] = country_code(fields.country) if fields.country else None
    if fields.timezone is not None:
        values["timezone"] = zone(fields.timezone).key
    if fields.stage is not None:
        values["stage"] = stage_of(fields.stage).value
    if fields.culture is not None:
        values["culture"] = ws.cultures.get(fields.culture).key if fields.culture else None
    if fields.owner is not None:
        values["owner_id"] = current_user(conn, fields.owner, None).id
    if fields.role is not None:
        values["role"] = _role(fields.role) if fields.role else None
    if fields.triage is not None:
        values["triage"] = _triage(fields.triage)
    within(fields.language, 16, "language")
    within(fields.source, 300, "source")
    within(fields.title, 200, "title")
    for key in ("language", "source", "address", "notes", "title"):
        if getattr(fields, key) is not None:
            values[key] = getattr(fields, key) or None
    return values


def stage_of(text: str) -> Stage:
    try:
        return Stage(text.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        raise InvalidInput(f"invalid stage {text!r}: choose one of {choices}") from None


def _role(text: str) -> str:
    try:
        return ContactRole(text.strip().lower()).value
    except ValueError:
        choices = ", ".join(r.value for r in ContactRole)
        raise InvalidInput(f"invalid role {text!r}: choose one of {choices}") from None


def _triage(text: str) -> str | None:
    """'meet', 'file', or '' for not triaged."""
    if not text.strip():
        return None
    try:
        return Triage(text.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"invalid triage {text!r}: choose meet or file") from None


def _emails(texts: list[str]) -> list[str]:
    return [normalise_email(e) for e in texts]


def _contacts(
    conn: Connection, fields: PersonFields, person_id: int | None
) -> tuple[list[str], list[str]]:
    emails = _emails(fields.emails)
    for email in emails:
        owners = [i for i in store.ids_by_email(conn, email) if i != person_id]
        if owners:
            raise Conflict(f"email {email} already belongs to person #{owners[0]}")
    return emails, [normalise_phone(p) for p in fields.phones]


def list_people(
    ws: Workspace,
    account: str | None = None,
    event: str | None = None,
    stage: str | None = None,
    owner: str | None = None,
) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        account_id = find_account(conn, account).id if account else None
        owner_id = current_user(conn, owner, None).id if owner else None
        stage_value = stage_of(stage).value if stage else None
        rows = store.listing(conn, account_id, event, stage_value, owner_id)
        contacts = store.contacts_for(conn, [row.id for row in rows])
        return [views.person_summary(row, *contacts[row.id]) for row in rows]


def show_person(ws: Workspace, ref: str) -> dict[str, Any]:
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        document = views.person_document(conn, ws, person_id)
        document["commitments"] = [
            views.commitment_document(c) for c in records.commitments_of(conn, person_id)
        ]
        document["links"] = intel.person_links_of(conn, person_id)
        document["interests"] = intel.interest_labels(conn, person_id)
        return document
