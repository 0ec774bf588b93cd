"""Builders for the deal domain tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from followup.domain.deal_file import DealFile
from followup.domain.deal_rules import deal_rules
from followup.domain.deals import Deal, DealPerson, DealStage, DecisionRole
from followup.domain.localtime import END_OF_DAY, at_local, zone
from followup.domain.plans import Milestone, MilestoneStatus, PlanKind, PlanSide, StepKind
from followup.services.workspace import shipped_cultures

BOOK = shipped_cultures()
CREATED = datetime(2026, 11, 23, 7, tzinfo=UTC)


def deal(stage: DealStage = DealStage.DISCOVERY, **changes: object) -> Deal:
    values: dict[str, object] = {
        "id": 7, "account_id": 1, "title": "Line 3", "owner_id": 1, "stage": stage,
        "timezone": "Asia/Tokyo", "created_at": CREATED, "stage_since": CREATED,
    }  # fmt: skip
    values.update(changes)
    return Deal(**values)  # type: ignore[arg-type]


def milestone(
    id: int,
    due: date,
    side: PlanSide = PlanSide.US,
    plan: PlanKind = PlanKind.DECISION,
    kind: StepKind = StepKind.STEP,
    status: MilestoneStatus = MilestoneStatus.OPEN,
    after: tuple[int, ...] = (),
    tz: str = "Asia/Tokyo",
) -> Milestone:
    return Milestone(
        id, 7, plan, kind, f"Step {id}", side, due, status, id, after,
        due_at=at_local(due, END_OF_DAY, zone(tz)),
    )  # fmt: skip


def file(
    the_deal: Deal, *milestones: Milestone, culture: str = "jp", account: str = "Tanaka KK"
) -> DealFile:
    people = (DealPerson(3, "Keiko Tanaka", DecisionRole.CHAMPION, "Asia/Tokyo"),)
    rules = deal_rules(BOOK, BOOK.get(culture))
    return DealFile(the_deal, account, people, milestones, rules)
