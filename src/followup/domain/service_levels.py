"""Service levels: tiers a customer chose at a price (response time, check-in rhythm), the
requests customers make, and when a response is due or late."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from followup.domain.errors import InvalidInput
from followup.domain.items import AgendaItem, Day, make_item
from followup.domain.localtime import format_moment
from followup.domain.model import Dossier
from followup.domain.reasons import CHANNEL_WORDS

# Without a tier (and without a tier marked as the default), a request is due in 2 days.
DEFAULT_RESPONSE_MINUTES = 2 * 24 * 60
# A request is listed once three quarters of its response time have passed.
ALERT_SHARE = 0.75
_UNITS = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
_RESPONSE = re.compile(r"^\s*(\d{1,6})\s*([mhdw])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Tier:
    name: str
    response_minutes: int
    checkin_days: int | None = None
    price: str | None = None
    is_default: bool = False
    version: int = 1


def parse_response(text: str) -> int:
    """Minutes in a response time such as '4h', '90m', '2d' or '1w'."""
    match = _RESPONSE.match(text)
    if match is None:
        raise InvalidInput(
            f"invalid response time {text!r}: write minutes, hours, days or weeks "
            "such as 90m, 4h, 2d or 1w"
        )
    minutes = int(match[1]) * _UNITS[match[2].lower()]
    if not 1 <= minutes <= 365 * 24 * 60:
        raise InvalidInput(f"invalid response time {text!r}: from 1 minute to a year")
    return minutes


def format_minutes(minutes: int) -> str:
    """'90 minutes', '4 hours', '2 days', '1 week'."""
    for unit, size in (("week", 7 * 24 * 60), ("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' * (count != 1)}"
    return f"{minutes} minute{'s' * (minutes != 1)}"


def format_span(span: timedelta) -> str:
    """'3 days', '5 h 20 min', '40 min' (rounded down to the minute)."""
    minutes = int(span.total_seconds() // 60)
    if minutes >= 2 * 24 * 60:
        return f"{minutes // (24 * 60)} days"
    hours, rest = divmod(minutes, 60)
    if hours:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{rest} min"


def deadline(received: datetime, minutes: int) -> datetime:
    return received + timedelta(minutes=minutes)


def alert_at(received: datetime, minutes: int) -> datetime:
    """When a request starts to be listed: once most of its response time has passed."""
    return received + timedelta(minutes=int(minutes * ALERT_SHARE))


@dataclass(frozen=True)
class ServiceRequest:
    id: int
    account_id: int
    account_name: str
    what: str
    received_at: datetime
    due_at: datetime
    response_minutes: int
    tier: str | None
    contact: Dossier
    responded_at: datetime | None = None

    @property
    def promise(self) -> str:
        who = f"the {self.tier} tier promises" if self.tier else "followup's default is"
        return f"{who} a response within {format_minutes(self.response_minutes)}"


def breach(request: ServiceRequest, now: datetime) -> timedelta | None:
    """How late the response was (or is, while still open past its deadline)."""
    answered = request.responded_at or now
    return answered - request.due_at if answered > request.due_at else None


def items_for(request: ServiceRequest, day: Day) -> list[AgendaItem]:
    if (
        request.responded_at is not None
        or alert_at(request.received_at, request.response_minutes) >= day.end
    ):
        return []
    contact = request.contact
    reason, warnings = stated(wording(request, day), request.due_at, day.at)
    how = CHANNEL_WORDS[contact.rhythm.channel] if contact.rhythm else "by email"
    suggestion = (
        f"Respond to {contact.person.name} {how}: say what you will do and by when; "
        f"then 'followup request done {request.id}'."
    )
    extra = {"request_id": request.id, "account_id": request.account_id}
    return [
        make_item(
            "service_request", contact, request.due_at, day, (reason, suggestion), warnings,
            urgent=request.due_at < day.end, extra=extra,
        )
    ]  # fmt: skip


@dataclass(frozen=True)
class Wording:
    """What a request's item says that stays the same all day: its reason counts the
    minutes left, so a prepared agenda keeps this and restates the rest when read."""

    opening: str
    due: str
    promise: str


def wording(request: ServiceRequest, day: Day) -> Wording:
    received = format_moment(request.received_at, day.tz, day.today)
    return Wording(
        f"{request.account_name} asked on {received}: “{request.what}” — {request.promise}",
        format_moment(request.due_at, day.tz, day.today),
        request.promise,
    )


def stated(words: Wording, due_at: datetime, at: datetime) -> tuple[str, list[str]]:
    """The reason at `at` ('..., 5 h 20 min left.') and the breach warning once late."""
    if due_at > at:
        return f"{words.opening}: due {words.due}, {format_span(due_at - at)} left.", []
    late = format_span(at - due_at)
    return (
        f"{words.opening}: the response is {late} late.",
        [f"breach: {words.promise}; {late} late"],
    )


def restated(item: AgendaItem, words: Wording, at: datetime) -> AgendaItem:
    """A request's item as it reads at `at`: the reason and breach warning recounted,
    the other warnings (etiquette, working hours) kept."""
    reason, breach = stated(words, item.due, at)
    kept = [w for w in item.warnings if not w.startswith("breach: ")]
    return replace(item, reason=reason, warnings=(*breach, *kept))
