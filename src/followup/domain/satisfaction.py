"""Satisfaction: every account is asked how satisfied it is at least yearly (or as often as
its service tier says), through its culture's preferred feedback channel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.cadence import welcome_from
from followup.domain.culture import CultureProfile, FeedbackChannel
from followup.domain.durations import format_days
from followup.domain.errors import InvalidInput
from followup.domain.items import AgendaItem, Day, make_item
from followup.domain.localtime import format_day
from followup.domain.model import Channel, Dossier, Stage
from followup.domain.reasons import hold_off, lateness, too_soon
from followup.domain.relationship import ROLE_RANK, EntryPoint
from followup.domain.service_levels import Tier

# Whom a satisfaction check-in asks first (and, for the agenda's check-ins, only).
ASKED_AT_CHECKIN = (Stage.CUSTOMER, Stage.PARTNER)
CHANNELS = {
    FeedbackChannel.IN_PERSON: Channel.IN_PERSON,
    FeedbackChannel.PHONE: Channel.PHONE,
    FeedbackChannel.SURVEY: Channel.EMAIL,
    FeedbackChannel.EMAIL: Channel.EMAIL,
    FeedbackChannel.MESSAGE: Channel.MESSAGE,
}
ASK = {
    FeedbackChannel.IN_PERSON: "Ask {name} in person, at a meeting or your next visit,",
    FeedbackChannel.PHONE: "Call {name} and ask",
    FeedbackChannel.SURVEY: "Send {name} the short online survey, asking",
    FeedbackChannel.EMAIL: "Ask {name} by email",
    FeedbackChannel.MESSAGE: "Ask {name} by message",
}


@dataclass(frozen=True)
class AccountCheck:
    """An account whose satisfaction check-in is due, and whom to ask."""

    account_id: int
    account_name: str
    due: datetime
    interval_days: int
    interval_source: str  # "the premium tier" or "the jp profile"
    contact: Dossier  # with its relationship (the account's culture profile)
    last_score: int | None = None
    last_feedback_at: datetime | None = None


def checkin_interval(tier: Tier | None, profile: CultureProfile) -> tuple[int, str]:
    """Days between check-ins, and whose rule it is: the tier's, else the culture's."""
    if tier is not None and tier.checkin_days:
        return tier.checkin_days, f"the {tier.name} tier"
    return profile.checkin_days, f"the {profile.key} profile"


def checkin_due(since: datetime, interval_days: int) -> datetime:
    """The next check-in: an interval after the last feedback (or the account's start)."""
    return since + timedelta(days=interval_days)


def valid_score(score: int) -> int:
    if not 1 <= score <= 10:
        raise InvalidInput(f"invalid score {score}: give a whole number from 1 to 10")
    return score


def main_contact(
    candidates: Iterable[EntryPoint], customers_only: bool = False
) -> EntryPoint | None:
    """Whom to ask at an account: a customer or partner before others (with
    `customers_only`, nobody else), by role, then the most recently contacted; never a
    colleague."""

    def rank(entry: EntryPoint) -> tuple[bool, int, bool, float, int]:
        role = ROLE_RANK.get(entry.role, len(ROLE_RANK)) if entry.role else len(ROLE_RANK)
        last = entry.last_contact_at
        return (
            entry.stage not in ASKED_AT_CHECKIN,
            role,
            last is None,
            -(last.timestamp() if last else 0),
            entry.person_id,
        )

    people = [c for c in candidates if c.stage is not Stage.COLLEAGUE]
    if customers_only:
        people = [c for c in people if c.stage in ASKED_AT_CHECKIN]
    return min(people, key=rank) if people else None


def items_for(check: AccountCheck, day: Day) -> list[AgendaItem]:
    if check.due >= day.end:
        return []
    contact = check.contact
    assert contact.relationship is not None
    profile = contact.relationship.profile
    feedback = profile.feedback_channel
    lead = ASK[feedback].format(name=contact.person.name)
    suggestion = (
        f"{lead} how satisfied {check.account_name} is: a score from 1 to 10 and what would "
        f"make it better; then record it with 'followup feedback'."
    )
    warnings = []
    welcome = welcome_from(contact.person, contact.rhythm, contact.touches)
    if welcome is not None and welcome > day.at:
        warnings.append(too_soon(contact, welcome, day.at, day.tz, day.today))
        wait = hold_off(contact, format_day(welcome, day.tz, day.today))
        suggestion = f"{wait}; then {suggestion[0].lower()}{suggestion[1:]}"
    texts = (_reason(check, day), suggestion)
    extra = {"account_id": check.account_id, "feedback_channel": feedback.value}
    return [
        make_item(
            "satisfaction", contact, check.due, day, texts, warnings,
            channel=CHANNELS[feedback], extra=extra,
        )
    ]  # fmt: skip


def _reason(check: AccountCheck, day: Day) -> str:
    late = lateness((day.today - check.due.astimezone(day.tz).date()).days)
    if check.last_feedback_at is None:
        last = "no feedback recorded yet"
    else:
        when = format_day(check.last_feedback_at, day.tz, day.today)
        last = f"last feedback {check.last_score}/10 on {when}"
    return (
        f"Satisfaction check-in with {check.account_name} {late}: "
        f"{interval_text(check.interval_days)}, as {check.interval_source} asks; {last}."
    )


def trend(scores: Sequence[int]) -> str:
    """'new' (one score), 'up', 'down' or 'flat': the latest against the one before."""
    if len(scores) < 2:
        return "new"
    if scores[-1] > scores[-2]:
        return "up"
    return "down" if scores[-1] < scores[-2] else "flat"


def interval_text(days: int) -> str:
    return "yearly" if days == 365 else f"every {format_days(days)}"
