"""The concepts of followup as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.domain.relationship import Relationship


class Role(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class Stage(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    PARTNER = "partner"
    COLLEAGUE = "colleague"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    MESSAGE = "message"


class InteractionKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"
    VISIT = "visit"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Outcome(StrEnum):
    REACHED = "reached"
    REPLIED = "replied"
    NO_ANSWER = "no_answer"


class Side(StrEnum):
    US = "us"
    THEM = "them"


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class FollowUpPoint(StrEnum):
    """The natural follow-up point a commitment plants (why the next contact is expected)."""

    NEXT_STEP = "next_step"
    MUTUAL_DEADLINE = "mutual_deadline"
    MORE_INFORMATION = "more_information"
    STATUS_UPDATE = "status_update"
    ARTICLE = "article"
    VISIT = "visit"
    INTRODUCTION = "introduction"
    CLARIFICATION = "clarification"
    CHECK_IN = "check_in"
    FIRST_MEETING = "first_meeting"  # arrange a meeting with someone met at an event


class Triage(StrEnum):
    """What to do with a card after an event: meet the person, or just file the card."""

    MEET = "meet"
    FILE = "file"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    timezone: str
    email: str | None = None
    role: Role = Role.MEMBER


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    country: str | None = None
    culture: str | None = None
    tier: str | None = None
    owner_id: int | None = None
    version: int = 1  # moved on by every edit (docs/decisions.md, "Edit conflicts")


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    owner_id: int
    timezone: str
    created_at: datetime
    stage: Stage = Stage.LEAD
    account_id: int | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    country: str | None = None
    language: str | None = None
    culture: str | None = None
    source: str | None = None
    snoozed_until: datetime | None = None
    triage: Triage | None = None


@dataclass(frozen=True)
class Interaction:
    person_id: int
    user_id: int
    kind: InteractionKind
    direction: Direction
    at: datetime
    outcome: Outcome | None = None
    notes: str | None = None
    id: int | None = None
    point: FollowUpPoint | None = None  # the natural follow-up point this touch used

    @property
    def is_contact(self) -> bool:
        """Whether we actually got through (anything but an unanswered attempt)."""
        return self.outcome is not Outcome.NO_ANSWER

    @property
    def is_attempt(self) -> bool:
        """Whether it was us reaching out (what the 'never more often than' gap counts)."""
        return self.direction is Direction.OUT


@dataclass(frozen=True)
class Commitment:
    person_id: int
    side: Side
    what: str
    due_at: datetime
    all_day: bool = True
    status: Status = Status.OPEN
    agreed: bool = False
    owed_by: str | None = None
    point: FollowUpPoint = FollowUpPoint.NEXT_STEP
    interaction_id: int | None = None
    id: int | None = None
    version: int = 1


@dataclass(frozen=True)
class Agreement:
    """The follow-up rhythm a person agreed to: the customer's permission to contact them."""

    person_id: int
    every_days: int
    min_gap_days: int | None = None
    channel: Channel | None = None
    agreed_by: str | None = None
    agreed_on: datetime | None = None
    max_days: int | None = None  # the ideal is every_days; past max_days it is urgent
    about_account_id: int | None = None  # an internal agreement: a colleague reports on it
    topic: str | None = None  # what the colleague sends, for an internal agreement


@dataclass(frozen=True)
class Touches:
    """What the contact history says, kept on the person: the last contact and the last attempt."""

    last_contact_at: datetime | None = None
    last_attempt_at: datetime | None = None

    def after(self, interaction: Interaction) -> Touches:
        """The touches once `interaction` is logged (order of logging does not matter)."""
        contact = self.last_contact_at
        attempt = self.last_attempt_at
        if interaction.is_contact:
            contact = _latest(contact, interaction.at)
        if interaction.is_attempt:
            attempt = _latest(attempt, interaction.at)
        return Touches(contact, attempt)


def _latest(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b > a else a


@dataclass(frozen=True)
class Rhythm:
    """The rhythm in force for a person: their agreement, or their culture's default."""

    every_days: int
    min_gap_days: int | None
    channel: Channel
    source: str  # "agreement" or "culture:<key>"
    max_days: int | None = None

    @property
    def agreed(self) -> bool:
        return self.source == "agreement"


@dataclass(frozen=True)
class Dossier:
    """Everything the agenda needs to know about one person."""

    person: Person
    account_name: str | None
    rhythm: Rhythm | None
    touches: Touches
    open_commitments: tuple[Commitment, ...] = field(default=())
    last_notes: str | None = None
    # Culture, replies, entry points and content: what the intelligence rules read.
    relationship: Relationship | None = None
