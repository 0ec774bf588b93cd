"""Request bodies of the API (validated here: a bad field is a 422 naming it), and the
shared shapes of its responses."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from followup.domain.model import (
    Channel,
    Direction,
    FollowUpPoint,
    InteractionKind,
    Outcome,
    Role,
    Side,
    Stage,
)

Name = Annotated[str, Field(min_length=1, max_length=300)]
Short = Annotated[str, Field(max_length=300)]
Moment = Annotated[str, Field(min_length=1, max_length=64, description="ISO 8601")]
Days = Annotated[int, Field(ge=1, le=3650)]
Text = Annotated[str, Field(max_length=100_000)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]
Reference = Annotated[
    int | Annotated[str, Field(min_length=1, max_length=300)],
    Field(description="an id, an email or a unique name"),
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(Body):
    """A change of one record: `version` (or If-Match) refuses it once the record moved on."""

    version: Version | None = Field(
        None, description="The version you read (its ETag): 409 if it changed since. Optional."
    )


class Document(BaseModel):
    """A response: the fields named are always there; a service may add more (each
    endpoint answers the JSON document its CLI command prints with --json)."""

    model_config = ConfigDict(extra="allow")


class Versioned(Document):
    """A record that changes: its `version` is also the response's ETag."""

    version: int = Field(description="Send it back as If-Match (or `version`) to change it.")


class Page(Document):
    """One page of a listing: `limit` items from `offset` of `total` (exact unless
    `total_exact` is false)."""

    total: int
    total_exact: bool = True
    limit: int
    offset: int


class Named(Document):
    """A person, account or user as a document names it."""

    id: int | None
    name: str


Emails = Annotated[list[Annotated[str, Field(max_length=320)]], Field(max_length=20)]
Phones = Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=20)]


class PersonDetails(Body):
    """What a person has besides their name and contacts; None means 'not given'."""

    account: Short | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    timezone: Annotated[str, Field(max_length=64)] | None = None
    stage: Stage | None = None
    language: Annotated[str, Field(max_length=16)] | None = None
    culture: Annotated[str, Field(max_length=32)] | None = None
    source: Short | None = None
    owner: Short | None = None
    address: Text | None = None
    notes: Text | None = None


class PersonIn(PersonDetails):
    name: Name
    emails: Emails = []
    phones: Phones = []


class PersonPatch(PersonDetails, Change):
    """Only the fields given change; `version` (or If-Match) refuses a stale edit."""

    name: Name | None = None
    add_emails: Emails = []
    remove_emails: Emails = []
    add_phones: Phones = []
    remove_phones: Phones = []


class AccountIn(Body):
    name: Name
    country: Annotated[str, Field(max_length=2)] | None = None
    tier: Annotated[str, Field(max_length=64)] | None = None
    culture: Annotated[str, Field(max_length=32)] | None = None
    owner: Short | None = None


class AccountPatch(Change):
    """Only the fields given change; an empty country, culture or tier clears it."""

    name: Name | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    culture: Annotated[str, Field(max_length=32)] | None = None
    tier: Annotated[str, Field(max_length=64)] | None = None
    owner: Short | None = None


class AgreementIn(Change):
    """The rhythm agreed; `version` is the person's (the agreement is part of them)."""

    every_days: Days
    min_gap_days: Days | None = None
    channel: Channel | None = None
    agreed_by: Short | None = None
    on: Moment | None = None


class PromiseIn(Body):
    owner: Side
    what: Annotated[str, Field(min_length=1, max_length=2000)]
    due: Moment
    agreed: bool = False
    by: Short | None = None
    point: FollowUpPoint = FollowUpPoint.NEXT_STEP


class TouchIn(Body):
    """A touch to log: what kind, which way, how it went, when."""

    kind: InteractionKind = InteractionKind.MEETING
    direction: Direction = Direction.OUT
    outcome: Outcome | None = None
    at: Moment | None = None
    confirm: bool = Field(False, description="log it even if it breaks an agreed gap")


class InteractionIn(TouchIn):
    notes: Text | None = None
    commitments: list[PromiseIn] = Field(default=[], max_length=50)


class SnoozeIn(Change):
    until: Moment


class UserIn(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(max_length=320)] | None = None
    timezone: Annotated[str, Field(max_length=64)] = "UTC"
    role: Role = Role.MEMBER
    password: Annotated[str, Field(min_length=8, max_length=1024)] | None = None


class UserPatch(Change):
    role: Role | None = None
    timezone: Annotated[str, Field(max_length=64)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None


class PasswordIn(Body):
    password: Annotated[str, Field(min_length=8, max_length=1024)]


class TokenIn(Body):
    name: Annotated[str, Field(min_length=1, max_length=100)]
