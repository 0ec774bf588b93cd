"""Mutual action plans: add steps and checkpoints, mark them done, slip them, export them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.deals import DealStage
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.localtime import END_OF_DAY, add_local_days, local_date, parse_moment, zone
from followup.domain.names import required_name, within
from followup.domain.plans import (
    Milestone,
    MilestoneStatus,
    PlanKind,
    PlanSide,
    StepKind,
    slipped,
)
from followup.services import deal_views as views
from followup.services.deal_files import claim_deal, find_deal, refresh_deal, rules_of
from followup.services.deals import set_decision_day
from followup.services.directory import current_user
from followup.services.people import resolve_person
from followup.services.plan_layout import apply_template, due_columns, plan_ends
from followup.services.versions import refused
from followup.services.workspace import Workspace
from followup.store import deals as store
from followup.store import plans as plan_store


@dataclass
class MilestoneInput:
    title: str
    due: str
    side: PlanSide = PlanSide.US
    owner: str | None = None  # a user for our side, a person for theirs
    after: list[int] = field(default_factory=list)
    checkpoint: bool = False
    delivery: bool = False
    notes: str | None = None


def add_milestone(
    ws: Workspace, ref: str, entry: MilestoneInput, now: datetime, login: str | None
) -> dict[str, Any]:
    title = required_name(entry.title, "milestone title")
    within(entry.notes, 10_000, "notes")
    with ws.transaction() as conn:
        row = find_deal(conn, ref)
        deal = store.deal_from_row(row)
        plan = PlanKind.DELIVERY if entry.delivery else PlanKind.DECISION
        _check_open_for(deal.stage, deal.id, plan)
        tz = zone(deal.timezone)
        moment, date_only = parse_moment(entry.due, tz, END_OF_DAY)
        day = local_date(moment, tz)
        if day < local_date(now, tz):
            raise InvalidInput(f"milestone {title!r} would be due {day}, in the past")
        draft = Milestone(
            id=0,
            deal_id=deal.id,
            plan=plan,
            kind=StepKind.CHECKPOINT if entry.checkpoint else StepKind.STEP,
            title=title,
            side=PlanSide.BOTH if entry.checkpoint else entry.side,
            due_on=day,
            depends_on=tuple(dict.fromkeys(entry.after)),
        )
        existing = plan_store.milestones_of(conn, [deal.id])[deal.id]
        plan_ends([*existing, draft], deal.decision_on, deal.live_by)
        values = _columns(conn, draft, entry, row, None if date_only else moment, login)
        milestone_id = plan_store.insert_milestone(conn, values, list(draft.depends_on), now)
        refresh_deal(ws, conn, deal.id, now)
        return _milestone(conn, deal.id, milestone_id)


def _columns(
    conn: Connection,
    draft: Milestone,
    entry: MilestoneInput,
    row: Any,
    moment: datetime | None,
    login: str | None,
) -> dict[str, Any]:
    """The stored columns of a new milestone, its owner resolved."""
    owner_person, owner_user = _owner(conn, entry, row.owner_id, login)
    return {
        "deal_id": draft.deal_id,
        "plan": draft.plan.value,
        "kind": draft.kind.value,
        "position": plan_store.next_position(conn, draft.deal_id),
        "title": draft.title,
        "side": draft.side.value,
        "owner_person_id": owner_person,
        "owner_user_id": owner_user,
        **due_columns(draft.due_on, moment, row.timezone),
        "status": MilestoneStatus.OPEN.value,
        "notes": entry.notes or None,
    }


def _check_open_for(stage: DealStage, deal_id: int, plan: PlanKind) -> None:
    if stage is DealStage.LOST:
        raise Conflict(f"deal #{deal_id} is lost: its plan is closed")
    if plan is PlanKind.DECISION and stage in (DealStage.WON, DealStage.DELIVERY, DealStage.LIVE):
        raise Conflict(f"deal #{deal_id} is {stage.value}: add delivery steps with --delivery")
    if plan is PlanKind.DELIVERY and stage not in (DealStage.WON, DealStage.DELIVERY):
        raise Conflict(f"deal #{deal_id} is {stage.value}: delivery steps come after the win")


def _owner(
    conn: Connection, entry: MilestoneInput, deal_owner: int, login: str | None
) -> tuple[int | None, int | None]:
    """(person, user) owning the step: theirs is a person, ours a user (default: the deal's)."""
    if entry.side is PlanSide.THEM:
        return (resolve_person(conn, entry.owner) if entry.owner else None), None
    if entry.owner:
        return None, current_user(conn, entry.owner, login).id
    return None, deal_owner


def plan_from_template(
    ws: Workspace,
    ref: str,
    key: str,
    now: datetime,
    decision_by: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Lay a template's steps out backwards from the deal's expected decision, re-dated
    to `decision_by` first when given (both or neither). The deal records the template
    (and the date): refused if it is no longer at `version`, when given."""
    with ws.transaction() as conn:
        deal = claim_deal(conn, ref, version)
        if decision_by:
            set_decision_day(conn, deal, decision_by, now)
        apply_template(ws, conn, deal.id, key, now)
        refresh_deal(ws, conn, deal.id, now)
        return views.deal_document(ws, conn, deal.id, now)


def _pending(conn: Connection, milestone_id: int) -> tuple[Any, list[Milestone], Milestone]:
    deal_id = plan_store.deal_of_milestone(conn, milestone_id)
    if deal_id is None:
        raise NotFound(f"unknown milestone #{milestone_id}")
    row = find_deal(conn, str(deal_id))
    milestones = plan_store.milestones_of(conn, [deal_id])[deal_id]
    milestone = next(m for m in milestones if m.id == milestone_id)
    if not milestone.pending:
        raise Conflict(
            f"milestone #{milestone_id} ({milestone.title}) is already {milestone.status.value}"
        )
    return row, milestones, milestone


def _claim(conn: Connection, milestone_id: int, version: int | None, **values: Any) -> None:
    """Change a pending milestone, moving it to its next version; refused as closed (if
    someone closed it meanwhile) or Stale (no longer at `version`)."""
    if not plan_store.claim_pending(conn, milestone_id, version, **values):
        _pending(conn, milestone_id)
        raise refused(f"milestone #{milestone_id}", version)


def close_milestone(
    ws: Workspace,
    milestone_id: int,
    status: MilestoneStatus,
    now: datetime,
    version: int | None = None,
) -> dict[str, Any]:
    """Mark a step done (or dropped): progress is a sign of life for the deal."""
    with ws.transaction() as conn:
        row, _, milestone = _pending(conn, milestone_id)
        _claim(conn, milestone_id, version, status=status.value, closed_at=now)
        changes: dict[str, Any] = {"last_touch_at": now}
        if milestone.plan is PlanKind.DELIVERY and row.stage == DealStage.WON.value:
            claim_deal(conn, str(row.id), None)  # delivery has started: the deal moves on
            changes.update(stage=DealStage.DELIVERY.value, stage_since=now)
        store.update_deal(conn, row.id, changes, now)
        refresh_deal(ws, conn, row.id, now)
        return _milestone(conn, row.id, milestone_id)


def slip_milestone(
    ws: Workspace, milestone_id: int, to: str, now: datetime, version: int | None = None
) -> dict[str, Any]:
    """Move a step to a new date; steps waiting on it move with it, keeping their spacing.
    Refused if the step is no longer at `version` (when given)."""
    with ws.transaction() as conn:
        row, milestones, _ = _pending(conn, milestone_id)
        tz = zone(row.timezone)
        moment, date_only = parse_moment(to, tz, END_OF_DAY)
        day = local_date(moment, tz)
        if day < local_date(now, tz):
            raise InvalidInput(
                f"cannot move milestone #{milestone_id} to {day}: that is in the past"
            )
        changed = slipped(milestones, milestone_id, day, rules_of(ws, row).workweek)
        plan_ends([changed.get(m.id, m) for m in milestones], row.decision_on, row.live_by)
        before = {m.id: m for m in milestones}
        # The step itself first: a stale version refuses the slip before anything moves.
        for moved in sorted(changed.values(), key=lambda m: m.id != milestone_id):
            target = moved.id == milestone_id
            exact = moment if target and not date_only else None
            columns = _due_of(moved, before[moved.id], exact, row.timezone)
            columns.update(status=moved.status.value, first_due_on=moved.first_due_on)
            if target:
                _claim(conn, moved.id, version, **columns)
            else:
                plan_store.claim_pending(conn, moved.id, None, **columns)
        refresh_deal(ws, conn, row.id, now)
        document = _milestone(conn, row.id, milestone_id)
        document["moved_with_it"] = sorted(i for i in changed if i != milestone_id)
        return document


def _due_of(
    moved: Milestone, old: Milestone, exact: datetime | None, timezone: str
) -> dict[str, Any]:
    """The due columns after a move: an exact time if given; a timed checkpoint keeps its
    time of day on its new day; anything else is due by the end of its day."""
    if exact is None and not old.all_day and old.due_at is not None:
        days = (moved.due_on - old.due_on).days
        exact = add_local_days(old.due_at, days, zone(timezone))
    return due_columns(moved.due_on, exact, timezone)


def _milestone(conn: Connection, deal_id: int, milestone_id: int) -> dict[str, Any]:
    milestones = plan_store.milestones_of(conn, [deal_id])[deal_id]
    return {
        "deal_id": deal_id,
        **views.milestone_document(next(m for m in milestones if m.id == milestone_id)),
    }


def export_plan(ws: Workspace, ref: str, now: datetime) -> Any:
    """The customer's view of a deal's plan, for the exports."""
    with ws.transaction() as conn:
        return views.customer_plan_of(conn, find_deal(conn, ref).id, now)
