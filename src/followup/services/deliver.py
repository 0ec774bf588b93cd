"""Sending one claimed reminder: the digest by email, or one event to one webhook."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from followup.domain.deliveries import Reminder
from followup.domain.errors import FollowupError
from followup.domain.model import User
from followup.domain.reminders import Preferences, ReminderChannel
from followup.notify.digest import render_digest
from followup.notify.mail import DeliveryFailed, Mailer, digest_message
from followup.notify.webhooks import Attempt, post_event
from followup.services.agenda import today
from followup.services.workspace import Workspace
from followup.store import directory, reminder_setup
from followup.store.reminder_setup import Endpoint

log = logging.getLogger("followup.notify")


@dataclass(frozen=True)
class Outcome:
    """What sending did: `error` None means delivered."""

    label: str
    detail: str | None = None
    error: str | None = None
    permanent: bool = False
    attempt: Attempt | None = None

    def attempt_row(self, number: int, now: datetime) -> dict[str, Any]:
        assert self.attempt is not None
        return {
            "attempt": number,
            "at": now,
            "status_code": self.attempt.status_code,
            "error": self.attempt.error,
            "elapsed_ms": self.attempt.elapsed_ms,
        }


@dataclass(frozen=True)
class Recipients:
    """Who reminders go to, read once for a run rather than once per reminder."""

    users: dict[int, User]
    preferences: dict[int, Preferences]
    endpoints: dict[int, Endpoint]

    @classmethod
    def load(cls, ws: Workspace) -> Recipients:
        with ws.transaction() as conn:
            return cls(
                {user.id: user for user in directory.all_users(conn)},
                reminder_setup.all_preferences(conn),
                {ep.id: ep for ep in reminder_setup.endpoints(conn)},
            )


def send(
    ws: Workspace,
    reminder: Reminder,
    recipients: Recipients,
    channels: tuple[Mailer | None, httpx.Client],
    now: datetime,
) -> Outcome:
    """Send `reminder` (already claimed); every failure becomes an Outcome, never lost."""
    label = f"{reminder.channel.value} {reminder.kind} ({reminder.key})"
    mailer, client = channels
    try:
        if reminder.channel is ReminderChannel.EMAIL:
            return _send_digest(ws, reminder, recipients, mailer, now)
        return _post(reminder, recipients, client, now)
    except DeliveryFailed as exc:
        return Outcome(label, error=exc.reason, permanent=exc.permanent)
    except FollowupError as exc:
        return Outcome(label, error=exc.message, permanent=True)
    except Exception as exc:  # a bug must not leave the reminder claimed and unrecorded
        log.exception("%s: unexpected failure", label)
        return Outcome(label, error=f"internal error: {exc!r}")


def _send_digest(
    ws: Workspace, reminder: Reminder, recipients: Recipients, mailer: Mailer | None, now: datetime
) -> Outcome:
    user = recipients.users.get(reminder.user_id)
    prefs = recipients.preferences.get(reminder.user_id, Preferences())
    if user is None:
        raise FollowupError(f"user #{reminder.user_id} no longer exists")
    if mailer is None:
        raise DeliveryFailed("no SMTP server is configured (FOLLOWUP_SMTP_HOST or [smtp] host)")
    if not user.email:
        raise DeliveryFailed(
            f"{user.name} has no email address: add one with 'followup prefs --email ADDRESS'",
            permanent=True,
        )
    _, items = today(ws, now, user.name, None)
    digest = render_digest(user, now, items, prefs.language)
    message = digest_message(digest, mailer.settings.sender, user.email, reminder.key, now)
    mailer.send(message)
    return Outcome(f"digest for {user.name}", detail=f"{digest.items} items to {user.email}")


def _post(
    reminder: Reminder, recipients: Recipients, client: httpx.Client, now: datetime
) -> Outcome:
    endpoint = recipients.endpoints.get(reminder.endpoint_id or 0)
    payload = reminder.payload
    if endpoint is None or payload is None:
        raise DeliveryFailed("its webhook endpoint was removed", permanent=True)
    event = (reminder.key, reminder.kind)
    attempt = post_event(
        client, endpoint.url, endpoint.secret, event, payload.encode(), int(now.timestamp())
    )
    label = f"webhook {reminder.kind} to {endpoint.url} ({reminder.key})"
    if attempt.delivered:
        return Outcome(label, detail=f"HTTP {attempt.status_code}", attempt=attempt)
    return Outcome(label, error=attempt.error, permanent=attempt.permanent, attempt=attempt)
