"""An agenda item and the user's day it is listed on: what every rule produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain import reasons
from followup.domain.localtime import local_date, start_of_day, start_of_next_day, utc, zone
from followup.domain.model import Channel, Dossier, User


@dataclass(frozen=True)
class AgendaItem:
    """One thing to do. `person_id` and `channel` are None for items about followup itself
    (a reminder channel that is failing), which concern no person."""

    kind: str
    person_id: int | None
    person_name: str
    account: str | None
    due: datetime
    overdue_days: int
    reason: str
    channel: Channel | None
    suggestion: str
    warnings: tuple[str, ...] = ()
    commitment_id: int | None = None
    deal_id: int | None = None
    milestone_id: int | None = None
    urgent: bool = False
    # Kind-specific facts for scripts (request_id, account_id, entry_points, ...).
    extra: Mapping[str, Any] = field(default_factory=dict)
    # The zone whose calendar the item counts its days in (the person's, a deal's): its
    # wording turns at that zone's midnight (domain/agenda_span.py). Not in the JSON.
    zone: str | None = None


@dataclass(frozen=True)
class Day:
    """The user's day that holds `at`: items due before its end are listed."""

    user: User
    at: datetime
    tz: ZoneInfo
    today: date
    start: datetime
    end: datetime

    @classmethod
    def of(cls, user: User, at: datetime) -> Day:
        tz = zone(user.timezone)
        at = utc(at)
        return cls(
            user, at, tz, local_date(at, tz), start_of_day(at, tz), start_of_next_day(at, tz)
        )

    def overdue_days(self, due: datetime, tz: ZoneInfo) -> int:
        """Calendar days from the due day to the day it is now, both where it applies.

        Both days are counted in `tz` (the person's zone): mixing the user's today with the
        person's due day would call a promise overdue before its deadline has passed.
        """
        return max(0, (local_date(self.at, tz) - local_date(due, tz)).days)


def channel_of(dossier: Dossier) -> Channel:
    return dossier.rhythm.channel if dossier.rhythm else Channel.EMAIL


def etiquette_warnings(dossier: Dossier, kind: str) -> list[str]:
    """The faux pas of the person's culture that apply on an item of `kind`."""
    relationship = dossier.relationship
    if relationship is None:
        return []
    profile = relationship.profile
    texts = profile.faux_pas_on(kind, dossier.person.stage.value)
    return [f"etiquette ({profile.key}): avoid {lower_first(text)}" for text in texts]


def lower_first(text: str) -> str:
    """'An upsell...' -> 'an upsell...', 'A final...' -> 'a final...' ('US buyers' stays)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def make_item(
    kind: str,
    dossier: Dossier,
    due: datetime,
    day: Day,
    texts: tuple[str, str],
    warnings: list[str],
    *,
    channel: Channel | None = None,
    commitment_id: int | None = None,
    urgent: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> AgendaItem:
    """An item about `dossier`'s person, with the warnings every item carries: the
    culture's faux pas for this kind and the person's working hours on live channels."""
    person = dossier.person
    reason, suggestion = texts
    channel = channel or channel_of(dossier)
    warnings.extend(etiquette_warnings(dossier, kind))
    warnings.extend(reasons.distance_warnings(dossier, day.at, day.tz, channel))
    return AgendaItem(
        kind=kind,
        person_id=person.id,
        person_name=person.name,
        account=dossier.account_name,
        due=due,
        overdue_days=day.overdue_days(due, zone(person.timezone)),
        reason=reason,
        channel=channel,
        suggestion=suggestion,
        warnings=tuple(warnings),
        commitment_id=commitment_id,
        urgent=urgent,
        extra=dict(extra or {}),
        zone=zone(person.timezone).key,
    )
