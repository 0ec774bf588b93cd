"""Deals: add, list, show, move through the stages, win (the delivery plan starts), lose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection

from followup.domain.deals import (
    OPEN_STAGES,
    Deal,
    DealStage,
    check_close,
    check_move,
    parse_currency,
    parse_role,
    parse_stage,
    parse_value,
)
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.localtime import at_local, local_date, parse_moment, zone
from followup.domain.names import required_name, within
from followup.domain.plans import MilestoneStatus, PlanKind, StepKind
from followup.services import deal_views as views
from followup.services.deal_files import claim_deal, find_deal, refresh_deal
from followup.services.directory import current_user, find_account
from followup.services.people import resolve_person
from followup.services.places import zone_of_country
from followup.services.plan_layout import apply_template, lay_out_delivery, plan_ends
from followup.services.workspace import Workspace
from followup.store import deals as store
from followup.store import people as people_store
from followup.store import plans as plan_store
from followup.store import sharing as share_store


@dataclass
class DealInput:
    account: str
    title: str
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (person, role)
    value: str | None = None
    currency: str | None = None
    decision_by: str | None = None
    owner: str | None = None
    stage: str = "lead"
    template: str | None = None
    notes: str | None = None


def parse_day(text: str, tz_name: str) -> date:
    """A calendar day in the deal's time zone from ISO text."""
    return local_date(parse_moment(text, zone(tz_name))[0], zone(tz_name))


def add_deal(ws: Workspace, entry: DealInput, now: datetime, login: str | None) -> dict[str, Any]:
    title = required_name(entry.title, "deal title")
    within(entry.notes, 100_000, "notes")
    stage = parse_stage(entry.stage)
    if stage not in OPEN_STAGES:
        raise InvalidInput(f"a new deal starts at an open stage, not {stage.value}")
    if not entry.contacts:
        raise InvalidInput(
            "a deal needs a contact: --contact PERSON (with --role, default champion)"
        )
    value = str(parse_value(entry.value)) if entry.value else None
    currency = parse_currency(entry.currency) if entry.currency else None
    if value and not currency:
        raise InvalidInput("a deal value needs its currency: --currency EUR (or JPY, USD, ...)")
    with ws.transaction() as conn:
        account = find_account(conn, entry.account)
        owner = current_user(conn, entry.owner, login)
        contacts = [(resolve_person(conn, ref), parse_role(role)) for ref, role in entry.contacts]
        timezone = _deal_zone(conn, account.country, contacts[0][0], owner.timezone)
        values = {
            "account_id": account.id,
            "title": title,
            "value": value,
            "currency": currency,
            "stage": stage.value,
            "timezone": timezone,
            "owner_id": owner.id,
            "notes": entry.notes or None,
            "decision_on": _future_day(entry.decision_by, timezone, now, "decision date"),
        }
        deal_id = store.insert_deal(conn, values, now)
        for person_id, role in contacts:
            store.add_person(conn, deal_id, person_id, role)
        if entry.template:
            apply_template(ws, conn, deal_id, entry.template, now)
        refresh_deal(ws, conn, deal_id, now)
        return views.deal_document(ws, conn, deal_id, now)


def _deal_zone(conn: Connection, country: str | None, person_id: int, fallback: str) -> str:
    """Where the plan's days are counted: the account's country, else the contact's zone."""
    from_country = zone_of_country(country)
    if from_country:
        return from_country
    person = people_store.load_person(conn, person_id)
    return person.timezone if person else fallback


def _future_day(text: str | None, timezone: str, now: datetime, what: str) -> date | None:
    if not text:
        return None
    day = parse_day(text, timezone)
    if day < local_date(now, zone(timezone)):
        raise InvalidInput(f"the {what} {text} is in the past")
    return day


def set_decision_day(conn: Connection, deal: Deal, text: str, now: datetime) -> None:
    """Re-date an open deal's expected decision, in the caller's transaction; the plan's
    steps must still fit before it. `deal` is the deal as `claim_deal` gave it: a change of
    the deal moves its version, so there is no re-dating without the claim."""
    if not deal.is_open:
        raise Conflict(f"deal #{deal.id} is {deal.stage.value}: its decision is taken")
    day = _future_day(text, deal.timezone, now, "decision date")
    plan_ends(plan_store.milestones_of(conn, [deal.id])[deal.id], day, deal.live_by)
    store.update_deal(conn, deal.id, {"decision_on": day}, now)


def list_deals(
    ws: Workspace, owner: str | None, stage: str | None, account: str | None, closed: bool
) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        owner_id = current_user(conn, owner, None).id if owner else None
        account_id = find_account(conn, account).id if account else None
        if stage:
            stages = [parse_stage(stage).value]
        else:
            stages = [
                s.value for s in DealStage if closed or s not in (DealStage.LOST, DealStage.LIVE)
            ]
        rows = store.listing(conn, owner_id, stages, account_id)
        return [views.deal_summary(row) for row in rows]


def show_deal(ws: Workspace, ref: str, now: datetime) -> dict[str, Any]:
    with ws.transaction() as conn:
        return views.deal_document(ws, conn, find_deal(conn, ref).id, now)


