"""Finding a deal, reading it whole, and keeping its stored next_due_at true."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from followup.domain.culture import CultureProfile
from followup.domain.deal_agenda import next_due_at
from followup.domain.deal_file import DealFile
from followup.domain.deal_rules import DealRules, deal_rules
from followup.domain.deals import Deal, DealPerson, main_contact
from followup.domain.errors import Ambiguous, InvalidInput, NotFound
from followup.domain.model import Agreement, Channel
from followup.domain.names import id_in
from followup.domain.plans import Milestone
from followup.services import versions
from followup.services.workspace import Workspace
from followup.store import agenda as people_queries
from followup.store import deals as store
from followup.store import plans as plan_store
from followup.store.tables import deals


def find_deal(conn: Connection, ref: str) -> Row[Any]:
    """A deal by id ('12' or '#12') or by its title (any case)."""
    text = ref.strip()
    if not text:
        raise InvalidInput("no deal given: use its id or its title")
    deal_id = id_in(text)
    if deal_id is not None:
        row = store.deal_row(conn, deal_id)
        if row is None:
            raise NotFound(f"unknown deal #{deal_id}: see 'followup deal list'")
        return row
    rows = store.deals_titled(conn, " ".join(text.split()))
    if not rows:
        raise NotFound(f"unknown deal {ref!r}: see 'followup deal list'")
    if len(rows) > 1:
        listed = ", ".join(f"#{r.id} ({r.account_name})" for r in rows)
        raise Ambiguous(f"{ref!r} matches {len(rows)} deals: {listed}; use the id")
    return rows[0]


def claim_deal(conn: Connection, ref: str, expected: int | None) -> Deal:
    """The deal `ref` names, moved to its next version (read after the claim, so as the
    change will find it); Stale if it is no longer at `expected`, when given."""
    deal_id = find_deal(conn, ref).id
    versions.claim(conn, deals, deals.c.id == deal_id, expected, f"deal #{deal_id}")
    return store.deal_from_row(find_deal(conn, str(deal_id)))


def profile_of(ws: Workspace, row: Any) -> CultureProfile:
    """The culture of the deal's account."""
    return ws.cultures.resolve(row.account_culture, row.account_country)


def rules_of(ws: Workspace, row: Any) -> DealRules:
    return deal_rules(ws.cultures, profile_of(ws, row))


def build_file(
    ws: Workspace,
    conn: Connection,
    row: Any,
    people: Sequence[DealPerson],
    milestones: Sequence[Milestone],
    agreements: Mapping[int, Agreement] | None = None,
) -> DealFile:
    """The DealFile for a deals row joined with its account's name, country and culture;
    `agreements` holds the main contacts' agreements when the caller read them already."""
    profile = profile_of(ws, row)
    channel = profile.channel
    contact = main_contact(list(people))
    if contact is not None:
        if agreements is None:
            agreements = people_queries.agreements_for(conn, [contact.person_id])
        agreement = agreements.get(contact.person_id)
        channel = agreement.channel if agreement and agreement.channel else channel
    return DealFile(
        deal=store.deal_from_row(row),
        account_name=row.account_name,
        people=tuple(people),
        milestones=tuple(milestones),
        rules=deal_rules(ws.cultures, profile),
        channel=channel or Channel.EMAIL,
    )


def refresh_deal(ws: Workspace, conn: Connection, deal_id: int, now: datetime) -> datetime | None:
    """Recompute and store the deal's next_due_at, in the transaction of the change."""
    row = store.deal_row(conn, deal_id)
    if row is None:
        raise NotFound(f"unknown deal #{deal_id}")
    people = store.people_of(conn, [deal_id])[deal_id]
    pending = plan_store.milestones_of(conn, [deal_id], pending_only=True)[deal_id]
    due = next_due_at(build_file(ws, conn, row, people, pending))
    store.update_deal(conn, deal_id, {"next_due_at": due}, now)
    return due


def touch_deals(
    ws: Workspace, conn: Connection, person_id: int, at: datetime, now: datetime
) -> None:
    """A contact with someone at the account is a sign of life for its deals."""
    for deal_id, last in store.deals_touched_by(conn, person_id):
        if last is None or last < at:
            store.update_deal(conn, deal_id, {"last_touch_at": at}, now)
            refresh_deal(ws, conn, deal_id, now)
