"""Sending reminders exactly once: plan into the ledger, claim, send, record.

1. Claims older than the lease are marked unconfirmed: their sender died between sending
   and recording, and a reminder that may have arrived is never sent again (at most once;
   docs/decisions.md says why). They show in `status` and on the user's agenda.
2. Each user's due reminders (today's digest after its time of day, one webhook event per
   agenda occurrence and endpoint) are inserted under unique keys: planning is idempotent,
   in one process or in many.
3. Each queued reminder whose moment has come is claimed by a compare-and-set in its own
   transaction, sent, and its outcome recorded; only the claim's holder can record it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from followup.domain.deliveries import TEST_EVENT, Reminder
from followup.domain.errors import FollowupError, NotFound
from followup.domain.reminders import (
    MAX_ATTEMPTS,
    Preferences,
    ReminderChannel,
    event_key,
    retry_at,
)
from followup.notify.mail import Mailer
from followup.notify.settings import NotifySettings
from followup.services import deliver
from followup.services.planning import planned_for
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import directory, ledger, reminder_setup

log = logging.getLogger("followup.notify")
BATCH = 500  # due rows read at a time: a run sends them all, batch after batch


@dataclass
class RunReport:
    """What one run did, for the command's summary and the scheduler's log."""

    planned: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unconfirmed: int = 0
    taken_by_others: int = 0
    skipped_users: list[str] = field(default_factory=list)

    @property
    def troubled(self) -> bool:
        return bool(self.retrying or self.failed or self.unconfirmed or self.skipped_users)

    def document(self) -> dict[str, object]:
        return {
            "planned": self.planned,
            "sent": self.sent,
            "retrying": self.retrying,
            "failed": self.failed,
            "unconfirmed": self.unconfirmed,
            "taken_by_others": self.taken_by_others,
            "skipped_users": self.skipped_users,
        }


def runner_name() -> str:
    """Who claims: host, process and a random part (a restarted pid is another claimer)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def notify_once(
    ws: Workspace, settings: NotifySettings, now: datetime, batch: int = BATCH
) -> RunReport:
    """One run of `followup notify`: expire stale claims, plan, deliver all that is due."""
    report = RunReport()
    runner = runner_name()
    with ws.transaction() as conn:
        run_id = reminder_setup.start_run(conn, runner, now)
        for reminder in ledger.expire_claims(conn, now):
            report.unconfirmed += 1
            log.error(
                "%s %s (%s) unconfirmed: its sender stopped before recording the outcome; "
                "not sent again",
                reminder.channel.value,
                reminder.kind,
                reminder.key,
            )
    plan(ws, settings, now, report)
    deliver_due(ws, settings, now, runner, report, batch)
    with ws.transaction() as conn:
        reminder_setup.finish_run(conn, run_id, now, report.sent, report.failed + report.retrying)
    return report


def plan(ws: Workspace, settings: NotifySettings, now: datetime, report: RunReport) -> None:
    """Insert every user's due reminders; a user whose data is broken is skipped, logged."""
    with ws.transaction() as conn:
        users = directory.all_users(conn)
        preferences = reminder_setup.all_preferences(conn)
        endpoints = reminder_setup.endpoints(conn)
    for user in users:
        prefs = preferences.get(user.id, Preferences())
        hooks = [ep for ep in endpoints if ep.user_id == user.id]
        try:
            # Read first, write in a transaction of its own: a SQLite reader that then
            # writes could be refused (its snapshot grew old) while another process wrote.
            planned = planned_for(ws, user, prefs, hooks, settings.smtp is not None, now)
            with ws.transaction() as conn:
                report.planned += ledger.plan(conn, planned, now)
        except FollowupError as exc:
            report.skipped_users.append(user.name)
            log.error("reminders for %s skipped: %s", user.name, exc.message)


def deliver_due(
    ws: Workspace,
    settings: NotifySettings,
    now: datetime,
    runner: str,
    report: RunReport,
    batch: int = BATCH,
) -> None:
    """Claim, send and record every reminder due at `now`, `batch` rows read at a time.

    Each batch re-reads the queue, so it ends: what was sent, failed (and now waits for a
    later retry) or was claimed by another process is no longer queued for `now`.
    """
    recipients: deliver.Recipients | None = None
    with channels(settings) as both:
        while True:
            with ws.transaction() as conn:
                due = ledger.due(conn, now, batch)
            if not due:
                return
            recipients = recipients or deliver.Recipients.load(ws)
            for reminder in due:
                with ws.transaction() as conn:
                    won = ledger.claim(conn, reminder.id, runner, now)
                if not won:
                    report.taken_by_others += 1
                    continue
                outcome = deliver.send(ws, reminder, recipients, both, now)
                settle(ws, reminder.id, reminder.attempts + 1, runner, now, outcome, report)
            if len(due) < batch:
                return


