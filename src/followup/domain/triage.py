"""Triage after an event: the cards to meet get a first follow-up, the others are filed.

The first follow-up is an open promise of ours, 'arrange a meeting', due at the end of
the second working day after the import where the person is (a card from Monday's
event is due on Wednesday evening in their time zone). It needs no agenda kind of its
own: it is listed as our promise, with its own reason ('met at EVENT — arrange a
meeting') and suggestion.
"""

from __future__ import annotations

from datetime import datetime

from followup.domain.model import Commitment, FollowUpPoint, Side
from followup.domain.workdays import working_days_deadline

FIRST_MEETING = "arrange a meeting"
WORKING_DAYS = 2


def first_meeting(
    person_id: int, owed_by: str, now: datetime, timezone: str, country: str | None
) -> Commitment:
    """The promise to arrange a meeting with someone triaged 'meet'."""
    due = working_days_deadline(now, WORKING_DAYS, timezone, country)
    return Commitment(
        person_id=person_id,
        side=Side.US,
        what=FIRST_MEETING,
        due_at=due,
        all_day=True,
        owed_by=owed_by,
        point=FollowUpPoint.FIRST_MEETING,
    )
