"""Deals: an opportunity through its stages, the people in the customer's decision, and the
rules for moving it (a lost deal stays lost; only a win leads to delivery)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from followup.domain.errors import Conflict, InvalidInput


class DealStage(StrEnum):
    LEAD = "lead"
    DISCOVERY = "discovery"
    DELIBERATION = "deliberation"
    DECISION = "decision"
    WON = "won"
    DELIVERY = "delivery"
    LIVE = "live"
    LOST = "lost"


# Before the customer's "yes": the stages a deal moves between freely.
OPEN_STAGES = (DealStage.LEAD, DealStage.DISCOVERY, DealStage.DELIBERATION, DealStage.DECISION)
# After it: won (the delivery plan starts), delivery, live.
WON_STAGES = (DealStage.WON, DealStage.DELIVERY, DealStage.LIVE)
# Not yet closed: a touch with someone involved or at the account is a sign of life.
REVIVABLE_STAGES = tuple(s for s in DealStage if s not in (DealStage.LOST, DealStage.LIVE))


class DecisionRole(StrEnum):
    """The part a person plays in the customer's decision."""

    DECISION_MAKER = "decision_maker"
    APPROVER = "approver"
    CHAMPION = "champion"
    USER = "user"
    PROCUREMENT = "procurement"
    LEGAL = "legal"


# Whom to talk to about the deal when no step names anyone: the champion first.
CONTACT_ORDER = (
    DecisionRole.CHAMPION,
    DecisionRole.DECISION_MAKER,
    DecisionRole.APPROVER,
    DecisionRole.USER,
    DecisionRole.PROCUREMENT,
    DecisionRole.LEGAL,
)


@dataclass(frozen=True)
class DealPerson:
    """Someone at the customer with their role in the decision."""

    person_id: int
    name: str
    role: DecisionRole
    timezone: str = "UTC"


@dataclass(frozen=True)
class Deal:
    id: int
    account_id: int
    title: str
    owner_id: int
    stage: DealStage
    timezone: str
    created_at: datetime
    stage_since: datetime
    value: Decimal | None = None
    currency: str | None = None
    decision_on: date | None = None
    live_by: date | None = None
    lost_reason: str | None = None
    last_touch_at: datetime | None = None
    won_at: datetime | None = None
    template: str | None = None
    notes: str | None = None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def quiet_since(self) -> datetime:
        """The last sign of life: the last touch, or entering the stage, whichever is later."""
        if self.last_touch_at is None or self.last_touch_at < self.stage_since:
            return self.stage_since
        return self.last_touch_at


def parse_stage(text: str) -> DealStage:
    try:
        return DealStage(text.strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in DealStage)
        raise InvalidInput(f"invalid deal stage {text!r}: choose one of {choices}") from None


def parse_role(text: str) -> DecisionRole:
    try:
        return DecisionRole(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(r.value for r in DecisionRole)
        raise InvalidInput(f"invalid role {text!r}: choose one of {choices}") from None


def parse_value(text: str) -> Decimal:
    """A deal value such as 120000 or 49999.50; never negative, at most three decimals."""
    try:
        value = Decimal(text.strip().replace("_", "").replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"invalid value {text!r}: write a number such as 120000") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"invalid value {text!r}: it must be a positive number")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise InvalidInput(f"invalid value {text!r}: at most three decimals")
    if value >= Decimal(10) ** 15:
        raise InvalidInput(f"invalid value {text!r}: too large")
    return value


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidInput(f"invalid currency {text!r}: use an ISO 4217 code such as EUR or JPY")
    return code


def check_move(deal: Deal, to: DealStage) -> None:
    """Refuse a stage change the deal's history does not allow, saying what to do instead."""
    label = f"deal #{deal.id} ({deal.title})"
    if deal.stage is DealStage.LOST:
        reason = f" ({deal.lost_reason})" if deal.lost_reason else ""
        raise Conflict(
            f"{label} is lost{reason}: a lost deal does not move; add a new deal to start again"
        )
    if to is deal.stage:
        raise Conflict(f"{label} is already at {to.value}")
    if to is DealStage.WON:
        raise InvalidInput(f"use 'followup deal win {deal.id}' to win {label}")
    if to is DealStage.LOST:
        raise InvalidInput(f"use 'followup deal lose {deal.id} --reason TEXT' to lose {label}")
    if deal.is_open and to in WON_STAGES:
        raise Conflict(f"{label} is not won yet: 'followup deal win {deal.id}' comes first")
    if not deal.is_open and to in OPEN_STAGES:
        raise Conflict(f"{label} is {deal.stage.value}: a won deal does not go back to {to.value}")


def check_close(deal: Deal, outcome: DealStage) -> None:
    """Refuse winning or losing a deal that is not open."""
    if not deal.is_open:
        raise Conflict(
            f"deal #{deal.id} ({deal.title}) is already {deal.stage.value}: "
            f"only an open deal can be {'won' if outcome is DealStage.WON else 'lost'}"
        )


def main_contact(people: tuple[DealPerson, ...] | list[DealPerson]) -> DealPerson | None:
    """The person to talk to about the deal: champion, then decision maker, and so on."""
    ranked = sorted(people, key=lambda p: (CONTACT_ORDER.index(p.role), p.person_id))
    return ranked[0] if ranked else None
