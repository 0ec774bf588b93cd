"""The JSON documents of deals and plans, built in one place for every adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.customer_view import CustomerPlan, customer_plan
from followup.domain.deal_rules import DealRules
from followup.domain.deals import DealStage
from followup.domain.localtime import local_date, zone
from followup.domain.plans import Milestone, plan_order
from followup.domain.sharing import ShareLink
from followup.services.deal_files import build_file, find_deal, rules_of
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import deals as store
from followup.store import plans as plan_store
from followup.store import sharing as share_store


def deal_summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "account": row.account_name,
        "stage": row.stage,
        "value": row.value,
        "currency": row.currency,
        "decision_on": row.decision_on.isoformat() if row.decision_on else None,
        "live_by": row.live_by.isoformat() if row.live_by else None,
        "owner": row.owner_name,
        "next_due_at": iso(row.next_due_at),
        "version": row.version,
    }


def milestone_document(milestone: Milestone) -> dict[str, Any]:
    return {
        "id": milestone.id,
        "plan": milestone.plan.value,
        "kind": milestone.kind.value,
        "step": milestone.template_step,
        "title": milestone.title,
        "side": milestone.side.value,
        "owner": milestone.owner_name,
        "owner_role": milestone.owner_role,
        "due_on": milestone.due_on.isoformat(),
        "due_at": iso(milestone.due_at),
        "all_day": milestone.all_day,
        "first_due_on": milestone.first_due_on.isoformat() if milestone.first_due_on else None,
        "status": milestone.status.value,
        "depends_on": list(milestone.depends_on),
        "notes": milestone.notes,
        "version": milestone.version,
    }


def deal_document(ws: Workspace, conn: Connection, deal_id: int, now: datetime) -> dict[str, Any]:
    """A deal as `deal show --json` gives it: people, plan, share links, culture rules."""
    row = find_deal(conn, str(deal_id))
    people = store.people_of(conn, [deal_id])[deal_id]
    milestones = plan_store.milestones_of(conn, [deal_id])[deal_id]
    rules = rules_of(ws, row)
    file = build_file(ws, conn, row, people, [m for m in milestones if m.pending])
    document = deal_summary(row)
    document.update(
        timezone=row.timezone,
        template=row.template,
        notes=row.notes,
        lost_reason=row.lost_reason,
        stage_since=iso(row.stage_since),
        last_touch_at=iso(row.last_touch_at),
        won_at=iso(row.won_at),
        people=[{"id": p.person_id, "name": p.name, "role": p.role.value} for p in file.people],
        milestones=[milestone_document(m) for m in plan_order(milestones)],
        share_links=[link_document(link, now) for link in share_store.links_of(conn, deal_id)],
        rules=_rules_document(rules, file.deal.stage),
    )
    return document


def link_document(link: ShareLink, now: datetime) -> dict[str, Any]:
    return {
        "id": link.id,
        "created_at": iso(link.created_at),
        "expires_at": iso(link.expires_at),
        "state": link.state(now).value,
    }


def _rules_document(rules: DealRules, stage: DealStage) -> dict[str, Any]:
    """What the deal's culture says about it: quiet days allowed now, the delivery clock."""
    return {
        "culture": rules.culture,
        "rotting_days": rules.rotting_for(stage),
        "rotting_note": rules.rotting_notes.get(stage),
        "delivery_first_step_days": rules.delivery_first_step_days,
        "delivery_note": rules.delivery_note or None,
        "workweek": sorted(rules.workweek.days),
        "source": rules.source,
    }


def customer_plan_of(conn: Connection, deal_id: int, now: datetime) -> CustomerPlan:
    """The plan as the customer may see it (see followup.domain.customer_view)."""
    row = find_deal(conn, str(deal_id))
    milestones = plan_store.milestones_of(conn, [deal_id])[deal_id]
    return customer_plan(
        store.deal_from_row(row),
        row.account_name,
        milestones,
        row.owner_name,
        row.owner_email,
        local_date(now, zone(row.timezone)),
    )
