"""Laying milestones into a deal's plan: one by one, or a template's steps on the calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.deals import DealPerson
from followup.domain.delivery import delivery_dates
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.localtime import END_OF_DAY, at_local, local_date, zone
from followup.domain.plans import (
    Milestone,
    MilestoneStatus,
    PlanKind,
    PlanSide,
    check_plan,
    topological,
)
from followup.domain.templates import PlanTemplate, schedule_backwards
from followup.services.deal_files import find_deal, rules_of
from followup.services.plan_templates import find_template
from followup.services.workspace import Workspace
from followup.store import deals as store
from followup.store import plans as plan_store

DEFAULT_DELIVERY = "standard_delivery"


def plan_ends(
    milestones: Sequence[Milestone], decision_on: date | None, live_by: date | None
) -> None:
    """Refuse a plan that breaks its rules with these end dates."""
    check_plan(milestones, {PlanKind.DECISION: decision_on, PlanKind.DELIVERY: live_by})


def apply_template(ws: Workspace, conn: Connection, deal_id: int, key: str, now: datetime) -> int:
    """Lay a decision template's steps out backwards from the deal's decision date."""
    row = find_deal(conn, str(deal_id))
    deal = store.deal_from_row(row)
    if not deal.is_open:
        raise Conflict(f"deal #{deal.id} is {deal.stage.value}: its decision plan is closed")
    if deal.decision_on is None:
        raise InvalidInput(
            f"deal #{deal.id} has no expected decision date to plan back from: "
            "'followup deal move DEAL --decision-by DATE' first"
        )
    template = find_template(conn, key, PlanKind.DECISION)
    if deal.template:
        raise Conflict(f"deal #{deal.id} is already planned from the template {deal.template!r}")
    rules = rules_of(ws, row)
    today = local_date(now, zone(deal.timezone))
    dates = schedule_backwards(template, deal.decision_on, rules.workweek, today)
    count = lay_out(conn, deal_id, template, dates, now)
    store.update_deal(conn, deal_id, {"template": template.key}, now)
    return count


def lay_out_delivery(
    ws: Workspace,
    conn: Connection,
    deal_id: int,
    key: str | None,
    decided_on: date,
    live_by: date | None,
    now: datetime,
) -> None:
    """Lay out the delivery plan forwards from the decision, by the culture's expectation."""
    row = find_deal(conn, str(deal_id))
    chosen = key
    if chosen is None and row.template:
        decision_template = find_template(conn, row.template)
        chosen = decision_template.delivery
    template = find_template(conn, chosen or DEFAULT_DELIVERY, PlanKind.DELIVERY)
    dates = delivery_dates(template, decided_on, rules_of(ws, row))
    end = max(dates.values())
    if live_by is not None and live_by < end:
        raise InvalidInput(
            f"the delivery plan {template.name!r} needs until {end}, after the go-live date "
            f"{live_by}: give a later --live-by or none"
        )
    store.update_deal(conn, deal_id, {"live_by": live_by or end}, now)
    lay_out(conn, deal_id, template, dates, now)


def lay_out(
    conn: Connection, deal_id: int, template: PlanTemplate, dates: dict[str, date], now: datetime
) -> int:
    """Insert the template's steps with their dates, owners and dependencies."""
    row = find_deal(conn, str(deal_id))
    people = store.people_of(conn, [deal_id])[deal_id]
    steps = {step.key: step for step in template.steps}
    ids: dict[str, int] = {}
    position = plan_store.next_position(conn, deal_id)
    for offset, key in enumerate(topological(template.edges(), "steps")):
        step = steps[key]
        owner = _owner_for(step.role.value if step.role else None, step.side, people)
        values = {
            "deal_id": deal_id,
            "plan": template.plan.value,
            "kind": step.kind.value,
            "position": position + offset,
            "title": step.title,
            "side": step.side.value,
            "owner_person_id": owner,
            "owner_user_id": row.owner_id if step.side is PlanSide.US else None,
            "owner_role": step.role.value if step.role else None,
            **due_columns(dates[key], None, row.timezone),
            "status": MilestoneStatus.OPEN.value,
            "template_step": step.key,
        }
        ids[key] = plan_store.insert_milestone(conn, values, [ids[a] for a in step.after], now)
    return len(ids)


def _owner_for(role: str | None, side: PlanSide, people: Sequence[DealPerson]) -> int | None:
    """The customer's person who holds the step's role in this deal, if any."""
    if role is None or side is PlanSide.US:
        return None
    holders = [p.person_id for p in people if p.role.value == role]
    return holders[0] if holders else None


def due_columns(day: date, moment: datetime | None, timezone: str) -> dict[str, Any]:
    """due_on, due_at and all_day: a day is due by its end where the deal is."""
    if moment is None:
        return {"due_on": day, "due_at": at_local(day, END_OF_DAY, zone(timezone)), "all_day": True}
    return {"due_on": day, "due_at": moment, "all_day": False}
