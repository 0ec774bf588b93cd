"""What the reminder endpoints take and answer: preferences, digest, feed, webhooks."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from followup.api.schemas import Body, Change, Document, Page, Versioned

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Event = Literal["item.due", "commitment.overdue"]


class PrefsPatch(Change):
    """Only the fields given change."""

    digest_at: Annotated[str, Field(max_length=5, examples=["08:00"])] | None = None
    email_digest: bool | None = None
    webhooks: bool | None = None
    empty_digest: bool | None = Field(None, description="a digest even when nothing is due")
    quiet_days: Annotated[list[Weekday], Field(max_length=7)] | None = None
    holidays: Annotated[str, Field(max_length=16, examples=["DE-BY", "none"])] | None = None
    language: Literal["en", "de"] | None = None
    timezone: Annotated[str, Field(max_length=64)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None


class WebhookIn(Body):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    events: Annotated[list[Event], Field(max_length=10)] = Field(
        [], description="default: every event"
    )
    secret: Annotated[str, Field(min_length=16, max_length=200)] | None = Field(
        None, description="signing secret (default: generated)"
    )


class Prefs(Versioned):
    user: str
    email: str | None
    timezone: str
    digest_at: str
    email_digest: bool
    webhooks: bool
    empty_digest: bool
    quiet_days: list[str]
    holidays: str | None
    language: str


class Digest(Document):
    subject: str
    text: str
    html: str
    items: int
    overdue: int


class CalendarFeed(Document):
    user: str
    secret: str
    path: str
    url: str | None = Field(description="the path under the public URL")


class Webhook(Versioned):
    id: int
    user: str | None
    url: str
    events: list[str]
    created_at: str | None
    last_delivery: dict[str, Any] | None


class WebhookMade(Webhook):
    secret: str = Field(description="shown now only")


class WebhookPage(Page):
    webhooks: list[Webhook]


class WebhookRemoved(Document):
    id: int
    url: str
    cancelled: int = Field(description="queued events that will not be sent")


class Status(Document):
    at: str
    smtp: dict[str, Any]
    scheduler: dict[str, Any]
    users: list[dict[str, Any]]
