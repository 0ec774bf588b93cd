"""Reminders that visibly work: per user, what went out, what fails and why, what waits.

`status_document` serves `followup status`; `health_document` the health endpoint, which
also says whether anything is running `notify` at all (a silent scheduler is the failure
users meet most and notice least).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from followup.domain.deliveries import Reminder, Trouble, troubles
from followup.domain.errors import FollowupError
from followup.domain.localtime import local_date, zone
from followup.domain.model import User
from followup.domain.reminders import (
    MAX_ATTEMPTS,
    ReminderChannel,
    digest_key,
    format_clock,
    next_digest,
    quiet_reason,
)
from followup.notify.settings import NotifySettings
from followup.services.reminder_alerts import LOOK_BACK
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import directory, ledger, reminder_setup


def stale_after(settings: NotifySettings) -> timedelta:
    """How long without a run before the scheduler counts as stopped."""
    return max(timedelta(seconds=3 * settings.every), timedelta(hours=1))


def status_document(
    ws: Workspace, settings: NotifySettings, now: datetime, user_name: str | None = None
) -> dict[str, Any]:
    """Everything `followup status` shows, for every user (or the one named)."""
    with ws.transaction() as conn:
        team = directory.all_users(conn)
        if user_name is not None:
            team = [u for u in team if u.name.casefold() == user_name.casefold()]
            if not team:
                raise FollowupError(f"unknown user {user_name!r}: see 'followup user list'")
        run = reminder_setup.last_run(conn)
        return {
            "at": iso(now),
            "smtp": _smtp(settings),
            "scheduler": _scheduler(run, settings, now),
            "users": [_user_status(conn, user, settings, now) for user in team],
        }


def health_document(
    ws: Workspace, settings: NotifySettings, now: datetime, detail: bool = False
) -> dict[str, Any]:
    """'ok', 'failing' (a channel fails) or 'stale' (nothing ran lately), with counts;
    the per-user status only with `detail` (it names people and addresses)."""
    document = status_document(ws, settings, now)
    users = document.pop("users")
    failing = sum(len(u.get("failing", [])) for u in users)
    stale = document["scheduler"]["stale"]
    status = "stale" if stale else "failing" if failing else "ok"
    document = {
        "status": status,
        **document,
        "reminders": {
            "failing_channels": failing,
            "queued": sum(len(u.get("queued", [])) for u in users),
            "users_with_errors": sum(1 for u in users if "error" in u),
        },
    }
    if detail:
        document["users"] = users
    return document


def _smtp(settings: NotifySettings) -> dict[str, Any]:
    smtp = settings.smtp
    if smtp is None:
        return {"configured": False}
    return {"configured": True, "server": smtp.where, "security": smtp.security}


def _scheduler(run: Any, settings: NotifySettings, now: datetime) -> dict[str, Any]:
    if run is None:
        return {"last_run_at": None, "last_finished_at": None, "stale": True}
    last = run.finished_at or run.started_at
    return {
        "last_run_at": iso(run.started_at),
        "last_finished_at": iso(run.finished_at),
        "runner": run.runner,
        "sent": run.sent,
        "failed": run.failed,
        "stale": now - last > stale_after(settings),
    }


def _user_status(
    conn: Connection, user: User, settings: NotifySettings, now: datetime
) -> dict[str, Any]:
    prefs = reminder_setup.preferences_of(conn, user.id)
    document: dict[str, Any] = {"user": user.name, "email": user.email, "timezone": user.timezone}
    try:
        tz = zone(user.timezone)
    except FollowupError as exc:
        return {**document, "error": exc.message}
    hooks = reminder_setup.endpoints(conn, user.id)
    rows = ledger.recent_for_user(conn, user.id, now - LOOK_BACK)
    last_digest = ledger.last_sent(conn, user.id, ReminderChannel.EMAIL)
    last_event = ledger.last_sent(conn, user.id, ReminderChannel.WEBHOOK)
    last_day = local_date(last_digest.sent_at, tz) if last_digest and last_digest.sent_at else None
    today = local_date(now, tz)
    if any(r.key.startswith(digest_key(user.id, today)) for r in rows):
        last_day = today  # today's is out, queued or failing: shown below, next is tomorrow's
    targets: dict[int | None, str] = {None: user.email or "(no address)"}
    targets.update({ep.id: ep.url for ep in hooks})
    document.update(
        quiet_today=quiet_reason(prefs, today),
        email_digest={
            "enabled": prefs.email,
            "configured": settings.smtp is not None,
            "at": format_clock(prefs.digest_at),
            "last_sent_at": iso(last_digest.sent_at) if last_digest else None,
            "last_detail": last_digest.detail if last_digest else None,
            "next_due_at": iso(next_digest(prefs, tz, now, last_day)) if prefs.email else None,
        },
        webhooks={
            "enabled": prefs.webhooks,
            "endpoints": [{"id": ep.id, "url": ep.url, "events": ep.events} for ep in hooks],
            "last_sent_at": iso(last_event.sent_at) if last_event else None,
        },
        failing=[_trouble(t) for t in troubles(rows, targets)],
        queued=[_reminder(r) for r in ledger.waiting_for_user(conn, user.id)],
    )
    return document


def _trouble(trouble: Trouble) -> dict[str, Any]:
    return {
        "channel": trouble.channel.value,
        "target": trouble.target,
        "since": iso(trouble.since),
        "status": trouble.latest.status.value,
        "error": trouble.latest.last_error,
        "attempts": trouble.latest.attempts,
        "next_try_at": iso(trouble.latest.not_before) if trouble.retrying else None,
        "reminder_id": trouble.latest.id,
    }


def _reminder(reminder: Reminder) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "key": reminder.key,
        "channel": reminder.channel.value,
        "kind": reminder.kind,
        "status": reminder.status.value,
        "not_before": iso(reminder.not_before),
        "attempts": reminder.attempts,
        "max_attempts": MAX_ATTEMPTS,
        "last_error": reminder.last_error,
    }
