"""When is a person next due: from the agreed rhythm, the last touch, promises and snoozes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from followup.domain.culture import CultureProfile
from followup.domain.localtime import add_local_days, zone
from followup.domain.model import (
    Agreement,
    Commitment,
    Person,
    Rhythm,
    Side,
    Status,
    Touches,
    Triage,
)


def rhythm_for(
    person: Person, agreement: Agreement | None, profile: CultureProfile
) -> Rhythm | None:
    """The agreement if there is one, else the culture's default for the person's stage.

    A filed card (triage 'file') has no default rhythm: it stays off the agenda until a
    rhythm is agreed or a promise is made.
    """
    default = profile.rhythm_for(person.stage)
    if agreement is None:
        return None if person.triage is Triage.FILE else default
    if agreement.about_account_id is not None:
        return None  # an internal agreement: the colleague's status commitments drive it
    channel = agreement.channel or (default.channel if default else profile.channel)
    return Rhythm(
        agreement.every_days, agreement.min_gap_days, channel, "agreement", agreement.max_days
    )


def cadence_due(person: Person, rhythm: Rhythm, touches: Touches) -> datetime:
    """When the rhythm next asks for contact.

    Counted from the last real contact (or from when we added the person), but never
    before the agreed minimum gap since our last attempt: an unanswered call still
    counts against 'never more often than'.
    """
    tz = zone(person.timezone)
    base = touches.last_contact_at or person.created_at
    due = add_local_days(base, rhythm.every_days, tz)
    if rhythm.min_gap_days and touches.last_attempt_at is not None:
        due = max(due, add_local_days(touches.last_attempt_at, rhythm.min_gap_days, tz))
    return due


def welcome_from(person: Person, rhythm: Rhythm | None, touches: Touches) -> datetime | None:
    """The first moment another outbound contact respects the agreed minimum gap."""
    if rhythm is None or not rhythm.min_gap_days or touches.last_attempt_at is None:
        return None
    return add_local_days(touches.last_attempt_at, rhythm.min_gap_days, zone(person.timezone))


def next_due_at(
    person: Person,
    rhythm: Rhythm | None,
    touches: Touches,
    commitments: Iterable[Commitment],
) -> datetime | None:
    """The earliest moment anything about `person` may need attention, or None.

    Our own open promises stay due through a snooze (a promise is not paused because
    the person is away); the rhythm and their promises wait until the snooze ends.
    """
    ours: datetime | None = None
    waiting: datetime | None = None
    for commitment in commitments:
        if commitment.status is not Status.OPEN:
            continue
        if commitment.side is Side.US:
            ours = _earliest(ours, commitment.due_at)
        else:
            waiting = _earliest(waiting, commitment.due_at)
    if rhythm is not None:
        waiting = _earliest(waiting, cadence_due(person, rhythm, touches))
    if waiting is not None and person.snoozed_until is not None:
        waiting = max(waiting, person.snoozed_until)
    if waiting is None:
        return ours
    return _earliest(ours, waiting)


def _earliest(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b < a else a