@contextmanager
def channels(settings: NotifySettings) -> Iterator[tuple[Mailer | None, httpx.Client]]:
    """The SMTP connection (made on first use) and the HTTP client for one run."""
    mailer = Mailer(settings.smtp) if settings.smtp else None
    client = httpx.Client(timeout=settings.webhook_timeout, follow_redirects=False)
    try:
        yield mailer, client
    finally:
        client.close()
        if mailer is not None:
            mailer.close()


def settle(
    ws: Workspace,
    reminder_id: int,
    attempts: int,
    runner: str,
    now: datetime,
    outcome: deliver.Outcome,
    report: RunReport,
) -> None:
    """Record what sending did, in one transaction with the webhook attempt if any."""
    with ws.transaction() as conn:
        if outcome.attempt is not None:
            ledger.record_attempt(conn, reminder_id, outcome.attempt_row(attempts, now))
        if outcome.error is None:
            ledger.record_sent(conn, reminder_id, runner, now, outcome.detail)
            report.sent += 1
            return
        again = None if outcome.permanent else retry_at(attempts, now)
        ledger.record_failure(conn, reminder_id, runner, now, outcome.error, again)
    what = f"{outcome.label} not delivered: {outcome.error}"
    if again is None:
        report.failed += 1
        log.error("%s; given up after %d attempt(s)", what, attempts)
    else:
        report.retrying += 1
        log.warning("%s; retry %d of %d at %s", what, attempts + 1, MAX_ATTEMPTS, again.isoformat())


def send_now(
    ws: Workspace, settings: NotifySettings, planned: dict[str, object], now: datetime
) -> Reminder:
    """Plan one reminder and send it at once, through the same claim as every run; returns
    its ledger row afterwards. An existing key is not planned again (nor re-sent)."""
    key = str(planned["key"])
    with ws.transaction() as conn:
        ledger.plan(conn, [planned], now)
        reminder = ledger.by_key(conn, key)
    assert reminder is not None
    runner = runner_name()
    with ws.transaction() as conn:
        won = ledger.claim(conn, reminder.id, runner, now)
    if won:
        with channels(settings) as both:
            outcome = deliver.send(ws, reminder, deliver.Recipients.load(ws), both, now)
        settle(ws, reminder.id, reminder.attempts + 1, runner, now, outcome, RunReport())
    with ws.transaction() as conn:
        final = ledger.by_key(conn, key)
    assert final is not None
    return final


def requeue(ws: Workspace, reminder_id: int, now: datetime) -> bool:
    """Send a failed or unconfirmed reminder again at the next run (the user asked)."""
    with ws.transaction() as conn:
        return ledger.requeue(conn, reminder_id, now)


def ping_webhook(
    ws: Workspace, settings: NotifySettings, endpoint_id: int, now: datetime
) -> Reminder:
    """Send a signed `ping` event to the endpoint now, to check it end to end."""
    with ws.transaction() as conn:
        endpoint = reminder_setup.endpoint_by_id(conn, endpoint_id)
        owner = reminder_setup.owner_name(conn, endpoint.user_id) if endpoint else None
    if endpoint is None:
        raise NotFound(f"unknown webhook #{endpoint_id}: see 'followup webhook list'")
    key = event_key(endpoint.id, TEST_EVENT, f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}")
    body = {
        "id": key,
        "type": TEST_EVENT,
        "created_at": iso(now),
        "user": {"id": endpoint.user_id, "name": owner},
        "data": {"message": "followup can reach this endpoint"},
    }
    planned: dict[str, object] = {
        "key": key,
        "user_id": endpoint.user_id,
        "channel": ReminderChannel.WEBHOOK.value,
        "kind": TEST_EVENT,
        "endpoint_id": endpoint.id,
        "payload": json.dumps(body, sort_keys=True),
    }
    return send_now(ws, settings, planned, now)
