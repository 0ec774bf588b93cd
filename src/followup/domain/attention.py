"""When a person next needs attention, with every rule that reads their stored state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from followup.domain import going_dark
from followup.domain.cadence import cadence_due, next_due_at
from followup.domain.culture import CultureProfile
from followup.domain.model import Commitment, Person, Rhythm, Touches
from followup.domain.relationship import Replies


def person_due(
    person: Person,
    rhythm: Rhythm | None,
    touches: Touches,
    commitments: Iterable[Commitment],
    replies: Replies,
    profile: CultureProfile,
) -> datetime | None:
    """The stored next_due_at: `next_due_at`'s promises, and for the rhythm the cadence
    until the person goes dark, then the going-dark follow-up (never before a snooze ends)."""
    due = next_due_at(person, None, touches, commitments)
    if rhythm is None:
        return due
    dark = going_dark.assess(person, rhythm, touches, replies, profile)
    waiting = going_dark.rhythm_due(cadence_due(person, rhythm, touches), dark)
    if person.snoozed_until is not None:
        waiting = max(waiting, person.snoozed_until)
    return waiting if due is None or waiting < due else due
