"""What the deal and plan endpoints take and answer."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from followup.api.schemas import (
    Body,
    Change,
    Document,
    Moment,
    Name,
    Page,
    Reference,
    Short,
    Text,
    Versioned,
)
from followup.domain.deals import DealStage, DecisionRole
from followup.domain.plans import MilestoneStatus, PlanKind, PlanSide, StepKind
from followup.domain.sharing import MAX_EXPIRY_DAYS

Key = Annotated[str, Field(min_length=1, max_length=64, description="a template's key")]
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class DealContact(Body):
    person: Reference
    role: DecisionRole = DecisionRole.CHAMPION


class DealIn(Body):
    account: Reference
    title: Name
    contacts: list[DealContact] = Field(min_length=1, max_length=50)
    value: int | Annotated[str, Field(max_length=32)] | None = Field(None, examples=["120000"])
    currency: Annotated[str, Field(max_length=8)] | None = None
    decision_by: Moment | None = None
    stage: DealStage = DealStage.LEAD
    template: Key | None = Field(None, description="lay out the plan (needs decision_by)")
    owner: Short | None = None
    notes: Text | None = None


class DealMove(Change):
    """A new stage, a new decision date or go-live date: at least one of them."""

    stage: DealStage | None = None
    decision_by: Moment | None = None
    live_by: Moment | None = None


class DealWin(Change):
    on: Moment | None = Field(None, description="decision day (default: today)")
    delivery: Key | None = Field(None, description="delivery plan template")
    live_by: Moment | None = None


class DealLoss(Change):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class DealRole(Body):
    role: DecisionRole = DecisionRole.CHAMPION


class MilestoneIn(Body):
    title: Name
    due: Moment
    side: PlanSide = PlanSide.US
    owner: Short | None = Field(None, description="a user, or (side them) their person")
    after: list[RowId] = Field(default=[], max_length=50, description="milestones it waits for")
    checkpoint: bool = Field(False, description="a date to review progress together")
    delivery: bool = Field(False, description="a step of the delivery plan")
    notes: Text | None = None


class MilestoneSlip(Change):
    to: Moment


class TemplateUse(Change):
    """A template to plan from; `version` is the deal's (it records the template)."""

    template: Key


class TemplatesIn(Body):
    toml: Annotated[str, Field(min_length=1, max_length=200_000)] = Field(
        description="templates in the TOML format of the shipped ones"
    )


class ShareIn(Body):
    expires_days: int = Field(30, ge=1, le=MAX_EXPIRY_DAYS)


class DealSummary(Versioned):
    id: int
    title: str
    account: str
    stage: DealStage
    value: str | None
    currency: str | None
    decision_on: str | None
    live_by: str | None
    owner: str | None
    next_due_at: str | None


class DealPerson(Document):
    id: int
    name: str
    role: DecisionRole


class Milestone(Versioned):
    id: int
    plan: PlanKind
    kind: StepKind
    step: str | None
    title: str
    side: PlanSide
    owner: str | None
    owner_role: str | None
    due_on: str
    due_at: str | None
    all_day: bool
    first_due_on: str | None
    status: MilestoneStatus
    depends_on: list[int]
    notes: str | None


class DealMilestone(Milestone):
    """A milestone of a deal; a slip adds `moved_with_it`, the steps that moved along."""

    deal_id: int


class ShareLink(Document):
    id: int
    created_at: str
    expires_at: str
    state: str


class Deal(DealSummary):
    timezone: str
    template: str | None
    notes: str | None
    lost_reason: str | None
    people: list[DealPerson]
    milestones: list[Milestone]
    share_links: list[ShareLink]
    rules: dict[str, Any]


class DealPage(Page):
    deals: list[DealSummary]


class TemplateStep(Document):
    key: str
    title: str
    side: str
    days: int
    after: list[str]
    role: str | None
    checkpoint: bool


class Template(Versioned):
    key: str
    name: str
    plan: PlanKind
    description: str | None
    delivery: str | None
    shipped: bool
    steps: list[TemplateStep]


class TemplatePage(Page):
    templates: list[Template]


class TemplatesAdded(Document):
    added: list[str]


class ShareLinkMade(Document):
    deal_id: int
    link_id: int
    url: str = Field(description="shown now only: the token is not stored")
    expires_at: str


class ShareLinks(Document):
    deal_id: int
    share_links: list[ShareLink]


class Revoked(Document):
    deal_id: int
    revoked: list[int]
