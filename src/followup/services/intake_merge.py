"""Merging an imported contact into the person it already is, in the batch's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from followup.domain.cards import addresses_text
from followup.domain.intake import Contact
from followup.domain.merge import Conflict, Stored, plan_merge
from followup.domain.model import FollowUpPoint, Status, Triage
from followup.domain.triage import first_meeting
from followup.services.people import claim_version
from followup.services.workspace import refresh_due
from followup.store import intake as store
from followup.store import people as people_store
from followup.store import records

if TYPE_CHECKING:
    from followup.services.intake_batch import Batch


def apply_merge(batch: Batch, person_id: int, contact: Contact) -> tuple[bool, list[Conflict]]:
    """Merge `contact` into person `person_id`; whether anything changed, and the conflicts."""
    conn, ctx = batch.conn, batch.ctx
    stored = store.stored_people(conn, [person_id])[person_id]
    merge = plan_merge(stored, contact, ctx.event or contact.source or None)
    values: dict[str, Any] = dict(merge.values)
    if values.pop("company", None):
        values["account_id"] = batch.account_for(contact)
    owners = batch.state.matcher.emails
    emails = [e for e in merge.emails if owners.get(e, person_id) == person_id]
    for email in set(merge.emails) - set(emails):
        merge.conflicts.append(Conflict("email", f"#{owners[email]}", email))
    if merge.urls:
        values["urls"] = [*stored.urls, *merge.urls]
    if merge.addresses:
        values["addresses"] = [*map(dict, stored.addresses), *merge.addresses]
        added = addresses_text([dict(a) for a in merge.addresses])
        values["address"] = "\n".join(t for t in (stored.values.get("address"), added) if t)
    values.update(_triage(stored, ctx.triage))
    meeting = ctx.triage is Triage.MEET and _add_meeting(batch, stored)
    changed = bool(values or emails or merge.phones or meeting)
    if values or emails or merge.phones:
        claim_version(conn, person_id, None)  # the card changed them: open edits are stale
    if values:
        people_store.update_person(conn, person_id, values, ctx.now)
    people_store.add_contacts(conn, person_id, emails, merge.phones)
    if changed:
        refresh_due(batch.ws, conn, person_id, ctx.now)
    return changed, merge.conflicts


def _triage(stored: Stored, wanted: Triage | None) -> dict[str, str]:
    """A card triaged 'meet' turns a filed person into one to meet; 'file' demotes nobody."""
    current = stored.values.get("triage")
    if wanted is None or current == wanted.value:
        return {}
    if current is None or wanted is Triage.MEET:
        return {"triage": wanted.value}
    return {}


def _add_meeting(batch: Batch, stored: Stored) -> bool:
    """The first follow-up, unless an open one is already there."""
    if _has_open_meeting(batch.conn, stored.id):
        return False
    country = stored.values.get("country") or None
    promise = first_meeting(
        stored.id, batch.ctx.owner.name, batch.ctx.now, str(stored.values["timezone"]), country
    )
    records.insert_commitment(batch.conn, promise, batch.ctx.now)
    return True


def _has_open_meeting(conn: Connection, person_id: int) -> bool:
    return any(
        c.point is FollowUpPoint.FIRST_MEETING and c.status is Status.OPEN
        for c in records.open_commitments_of(conn, person_id)
    )
