"""What followup knows around a person: their culture, their replies, who else is a way in,
who knows them, what content suits them, and internal news to pass on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from followup.domain.culture import CultureProfile
from followup.domain.model import (
    Direction,
    FollowUpPoint,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
)


class ContactRole(StrEnum):
    """A person's part in the customer's decision, best way in first."""

    CHAMPION = "champion"
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    TECHNICAL = "technical"
    USER = "user"
    GATEKEEPER = "gatekeeper"


ROLE_RANK = {role: rank for rank, role in enumerate(ContactRole)}


class LinkKind(StrEnum):
    """How two people are connected: A introduced_by B, A knows B, A reports_to B."""

    INTRODUCED_BY = "introduced_by"
    KNOWS = "knows"
    REPORTS_TO = "reports_to"


class ContentKind(StrEnum):
    """What a piece of the content library is."""

    ARTICLE = "article"
    CASE_STUDY = "case_study"
    RELEASE_NOTE = "release_note"
    OTHER = "other"


LIVE_KINDS = frozenset({InteractionKind.MEETING, InteractionKind.CALL, InteractionKind.VISIT})


def is_reply(interaction: Interaction) -> bool:
    """Whether the person answered: anything inbound, or an outbound touch that reached
    them (a logged meeting, call or visit without an outcome took place, so it did)."""
    if interaction.direction is Direction.IN:
        return True
    if interaction.outcome is not None:
        return interaction.outcome is not Outcome.NO_ANSWER
    return interaction.kind in LIVE_KINDS


@dataclass(frozen=True)
class Replies:
    """Whether they answer: the last reply, and our attempts since it went unanswered."""

    last_reply_at: datetime | None = None
    unanswered: int = 0
    silent_since: datetime | None = None  # the first unanswered attempt since the last reply

    def after(self, interaction: Interaction) -> Replies:
        """The replies once `interaction`, newer than every touch so far, is logged."""
        if is_reply(interaction):
            return Replies(interaction.at, 0, None)
        return Replies(self.last_reply_at, self.unanswered + 1, self.silent_since or interaction.at)

    def is_newest(self, interaction: Interaction, last_attempt_at: datetime | None) -> bool:
        """Whether `interaction` is later than everything these replies were folded from."""
        known = [m for m in (self.last_reply_at, last_attempt_at) if m is not None]
        return all(interaction.at >= moment for moment in known)


def replies_from(history: Iterable[Interaction]) -> Replies:
    """The replies a whole history leaves, in whatever order it is given: by time, and
    touches at the same moment in the order they were logged (by id), as logging them
    one by one would have left them."""
    replies = Replies()
    for interaction in sorted(history, key=_logged_order):
        replies = replies.after(interaction)
    return replies


def _logged_order(interaction: Interaction) -> tuple[datetime, bool, int]:
    return interaction.at, interaction.id is None, interaction.id or 0


def point_of_touch(point: FollowUpPoint | None, kind: InteractionKind) -> FollowUpPoint | None:
    """The natural follow-up point an outbound touch used, from its point and kind: as
    logged, or a visit's own."""
    if point is not None:
        return point
    return FollowUpPoint.VISIT if kind is InteractionKind.VISIT else None


@dataclass(frozen=True)
class EntryPoint:
    """Someone else at the same account."""

    person_id: int
    name: str
    stage: Stage
    role: ContactRole | None = None
    title: str | None = None
    last_contact_at: datetime | None = None


@dataclass(frozen=True)
class Introducer:
    """Someone connected to the person who could re-introduce us."""

    person_id: int
    name: str
    link: LinkKind
    outgoing: bool  # True: the person <link> them (introduced_by them); False: the reverse
    account: str | None = None


@dataclass(frozen=True)
class ContentPiece:
    id: int
    title: str
    kind: str
    url: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingUpdate:
    """Internal progress a colleague reported, not yet passed on to the customer."""

    colleague: str
    at: datetime
    notes: str


@dataclass(frozen=True)
class Relationship:
    profile: CultureProfile
    replies: Replies = field(default_factory=Replies)
    used_points: frozenset[FollowUpPoint] = frozenset()
    entry_points: tuple[EntryPoint, ...] = ()
    introducers: tuple[Introducer, ...] = ()
    content: tuple[ContentPiece, ...] = ()  # matching their interests, not sent to them yet
    interests: tuple[str, ...] = ()
    pending_updates: tuple[PendingUpdate, ...] = ()


def rank_entry_points(candidates: Iterable[EntryPoint], limit: int = 3) -> list[EntryPoint]:
    """The best other ways in: by role (champion first, no role last), then the most
    recently contacted (never contacted last); colleagues are no entry point."""

    def rank(entry: EntryPoint) -> tuple[int, int, float, str]:
        role = ROLE_RANK.get(entry.role, len(ROLE_RANK)) if entry.role else len(ROLE_RANK)
        contacted = entry.last_contact_at
        return (role, contacted is None, -(contacted.timestamp() if contacted else 0), entry.name)

    ranked = sorted((c for c in candidates if c.stage is not Stage.COLLEAGUE), key=rank)
    return ranked[:limit]
