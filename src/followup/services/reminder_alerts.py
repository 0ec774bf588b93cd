"""The agenda items that say a user's reminders are not getting through.

Read inside the agenda's transaction: one index range scan of the user's recent ledger rows
(ix_reminders_user_updated), nothing more when there are none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection

from followup.domain.agenda import AgendaItem
from followup.domain.deliveries import Reminder, stalled_item, trouble_item, troubles
from followup.domain.localtime import local_date, zone
from followup.domain.model import User
from followup.domain.reminders import (
    ReminderChannel,
    ReminderStatus,
    digest_key,
    digest_moment,
    quiet_reason,
)
from followup.store import ledger, reminder_setup

LOOK_BACK = timedelta(days=7)
# A digest this late, with no ledger row at all, means nothing is running `notify`.
STALLED_AFTER = timedelta(hours=1)


def channel_alerts(conn: Connection, user: User, at: datetime, has_items: bool) -> list[AgendaItem]:
    """Items for the user's failing reminder channels (a digest, a webhook endpoint)."""
    rows = ledger.recent_for_user(conn, user.id, at - LOOK_BACK)
    if not rows:
        return []
    tz = zone(user.timezone)
    targets: dict[int | None, str] = {None: user.email or "(no address)"}
    targets.update({ep.id: ep.url for ep in reminder_setup.endpoints(conn, user.id)})
    items = [trouble_item(trouble, at, tz) for trouble in troubles(rows, targets)]
    stalled = _stalled_digest(conn, user, at, has_items, rows)
    return items + ([stalled] if stalled else [])


def _stalled_digest(
    conn: Connection, user: User, at: datetime, has_items: bool, rows: list[Reminder]
) -> AgendaItem | None:
    """An item when today's digest is well overdue and was never even queued, although
    digests went out before (so the user relies on them)."""
    sent = [
        r
        for r in rows
        if r.channel is ReminderChannel.EMAIL and r.status is ReminderStatus.SENT and r.sent_at
    ]
    prefs = reminder_setup.preferences_of(conn, user.id)
    if not sent or not prefs.email or not (has_items or prefs.empty_digest):
        return None
    tz = zone(user.timezone)
    today = local_date(at, tz)
    due = digest_moment(prefs, today, tz)
    if at - due < STALLED_AFTER or quiet_reason(prefs, today):
        return None
    if any(r.key.startswith(digest_key(user.id, today)) for r in rows):
        return None
    last = max(r.sent_at for r in sent if r.sent_at is not None)
    return stalled_item(last, due, at, tz)
