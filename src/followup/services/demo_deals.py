"""The demo's deals: `[[deals]]` in data/demo.toml, replayed through the deal services at
the moments they happened (see services/demo.py for how demo times are written)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followup.domain.plans import MilestoneStatus
from followup.services import deals, plans
from followup.services.workspace import Workspace

if TYPE_CHECKING:
    from followup.services.demo import Clock


def load_deals(
    ws: Workspace, clock: Clock, zones: dict[str, ZoneInfo], raw_deals: list[dict[str, Any]]
) -> None:
    for raw in raw_deals:
        _deal(ws, clock, zones[raw["owner"]], raw)


def _deal(ws: Workspace, clock: Clock, tz: ZoneInfo, raw: dict[str, Any]) -> None:
    owner = raw["owner"]
    entry = deals.DealInput(
        account=raw["account"],
        title=raw["title"],
        contacts=[(person, role) for person, role in raw["contacts"]],
        value=raw.get("value"),
        currency=raw.get("currency"),
        decision_by=clock.day(raw["decision_by"], tz) if "decision_by" in raw else None,
        owner=owner,
        stage=raw.get("stage", "lead"),
        template=raw.get("template"),
        notes=raw.get("notes"),
    )
    document = deals.add_deal(ws, entry, clock.moment(raw["added"], tz), owner)
    ref = str(document["id"])
    by_step = {m["step"]: m["id"] for m in document["milestones"]}
    for step, when in raw.get("done", {}).items():
        plans.close_milestone(ws, by_step[step], MilestoneStatus.DONE, clock.moment(when, tz))
    for stage, when in raw.get("moves", {}).items():
        deals.move_deal(ws, ref, clock.moment(when, tz), stage)
    if "won" in raw:
        deals.win_deal(ws, ref, clock.moment(raw["won"], tz))
