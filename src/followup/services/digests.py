"""`followup digest`: preview a user's digest, or send it now through the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.domain.errors import Conflict, InvalidInput
from followup.domain.localtime import local_date, zone
from followup.domain.model import User
from followup.domain.reminders import ReminderChannel, ReminderStatus, digest_key
from followup.notify.digest import Digest, render_digest
from followup.notify.settings import NotifySettings
from followup.services.agenda import today
from followup.services.directory import agenda_owner
from followup.services.notify import send_now
from followup.services.workspace import Workspace
from followup.store import ledger, reminder_setup


def digest_preview(ws: Workspace, user_name: str | None, login: str | None, at: datetime) -> Digest:
    """The digest the user would receive at `at`; nothing is sent or recorded."""
    user, items = today(ws, at, user_name, login)
    with ws.transaction() as conn:
        prefs = reminder_setup.preferences_of(conn, user.id)
    return render_digest(user, at, items, prefs.language)


@dataclass(frozen=True)
class SentDigest:
    user: User
    key: str
    status: ReminderStatus
    detail: str | None
    error: str | None


def send_digest_now(
    ws: Workspace,
    settings: NotifySettings,
    user_name: str | None,
    login: str | None,
    now: datetime,
    again: bool = False,
) -> SentDigest:
    """Send today's digest now, whatever the time and preferences say, exactly once: a
    digest already sent today is refused unless `again` (then it is a reminder of its own)."""
    if settings.smtp is None:
        raise InvalidInput("no SMTP server configured: set FOLLOWUP_SMTP_HOST (see README)")
    user = agenda_owner(ws, user_name, login)
    key = digest_key(user.id, local_date(now, zone(user.timezone)))
    if again:
        key += f"/again/{now:%Y%m%dT%H%M%S.%f}"
    with ws.transaction() as conn:
        existing = ledger.by_key(conn, key)
    if existing is not None and existing.status is not ReminderStatus.QUEUED:
        when = existing.sent_at.isoformat() if existing.sent_at else existing.status.value
        raise Conflict(
            f"today's digest for {user.name} is already {existing.status.value} ({when}): "
            "add --again to send another"
        )
    planned = {"key": key, "user_id": user.id, "channel": ReminderChannel.EMAIL.value}
    final = send_now(ws, settings, {**planned, "kind": "digest"}, now)
    if final.status is ReminderStatus.SENDING:
        raise Conflict(f"today's digest for {user.name} is being sent by another process")
    return SentDigest(user, key, final.status, final.detail, final.last_error)
