"""The agenda: for one user and a moment, every item due, ranked, each explained."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from followup.domain import reasons
from followup.domain.cadence import cadence_due, welcome_from
from followup.domain.localtime import (
    format_day,
    local_date,
    start_of_day,
    start_of_next_day,
    utc,
    zone,
)
from followup.domain.model import (
    Channel,
    Commitment,
    Dossier,
    FollowUpPoint,
    Side,
    Status,
    User,
)

KIND_ORDER = {"our_commitment": 0, "their_commitment": 1, "cadence": 2}


@dataclass(frozen=True)
class AgendaItem:
    kind: str
    person_id: int
    person_name: str
    account: str | None
    due: datetime
    overdue_days: int
    reason: str
    channel: Channel
    suggestion: str
    warnings: tuple[str, ...] = ()
    commitment_id: int | None = None


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


def agenda_for(user: User, at: datetime, dossiers: Iterable[Dossier]) -> list[AgendaItem]:
    """Every item due for `user` by the end of their day at `at`, overdue first."""
    day = Day.of(user, at)
    items = [item for dossier in dossiers for item in items_for(dossier, day)]
    return sorted(items, key=_rank)


def _rank(item: AgendaItem) -> tuple[int, int, int, datetime, str]:
    """Overdue first, the longest overdue first, our promises before theirs before rhythms;
    then today's items by due time."""
    if item.overdue_days > 0:
        return (0, -item.overdue_days, KIND_ORDER[item.kind], item.due, item.person_name)
    return (1, 0, KIND_ORDER[item.kind], item.due, item.person_name)


def items_for(dossier: Dossier, day: Day) -> list[AgendaItem]:
    """The items one person contributes to `day`."""
    person = dossier.person
    snoozed = person.snoozed_until is not None and person.snoozed_until >= day.end
    items: list[AgendaItem] = []
    listed: list[Commitment] = []
    for commitment in sorted(dossier.open_commitments, key=lambda c: c.due_at):
        if commitment.status is not Status.OPEN:
            continue
        if commitment.side is Side.US and commitment.due_at < day.end:
            items.append(_our_item(dossier, commitment, day, snoozed))
        elif commitment.side is Side.THEM and commitment.due_at < day.start and not snoozed:
            items.append(_their_item(dossier, commitment, day))
        else:
            continue
        listed.append(commitment)
    if dossier.rhythm is not None and not snoozed:
        due = cadence_due(person, dossier.rhythm, dossier.touches)
        if due < day.end:
            items.append(_cadence_item(dossier, due, day, listed))
    return items


def _channel(dossier: Dossier) -> Channel:
    return dossier.rhythm.channel if dossier.rhythm else Channel.EMAIL


def _item(
    dossier: Dossier,
    kind: str,
    due: datetime,
    day: Day,
    texts: tuple[str, str],
    warnings: list[str],
    commitment_id: int | None = None,
) -> AgendaItem:
    person = dossier.person
    reason, suggestion = texts
    channel = _channel(dossier)
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
    )


def _our_item(dossier: Dossier, commitment: Commitment, day: Day, snoozed: bool) -> AgendaItem:
    late = day.overdue_days(commitment.due_at, zone(dossier.person.timezone)) > 0
    meeting = commitment.point is FollowUpPoint.FIRST_MEETING
    texts = (
        reasons.our_promise(dossier, commitment, day.user, day.at, day.today, day.tz),
        reasons.propose_meeting(dossier) if meeting else reasons.deliver(dossier, late, snoozed),
    )
    warnings = []
    if snoozed:
        warnings.append(reasons.snoozed_warning(dossier, day.tz, day.today))
    return _item(dossier, "our_commitment", commitment.due_at, day, texts, warnings, commitment.id)


def _their_item(dossier: Dossier, commitment: Commitment, day: Day) -> AgendaItem:
    welcome = welcome_from(dossier.person, dossier.rhythm, dossier.touches)
    wait = None
    if welcome is not None and welcome > day.at:
        wait = format_day(welcome, zone(dossier.person.timezone), day.today)
    texts = (
        reasons.their_promise(dossier, commitment, day.at, day.today, day.tz),
        reasons.check_in_on(dossier, commitment, wait),
    )
    warnings = []
    if welcome is not None and wait is not None:
        warnings.append(reasons.too_soon(dossier, welcome, day.at, day.tz, day.today))
    return _item(
        dossier, "their_commitment", commitment.due_at, day, texts, warnings, commitment.id
    )


def _cadence_item(
    dossier: Dossier, due: datetime, day: Day, earlier: list[Commitment]
) -> AgendaItem:
    texts = (
        reasons.rhythm_due(dossier, due, day.at, day.today, day.tz),
        reasons.natural_point(dossier, earlier),
    )
    return _item(dossier, "cadence", due, day, texts, [])
