"""The email digest, end to end: the CLI plans and sends it, a real SMTP server on localhost
(aiosmtpd) receives and parses it; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from followup.services.notify import notify_once
from followup.services.workspace import Workspace
from followup.settings import load_settings
from followup.store.engine import make_engine
from followup.store.prepared import prepared_agendas
from tests.cli.helpers import Clock, assert_error, doc
from tests.conftest import Cli
from tests.notify.helpers import customer_with_promises, notify_at
from tests.notify.servers import SmtpServer

NOW = "2026-11-23T07:00:00+00:00"  # Monday 23 November 2026, 08:00 in Berlin
MONDAY_0830 = "2026-11-23T07:30:00+00:00"


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch, mail_env: SmtpServer) -> Cli:
    """anna (Berlin) with an address, a customer at an account, two lapsed promises."""
    Clock(monkeypatch, NOW)
    cli("prefs", "--email", "anna@example.test")
    cli("account", "add", "Braun & Söhne <GmbH>", "--country", "DE")
    customer_with_promises(cli, "--account", "Braun & Söhne <GmbH>")
    return cli


def notify(cli: Cli, at: str) -> dict[str, Any]:
    return notify_at(cli, at).report


def test_the_digest_arrives_once_with_the_agenda_grouped_overdue_first(
    anna: Cli, mail_env: SmtpServer
) -> None:
    agenda = doc(anna, "today", "--at", MONDAY_0830)["items"]
    assert notify(anna, MONDAY_0830)["sent"] == 1
    [mail] = mail_env.messages_to("anna@example.test")
    assert mail.message["Subject"] == "followup · Mon 23 Nov: 3 items (3 overdue)"
    assert mail.message["From"] == "followup <followup@example.test>"
    assert mail.message["Message-ID"] == "<digest.1.2026-11-23@example.test>"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    plain, html = mail.plain, mail.html
    # Every item's reason and suggestion is there, in both parts, the HTML escaped.
    for item in agenda:
        assert item["reason"] in plain and item["suggestion"] in plain
    assert "Braun &amp; Söhne &lt;GmbH&gt;" in html and "<GmbH>" not in html
    # Overdue first; within it grouped by kind: our promises, theirs, the rhythm.
    order = [
        plain.index(h) for h in ("OVERDUE", "Our promises", "Their promises", "Agreed rhythms")
    ]
    assert order == sorted(order)
    assert "You promised to send the revised offer by Fri 20 Nov — 3 days overdue." in plain
    assert "Hans Braun (Braun & Söhne <GmbH>) — 5d overdue · phone" in plain
    assert "Sent by followup at Mon 23 Nov 08:30 (Europe/Berlin)" in plain
    # A second run (cron every 15 minutes) sends nothing more.
    assert notify(anna, "2026-11-23T07:45:00+00:00")["sent"] == 0
    assert len(mail_env.received) == 1
    status = doc(anna, "status", "--at", "2026-11-23T09:00")
    [me] = status["users"]
    assert me["email_digest"]["last_sent_at"] == MONDAY_0830
    assert me["email_digest"]["next_due_at"] == "2026-11-24T07:00:00+00:00"
    assert me["failing"] == [] and me["queued"] == []


def test_not_before_its_time_of_day(anna: Cli, mail_env: SmtpServer) -> None:
    assert notify(anna, "2026-11-23T06:59:00+00:00")["sent"] == 0  # 07:59 in Berlin
    anna("prefs", "--digest-at", "07:30")
    assert notify(anna, "2026-11-23T06:45:00+00:00")["sent"] == 1
    assert len(mail_env.received) == 1


def test_quiet_weekends_and_local_holidays(anna: Cli, mail_env: SmtpServer) -> None:
    assert notify(anna, "2026-11-28T09:00:00+00:00")["planned"] == 0  # a Saturday
    assert doc(anna, "status", "--at", "2026-11-28T10:00")["users"][0]["quiet_today"] == (
        "Saturday"
    )
    anna("prefs", "--holidays", "DE-BY")
    assert notify(anna, "2026-12-25T09:00:00+00:00")["planned"] == 0  # Christmas, a Friday
    assert notify(anna, "2027-01-06T09:00:00+00:00")["planned"] == 0  # Epiphany in Bavaria
    assert mail_env.received == []
    anna("prefs", "--holidays", "DE", "--quiet", "sun")
    assert notify(anna, "2027-01-06T09:00:00+00:00")["sent"] == 1  # not a holiday in Berlin
    assert notify(anna, "2027-01-09T09:00:00+00:00")["sent"] == 1  # Saturday, no longer quiet
    assert len(mail_env.received) == 2


def test_digest_print_sends_nothing_and_send_sends_once(anna: Cli, mail_env: SmtpServer) -> None:
    printed = anna("digest", "--print", "--at", "2026-11-23T09:00").stdout
    assert printed.startswith("Subject: followup · Mon 23 Nov: 3 items (3 overdue)\n\n")
    assert "You promised to send the revised offer" in printed
    html = anna("digest", "--print", "--html", "--at", "2026-11-23T09:00").stdout
    assert html.startswith("<!DOCTYPE html>") and "Their promises" in html
    assert mail_env.received == []
    sent = doc(anna, "digest", "--send")
    assert sent["status"] == "sent" and sent["detail"] == "3 items to anna@example.test"
    again = anna("digest", "--send", ok=False)
    assert_error(again, "today's digest for anna is already sent", "--again")
    assert notify(anna, MONDAY_0830)["sent"] == 0  # the scheduled one is the same reminder
    anna("digest", "--send", "--again")
    assert len(mail_env.messages_to("anna@example.test")) == 2


def test_in_german_when_asked(anna: Cli, mail_env: SmtpServer) -> None:
    anna("prefs", "--language", "de")
    notify(anna, MONDAY_0830)
    [mail] = mail_env.received
    assert mail.message["Subject"] == "followup · Mo 23. Nov: 3 Punkte (3 überfällig)"
    assert "ÜBERFÄLLIG" in mail.plain and "Unsere Zusagen" in mail.plain


def test_an_empty_agenda_sends_no_digest_unless_asked(cli: Cli, mail_env: SmtpServer) -> None:
    cli("prefs", "--email", "anna@example.test")
    assert notify(cli, MONDAY_0830)["planned"] == 0
    cli("prefs", "--empty-digest")
    assert notify(cli, MONDAY_0830)["sent"] == 1
    [mail] = mail_env.received
    assert "Nothing due today." in mail.plain
    assert mail.message["Subject"] == "followup · Mon 23 Nov: 0 items"


def test_email_off_sends_nothing(anna: Cli, mail_env: SmtpServer) -> None:
    shown = doc(anna, "prefs", "--no-digest")
    assert shown["email_digest"] is False
    assert notify(anna, MONDAY_0830)["planned"] == 0
    assert mail_env.received == []


def test_one_run_sends_everything_due_batch_after_batch(cli: Cli, mail_env: SmtpServer) -> None:
    for name in ("bob", "carla", "deniz", "emma"):
        cli("user", "add", name, "--tz", "Europe/Berlin", "--email", f"{name}@example.test")
        cli("prefs", "--user", name, "--empty-digest")
    ws = Workspace.open(cli.db_url)
    try:
        moment = datetime.fromisoformat(MONDAY_0830)
        report = notify_once(ws, load_settings(cli.db_url).notify, moment, batch=3)
    finally:
        ws.engine.dispose()
    assert (report.planned, report.sent) == (4, 4)
    assert len({r for mail in mail_env.received for r in mail.envelope_to}) == 4


def test_the_morning_digest_prepares_the_day_the_user_then_reads(
    anna: Cli, mail_env: SmtpServer
) -> None:
    """The digest explains anna's agenda and keeps it; its own bookkeeping (reminders,
    runs) does not end it, so her first look of the day is a read of the kept day."""
    assert notify(anna, MONDAY_0830)["sent"] == 1
    engine = make_engine(anna.db_url)
    try:
        with engine.connect() as conn:
            [(stale, generation)] = conn.execute(
                select(prepared_agendas.c.stale, prepared_agendas.c.generation)
            ).all()
        assert not stale
        items = doc(anna, "today", "--at", "2026-11-23T09:45:00+01:00")["items"]
        with engine.connect() as conn:
            assert conn.execute(select(prepared_agendas.c.generation)).scalar() == generation
    finally:
        engine.dispose()
    [mail] = mail_env.messages_to("anna@example.test")
    assert [i["reason"] in mail.plain for i in items] == [True] * 3
