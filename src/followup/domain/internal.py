"""The team's own rhythm: an internal agreement with a colleague ("engineering sends status
every two weeks") keeps one open status promise on the colleague's side; each progress
report closes it and opens the next, and the customer hears of it on the customer's rhythm."""

from __future__ import annotations

from datetime import datetime

from followup.domain.localtime import END_OF_DAY, add_local_days, at_local, local_date, zone
from followup.domain.model import Agreement, Commitment, FollowUpPoint, Person, Side, Status


def status_promise(
    agreement: Agreement, colleague: Person, account_name: str, since: datetime
) -> Commitment:
    """The colleague's next status report: due by the end of the day one rhythm after
    `since`, where the colleague is."""
    tz = zone(colleague.timezone)
    day = local_date(add_local_days(since, agreement.every_days, tz), tz)
    what = agreement.topic or f"send a status update on {account_name}"
    return Commitment(
        person_id=colleague.id,
        side=Side.THEM,
        what=what,
        due_at=at_local(day, END_OF_DAY, tz),
        all_day=True,
        status=Status.OPEN,
        agreed=True,
        owed_by=colleague.name,
        point=FollowUpPoint.STATUS_UPDATE,
    )
