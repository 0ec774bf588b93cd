"""The too-much guard: an outbound contact sooner than the agreed minimum gap is a breach
of the customer's permission, whoever in the team made the last one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup.domain.culture import CultureProfile
from followup.domain.items import lower_first
from followup.domain.localtime import add_local_days, format_day, local_date, zone
from followup.domain.model import InteractionKind, Person, Rhythm
from followup.domain.reasons import ago, in_days

# Colleagues' touches at the same account within this many days are reported.
COLLEAGUE_WINDOW_DAYS = 7
VERBS = {
    InteractionKind.MEETING: "met",
    InteractionKind.CALL: "called",
    InteractionKind.EMAIL: "emailed",
    InteractionKind.MESSAGE: "messaged",
    InteractionKind.VISIT: "visited",
}


@dataclass(frozen=True)
class Touch:
    """An earlier outbound touch the guard weighs: when, by whom, of whom."""

    at: datetime
    user_name: str
    kind: InteractionKind
    person_name: str


@dataclass(frozen=True)
class Verdict:
    breaches: tuple[str, ...] = ()  # need confirmation, and are recorded
    notices: tuple[str, ...] = ()  # worth knowing

    @property
    def clear(self) -> bool:
        return not self.breaches


@dataclass(frozen=True)
class Contact:
    """The contact about to be logged."""

    person: Person
    at: datetime
    user_name: str
    user_tz: ZoneInfo
    outbound: bool
    is_owner: bool


def check(
    contact: Contact,
    rhythm: Rhythm | None,
    previous: Touch | None,
    colleagues: Sequence[Touch],
    profile: CultureProfile,
) -> Verdict:
    """Breaches of the minimum gap (agreed, else the culture's), and notices: colleagues'
    touches at the same account this week, and the etiquette for whoever is not the owner."""
    breaches = []
    if contact.outbound and rhythm is not None and rhythm.min_gap_days and previous:
        welcome = add_local_days(previous.at, rhythm.min_gap_days, zone(contact.person.timezone))
        if contact.at < welcome:
            breaches.append(_too_soon(contact, rhythm, previous, welcome))
    notices = []
    if contact.outbound:
        notices += [
            _colleague(contact, touch)
            for touch in colleagues
            if touch.user_name != contact.user_name and not (breaches and touch == previous)
        ]
    if not contact.is_owner and profile.faux_pas:
        avoid = "; ".join(lower_first(f.text.rstrip(".")) for f in profile.faux_pas)
        notices.append(f"etiquette ({profile.key}): avoid {avoid}.")
    return Verdict(tuple(breaches), tuple(notices))


def _too_soon(contact: Contact, rhythm: Rhythm, previous: Touch, welcome: datetime) -> str:
    person_tz = zone(contact.person.timezone)
    rule = "agreed" if rhythm.agreed else f"the {rhythm.source.removeprefix('culture:')} default is"
    who = "you" if previous.user_name == contact.user_name else previous.user_name
    today = local_date(contact.at, contact.user_tz)
    days = (today - local_date(previous.at, contact.user_tz)).days
    gap = in_days(rhythm.min_gap_days or 0)
    when = format_day(previous.at, contact.user_tz, today)
    return (
        f"too soon for {contact.person.name}: {rule} at most every {gap}; "
        f"{who} {VERBS[previous.kind]} them {ago(days)} ({when}) "
        f"— next contact welcome from {format_day(welcome, person_tz, today)}"
    )


def _colleague(contact: Contact, touch: Touch) -> str:
    today = local_date(contact.at, contact.user_tz)
    days = (today - local_date(touch.at, contact.user_tz)).days
    whom = "them" if touch.person_name == contact.person.name else touch.person_name
    return (
        f"{touch.user_name} {VERBS[touch.kind]} {whom} at the same account {ago(days)} "
        f"({format_day(touch.at, contact.user_tz, today)})"
    )
