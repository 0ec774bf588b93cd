"""Exactly once, with real processes: two `followup notify` started together against one
database never send a reminder twice; a process killed between sending and recording
leaves a reminder that is reported, never sent again by itself (at most once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup.services import directory
from followup.services.reminders import PreferenceChanges, add_webhook, preferences
from followup.services.workspace import Workspace
from tests.cli.helpers import Clock, doc
from tests.conftest import Cli
from tests.notify.helpers import customer_with_promises, failing_items, ledger_rows
from tests.notify.servers import SmtpServer, WebhookReceiver

FOLLOWUP = str(Path(sys.executable).parent / "followup")
NOW = "2026-11-23T07:00:00+00:00"
AT = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
TEAM = 24
WAIT = 60  # seconds: a safety net so a broken test fails instead of hanging


def process_env(db_url: str, smtp: SmtpServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    return {**env, "FOLLOWUP_DB": db_url, **smtp.env()}


def start_notify(db_url: str, smtp: SmtpServer, at: datetime) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [FOLLOWUP, "notify", "--at", at.isoformat(), "--json"],
        env=process_env(db_url, smtp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0, (out, err)
    report = json.loads(out)
    assert isinstance(report, dict)
    return report


@pytest.fixture
def team(cli: Cli, monkeypatch: pytest.MonkeyPatch, receiver: WebhookReceiver) -> Cli:
    """anna with a customer and two webhooks, and 24 colleagues who each want a digest."""
    Clock(monkeypatch, NOW)
    now = datetime.fromisoformat(NOW)
    cli("prefs", "--email", "anna@example.test", "--empty-digest")
    customer_with_promises(cli)
    ws = Workspace.open(cli.db_url)
    try:
        for path in ("/crm", "/chat"):
            add_webhook(ws, "anna", None, receiver.url(path), None, None, now)
        for number in range(TEAM):
            name = f"member{number:02}"
            directory.add_user(ws, name, "Europe/Berlin", now, f"{name}@example.test")
            preferences(ws, name, None, PreferenceChanges(empty_digest=True), now)
    finally:
        ws.engine.dispose()
    return cli


def test_two_processes_at_once_send_every_reminder_exactly_once(
    team: Cli, smtp: SmtpServer, receiver: WebhookReceiver
) -> None:
    # The first message each process sends is held until the other process has sent one
    # too: both are then provably mid-run together, racing for the same ledger rows.
    started = time.monotonic()
    smtp.hold = lambda s: len(s.peers) < 2 and time.monotonic() - started < WAIT
    first = start_notify(team.db_url, smtp, AT)
    second = start_notify(team.db_url, smtp, AT)
    reports = [finish(first), finish(second)]
    assert len(smtp.peers) == 2, "the two processes did not overlap"
    recipients = Counter(r for mail in smtp.received for r in mail.envelope_to)
    assert len(recipients) == TEAM + 1 and set(recipients.values()) == {1}
    deliveries = Counter(hit.headers["X-Followup-Delivery"] for hit in receiver.hits)
    assert len(deliveries) == 2 * 4 and set(deliveries.values()) == {1}  # 4 events, 2 hooks
    assert sum(r["sent"] for r in reports) == TEAM + 1 + 8
    assert all(r["sent"] >= 1 for r in reports)
    assert sum(r["taken_by_others"] for r in reports) >= 1
    # A third run finds nothing left to send.
    third = finish(start_notify(team.db_url, smtp, AT + timedelta(minutes=5)))
    assert (third["planned"], third["sent"]) == (0, 0)
    assert len(smtp.received) == TEAM + 1


def test_a_crash_between_send_and_record_is_reported_and_never_resent(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer
) -> None:
    Clock(monkeypatch, NOW)
    cli("prefs", "--email", "anna@example.test", "--empty-digest")
    released = False
    smtp.hold = lambda s: not released  # the server has the mail, the sender no answer yet
    process = start_notify(cli.db_url, smtp, AT)
    assert smtp.arrived.wait(WAIT)
    process.kill()  # SIGKILL: no chance to record anything
    process.wait(WAIT)
    released = True
    assert ledger_rows(cli.db_url) == [("digest/1/2026-11-23", "sending", 1)]
    for name, value in smtp.env().items():
        monkeypatch.setenv(name, value)
    # Within the lease nobody touches it: its sender might still be at work.
    result = cli("notify", "--at", (AT + timedelta(minutes=5)).isoformat(), "--json")
    assert json.loads(result.stdout)["sent"] == 0
    [waiting] = doc(cli, "status", "--at", "2026-11-23T08:35")["users"][0]["queued"]
    assert waiting["status"] == "sending"
    # After the lease it is marked unconfirmed, said so, and not sent again.
    result = cli("notify", "--at", (AT + timedelta(minutes=16)).isoformat(), "--json", ok=False)
    assert result.exit_code == 1 and json.loads(result.stdout)["unconfirmed"] == 1
    assert result.stderr == (
        "error: email digest (digest/1/2026-11-23) unconfirmed: its sender stopped before "
        "recording the outcome; not sent again\n"
    )
    assert len(smtp.received) == 1
    assert ledger_rows(cli.db_url) == [("digest/1/2026-11-23", "unconfirmed", 1)]
    [item] = failing_items(cli, "2026-11-23T09:00")
    assert item["reason"] == (
        "Your email digest to anna@example.test may not have arrived: followup stopped while "
        "sending it (Mon 23 Nov 08:30) and does not send it twice."
    )
    [failing] = doc(cli, "status", "--at", "2026-11-23T09:00")["users"][0]["failing"]
    assert failing["status"] == "unconfirmed"
    # The user may ask for it again; and the next day's digest goes out as usual.
    cli("notify", "--retry", str(failing["reminder_id"]), "--at", "2026-11-23T08:00:00+00:00")
    assert len(smtp.received) == 2
    cli("notify", "--at", (AT + timedelta(days=1)).isoformat())
    assert len(smtp.received) == 3
    assert [status for _, status, _ in ledger_rows(cli.db_url)] == ["sent", "sent"]
