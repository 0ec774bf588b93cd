"""What the customer sees of a deal: the plan, and only what is meant for them.

Every customer-facing output (the shared page, the exports) is rendered from a
`CustomerPlan`, which is built here field by field: the deal's value, its stage, internal
notes, the roles we noted for their people and every other deal cannot reach a renderer,
because they are never copied into it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from followup.domain.deals import Deal
from followup.domain.plans import (
    Milestone,
    MilestoneStatus,
    PlanKind,
    PlanSide,
    StepKind,
    plan_order,
)


@dataclass(frozen=True)
class SharedStep:
    uid: str  # stable across exports, so a calendar updates the entry instead of doubling it
    plan: PlanKind
    checkpoint: bool
    title: str
    side: PlanSide
    who: str
    due_on: date
    status: MilestoneStatus
    first_due_on: date | None = None
    at: datetime | None = None  # a checkpoint's agreed time, if it has one
    after: tuple[str, ...] = ()
    revision: int = 0  # how often its date moved (the calendar entry's SEQUENCE)


@dataclass(frozen=True)
class CustomerPlan:
    title: str
    customer: str
    our_side: str
    contact_name: str
    contact_email: str | None
    timezone: str
    decision_on: date | None
    live_by: date | None
    won: bool
    steps: tuple[SharedStep, ...]
    as_of: date

    def phase(self, plan: PlanKind) -> tuple[SharedStep, ...]:
        return tuple(step for step in self.steps if step.plan is plan)


def customer_plan(
    deal: Deal,
    customer: str,
    milestones: list[Milestone] | tuple[Milestone, ...],
    owner_name: str,
    owner_email: str | None,
    as_of: date,
    our_side: str = "",
) -> CustomerPlan:
    """The plan of `deal` as its customer may see it."""
    titles = {m.id: m.title for m in milestones}
    team = our_side or f"{owner_name}'s team"
    steps = tuple(
        _shared(deal, m, titles, _who(m, customer, team, owner_name))
        for m in plan_order(milestones)
    )
    return CustomerPlan(
        title=deal.title,
        customer=customer,
        our_side=team,
        contact_name=owner_name,
        contact_email=owner_email,
        timezone=deal.timezone,
        decision_on=deal.decision_on,
        live_by=deal.live_by,
        won=deal.won_at is not None,
        steps=steps,
        as_of=as_of,
    )


def _shared(deal: Deal, m: Milestone, titles: dict[int, str], who: str) -> SharedStep:
    moved = m.first_due_on not in (None, m.due_on)
    return SharedStep(
        uid=_uid(deal, m),
        plan=m.plan,
        checkpoint=m.kind is StepKind.CHECKPOINT,
        title=m.title,
        side=m.side,
        who=who,
        due_on=m.due_on,
        status=m.status,
        first_due_on=m.first_due_on if moved else None,
        at=None if m.all_day else m.due_at,
        after=tuple(titles[i] for i in m.depends_on if i in titles),
        revision=1 if moved else 0,
    )


def _who(milestone: Milestone, customer: str, team: str, owner_name: str) -> str:
    if milestone.side is PlanSide.BOTH:
        return f"{customer} and {team}"
    if milestone.side is PlanSide.US:
        return milestone.owner_name or owner_name
    if milestone.owner_name:
        return f"{milestone.owner_name} ({customer})"
    # "champion" is our word for their ally, not a title to show them.
    words = ROLE_WORDS.get(milestone.owner_role or "")
    return f"{customer} ({words})" if words else customer


def _uid(deal: Deal, milestone: Milestone) -> str:
    # Hashed, so the entry does not tell the customer how many deals or milestones we hold.
    seed = f"{deal.id}:{milestone.id}:{deal.created_at.isoformat()}".encode()
    return f"{hashlib.sha256(seed).hexdigest()[:32]}@followup"


ROLE_WORDS = {
    "decision_maker": "decision maker",
    "approver": "approvers",
    "user": "users",
    "procurement": "procurement",
    "legal": "legal",
}
STATUS_WORDS = {
    MilestoneStatus.OPEN: "planned",
    MilestoneStatus.DONE: "done",
    MilestoneStatus.SLIPPED: "moved",
    MilestoneStatus.DROPPED: "dropped",
}