def move_deal(
    ws: Workspace,
    ref: str,
    now: datetime,
    stage: str | None = None,
    decision_by: str | None = None,
    live_by: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Move a deal to another stage and/or re-date its decision or its go-live (refused if
    the deal is no longer at `version`, when given)."""
    if stage is None and decision_by is None and live_by is None:
        raise InvalidInput("give a stage, --decision-by DATE or --live-by DATE")
    with ws.transaction() as conn:
        deal = claim_deal(conn, ref, version)
        changes: dict[str, Any] = {}
        if stage is not None:
            target = parse_stage(stage)
            check_move(deal, target)
            changes.update(stage=target.value, stage_since=now)
        elif deal.stage is DealStage.LOST:
            check_move(deal, DealStage.LEAD)  # the same clear refusal
        if decision_by is not None:
            if not deal.is_open:
                raise Conflict(f"deal #{deal.id} is {deal.stage.value}: its decision is taken")
            changes["decision_on"] = _future_day(decision_by, deal.timezone, now, "decision date")
        if live_by is not None:
            changes["live_by"] = _future_day(live_by, deal.timezone, now, "go-live date")
        plan = plan_store.milestones_of(conn, [deal.id])[deal.id]
        plan_ends(
            plan,
            changes.get("decision_on", deal.decision_on),
            changes.get("live_by", deal.live_by),
        )
        store.update_deal(conn, deal.id, changes, now)
        refresh_deal(ws, conn, deal.id, now)
        return views.deal_document(ws, conn, deal.id, now)


def win_deal(
    ws: Workspace,
    ref: str,
    now: datetime,
    on: str | None = None,
    delivery: str | None = None,
    live_by: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """The customer said yes: close the decision plan and start the delivery plan, dated from
    the decision by the culture's expectation."""
    with ws.transaction() as conn:
        deal = _closing(conn, ref, version, DealStage.WON)
        tz = zone(deal.timezone)
        won_at = now
        if on:
            won_at = at_local(parse_day(on, deal.timezone), time(0), tz)
            if won_at > now:
                raise InvalidInput(f"the decision day {on} is in the future")
        _close_plan(conn, deal.id, PlanKind.DECISION, won_at, MilestoneStatus.DONE)
        changes = {"stage": DealStage.WON.value, "stage_since": won_at, "won_at": won_at}
        store.update_deal(conn, deal.id, changes, now)
        end = _future_day(live_by, deal.timezone, now, "go-live date") if live_by else None
        lay_out_delivery(ws, conn, deal.id, delivery, local_date(won_at, tz), end, now)
        refresh_deal(ws, conn, deal.id, now)
        return views.deal_document(ws, conn, deal.id, now)


def lose_deal(
    ws: Workspace, ref: str, reason: str, now: datetime, version: int | None = None
) -> dict[str, Any]:
    """The customer said no: the plan is dropped and every share link revoked."""
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput("say why the deal was lost: --reason TEXT")
    within(text, 2000, "reason")
    with ws.transaction() as conn:
        deal = _closing(conn, ref, version, DealStage.LOST)
        for plan in PlanKind:
            _close_plan(conn, deal.id, plan, now, MilestoneStatus.DROPPED)
        changes = {"stage": DealStage.LOST.value, "stage_since": now, "lost_reason": text}
        store.update_deal(conn, deal.id, {**changes, "closed_at": now, "next_due_at": None}, now)
        active = [
            link.id for link in share_store.links_of(conn, deal.id) if link.revoked_at is None
        ]
        share_store.revoke(conn, active, now)
        return views.deal_document(ws, conn, deal.id, now)


def _closing(conn: Connection, ref: str, version: int | None, outcome: DealStage) -> Deal:
    """The deal to win or lose, claimed; one closed already is said to be, whatever the
    version the client had (and checked again once claimed: it may have closed since)."""
    check_close(store.deal_from_row(find_deal(conn, ref)), outcome)
    deal = claim_deal(conn, ref, version)
    check_close(deal, outcome)
    return deal


def _close_plan(
    conn: Connection, deal_id: int, plan: PlanKind, at: datetime, status: MilestoneStatus
) -> None:
    """Close a plan's pending milestones: steps with `status`, checkpoints dropped."""
    for milestone in plan_store.milestones_of(conn, [deal_id], pending_only=True)[deal_id]:
        if milestone.plan is plan:
            final = MilestoneStatus.DROPPED if milestone.kind is StepKind.CHECKPOINT else status
            plan_store.claim_pending(conn, milestone.id, None, status=final.value, closed_at=at)


def set_person(
    ws: Workspace, ref: str, person: str, role: str | None, remove: bool, now: datetime
) -> dict[str, Any]:
    """Add a person to the deal's decision with a role, or take them out of it."""
    with ws.transaction() as conn:
        deal_id = find_deal(conn, ref).id
        person_id = resolve_person(conn, person)
        if remove:
            if store.remove_person(conn, deal_id, person_id) == 0:
                raise InvalidInput(f"person #{person_id} is not part of deal #{deal_id}")
            if not store.people_of(conn, [deal_id])[deal_id]:
                raise Conflict(f"deal #{deal_id} needs at least one contact: add another first")
        elif not store.add_person(conn, deal_id, person_id, parse_role(role or "champion")):
            raise Conflict(f"person #{person_id} already has that role in deal #{deal_id}")
        refresh_deal(ws, conn, deal_id, now)
        return views.deal_document(ws, conn, deal_id, now)
