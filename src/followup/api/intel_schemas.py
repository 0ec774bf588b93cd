"""What the relationship-intelligence endpoints take and answer: links, interests,
content, visits, culture profiles, service tiers, requests and feedback."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from followup.api.schemas import (
    Body,
    Change,
    Days,
    Document,
    Moment,
    Name,
    Named,
    Page,
    Reference,
    Versioned,
)
from followup.domain.culture import FeedbackChannel
from followup.domain.relationship import ContentKind, LinkKind

Topic = Annotated[str, Field(min_length=1, max_length=100)]
Topics = Annotated[list[Topic], Field(max_length=50)]
FieldName = Annotated[str, Field(min_length=1, max_length=64)]
FieldValue = str | int | float | bool | list[Annotated[str, Field(max_length=2000)]]
ProfileKey = Annotated[str, Field(min_length=1, max_length=32, examples=["nordics"])]
Comment = Annotated[str, Field(max_length=10_000)]
TierName = Annotated[str, Field(min_length=1, max_length=64)]
Minutes = Annotated[int, Field(ge=1, le=525_600, description="response time in minutes")]
Price = Annotated[str, Field(max_length=200, examples=["EUR 450 / month"])]


class LinkIn(Body):
    other: Reference
    kind: LinkKind = Field(alias="as", description="PERSON introduced_by|knows|reports_to OTHER")


class InterestsIn(Body):
    add: Topics = Field(default=[])
    remove: Topics = Field(default=[])


class ContentIn(Body):
    title: Name
    kind: ContentKind = ContentKind.ARTICLE
    topics: Annotated[list[Topic], Field(min_length=1, max_length=20)]
    url: Annotated[str, Field(max_length=2000)] | None = None


class ContentSend(Body):
    to: Reference
    at: Moment | None = None
    confirm: bool = Field(False, description="log it even if it breaks an agreed gap")


class CultureFields(Body):
    """Fields to set and lists to add to; values are JSON (or TOML text, as on the CLI)."""

    assign: dict[FieldName, FieldValue] = Field(
        {}, alias="set", max_length=40, examples=[{"min_gap_days": 10, "cadence_days.lead": 14}]
    )
    append: dict[FieldName, list[FieldValue]] = Field(
        {}, alias="add", max_length=10, examples=[{"notes": ["Calls before 10 are welcome."]}]
    )
    note: Annotated[str, Field(max_length=1000)] | None = Field(None, description="why")


class CultureEditIn(CultureFields, Change):
    """A change of a profile; `version` is the profile's."""


class CultureNew(CultureFields):
    key: ProfileKey


class CultureResetIn(Change):
    fields: Annotated[list[FieldName], Field(max_length=40)] = Field(
        [], description="only these fields (default: every edit of the profile)"
    )


class TierIn(Body):
    name: TierName
    response_minutes: Minutes
    checkin_days: Days | None = Field(None, description="satisfaction check-in rhythm")
    price: Price | None = None
    default: bool = Field(False, description="for accounts without a tier")


class TierPatch(Change):
    response_minutes: Minutes | None = None
    checkin_days: Days | None = None
    price: Price | None = None
    default: bool | None = None


class TierChoice(Change):
    """The account's tier; `version` is the account's (the tier is part of it)."""

    tier: TierName | None = Field(description="null: take the account off any tier")


class RequestIn(Body):
    what: Annotated[str, Field(min_length=1, max_length=2000)]
    person: Reference | None = Field(None, description="who asked (default: the main contact)")
    at: Moment | None = Field(None, description="when it came in (default: now)")
    assign: Annotated[str, Field(max_length=200)] | None = Field(None, description="who answers")


class RequestDone(Change):
    at: Moment | None = Field(None, description="when it was answered (default: now)")
    notes: Comment | None = None


class FeedbackIn(Body):
    score: int = Field(ge=1, le=10, description="1 (not at all satisfied) to 10")
    comment: Comment | None = None
    person: Reference | None = Field(None, description="who gave it")
    at: Moment | None = None
    channel: FeedbackChannel | None = None


class Link(Document):
    person: Named
    other: Named
    kind: LinkKind = Field(alias="as")


class PersonLink(Named):
    kind: str = Field(alias="as", description="introduced_by, introduced, knows, ...")


class Ties(Document):
    person: Named
    links: list[PersonLink]
    interests: list[str]


class Interests(Document):
    person: Named
    interests: list[str]


class Removed(Document):
    removed: int


class ContentPiece(Versioned):
    id: int
    title: str
    kind: ContentKind
    url: str | None
    topics: list[str]
    sent: int
    added: str | None


class ContentPage(Page):
    """The library; with `for`, the person and the pieces on their interests not sent."""

    content: list[ContentPiece]


class ContentSent(Document):
    interaction_id: int
    person_id: int
    at: str | None
    next_due_at: str | None
    content: ContentPiece
    guard: dict[str, Any]


class VisitPerson(Named):
    account: str | None
    matched_by: str
    reasons: list[str]
    warnings: list[str]
    note: str


class Visit(Document):
    city: str
    first: str = Field(alias="from")
    to: str
    people: list[VisitPerson]


class CultureField(Document):
    field: str
    value: Any
    origin: str
    note: str | None


class CultureProfile(Versioned):
    key: str
    name: str
    source: str | None
    fields: list[CultureField]
    faux_pas: list[dict[str, Any]]


class CultureReset(Versioned):
    key: str
    reset: list[str]
    recomputed: dict[str, int]


class Tier(Versioned):
    name: str
    response_minutes: int
    response: str
    checkin_days: int | None
    price: str | None
    default: bool


class TierPage(Page):
    tiers: list[Tier]


class AccountTier(Versioned):
    account: str
    tier: str | None
    next_checkin: str | None


class ServiceRequest(Versioned):
    id: int
    account: str
    person: Named
    owner: str | None
    what: str
    tier: str | None
    response: str
    received: str
    due: str
    status: str
    responded: str | None
    breach: bool
    late_by: str | None


class RequestPage(Page):
    requests: list[ServiceRequest]


class Breaches(Document):
    since: str | None
    requests: int
    breaches: list[ServiceRequest]
    tiers: list[dict[str, Any]]


class Feedback(Document):
    id: int
    account: str
    score: int
    comment: str | None
    at: str
    next_checkin: str | None


class FeedbackEntry(Document):
    id: int
    score: int
    comment: str | None
    channel: str
    person: Named | None
    at: str


class AccountFeedback(Page):
    account: Named
    next_checkin: str | None
    feedback: list[FeedbackEntry]
