"""Bad input for the email digest: an unreachable server, a wrong password, a refused
recipient, a broken time zone, bad settings. Each is logged in one clear line, retried where
that can help, kept in the ledger, shown on the user's own agenda, and never holds up
another user's reminders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from followup.store.engine import make_engine
from tests.cli.helpers import Clock, assert_error, doc, rows
from tests.conftest import Cli
from tests.notify.helpers import failing_items, ledger_rows, notify_at
from tests.notify.servers import SmtpServer, free_port, self_signed_certificate

NOW = "2026-11-23T07:00:00+00:00"
FIRST = datetime.fromisoformat("2026-11-23T07:30:00+00:00")


def at(moment: datetime) -> str:
    return moment.isoformat()


def run(cli: Cli, moment: datetime) -> tuple[dict[str, Any], str, int]:
    done = notify_at(cli, moment)
    return done.report, done.stderr, done.exit_code


@pytest.fixture
def closed_port(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """SMTP settings pointing at a port where nothing listens (yet)."""
    port = free_port()
    for name, value in SmtpServer(port=port).env().items():
        monkeypatch.setenv(name, value)
    yield port


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, NOW)
    cli("prefs", "--email", "anna@example.test", "--empty-digest")
    return cli


def test_an_unreachable_server_is_retried_and_shows_on_the_agenda(
    anna: Cli, closed_port: int
) -> None:
    report, stderr, code = run(anna, FIRST)
    assert (report["sent"], report["retrying"], code) == (0, 1, 1)
    assert stderr == (
        "warning: email digest (digest/1/2026-11-23) not delivered: cannot reach SMTP server "
        f"127.0.0.1:{closed_port}: connection refused; retry 2 of 7 at 2026-11-23T07:31:00+00:00\n"
    )
    [item] = failing_items(anna, "2026-11-23T08:35")
    assert item["person"]["id"] is None and item["channel"] is None
    assert item["reason"] == (
        "Your email digest to anna@example.test is failing since Mon 23 Nov 08:30: cannot "
        f"reach SMTP server 127.0.0.1:{closed_port}: connection refused — attempt 1 of 7, "
        "next try Mon 23 Nov 08:31."
    )
    assert "SMTP settings" in item["suggestion"]
    assert "followup status" in item["suggestion"]
    [failing] = doc(anna, "status", "--at", "2026-11-23T08:35")["users"][0]["failing"]
    assert failing["status"] == "queued" and failing["next_try_at"] == "2026-11-23T07:31:00+00:00"
    # Before its retry time nothing is attempted; once the server is up, it goes out.
    assert run(anna, FIRST + timedelta(seconds=30))[0]["retrying"] == 0
    server = SmtpServer(port=closed_port).start()
    try:
        report, stderr, code = run(anna, FIRST + timedelta(minutes=2))
        assert (report["sent"], stderr, code) == (1, "", 0)
        assert len(server.messages_to("anna@example.test")) == 1
    finally:
        server.stop()
    assert failing_items(anna, "2026-11-23T08:40") == []
    assert doc(anna, "status", "--at", "2026-11-23T08:40")["users"][0]["failing"] == []


def test_gives_up_after_the_last_retry_and_tries_again_the_next_day(
    anna: Cli, closed_port: int
) -> None:
    moment = FIRST
    for delay in (0, 1, 5, 15, 60, 240, 720):  # minutes: the retry schedule
        moment += timedelta(minutes=delay)
        report, _, _ = run(anna, moment)
    assert (report["retrying"], report["failed"]) == (0, 1)
    [item] = failing_items(anna, "2026-11-24T07:00")
    assert item["reason"].endswith("— given up after 7 attempts.")
    assert item["overdue_days"] == 1
    # Nothing is lost: the failed digest stays in the ledger; the next day's goes out.
    server = SmtpServer(port=closed_port).start()
    try:
        assert run(anna, FIRST + timedelta(days=1))[0]["sent"] == 1
    finally:
        server.stop()
    statuses = ledger_rows(anna.db_url)
    assert statuses == [("digest/1/2026-11-23", "failed", 7), ("digest/1/2026-11-24", "sent", 1)]
    assert failing_items(anna, "2026-11-24T09:00") == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_a_wrong_password_over_starttls_is_logged_and_retried(
    anna: Cli, monkeypatch: pytest.MonkeyPatch, certificate: tuple[Path, Path]
) -> None:
    server = SmtpServer(login=("mailer", "right password"), tls_files=certificate).start()
    try:
        settings = server.env(
            FOLLOWUP_SMTP_HOST="localhost",
            FOLLOWUP_SMTP_SECURITY="starttls",
            FOLLOWUP_SMTP_USER="mailer",
            FOLLOWUP_SMTP_PASSWORD="wrong",
            SSL_CERT_FILE=str(certificate[0]),  # trust the test's own certificate
        )
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        report, stderr, code = run(anna, FIRST)
        assert (report["retrying"], code) == (1, 1)
        assert f"SMTP server localhost:{server.port} refused the login of 'mailer': 535" in stderr
        assert server.received == []
        monkeypatch.setenv("FOLLOWUP_SMTP_PASSWORD", "right password")
        assert run(anna, FIRST + timedelta(minutes=1))[0]["sent"] == 1
        assert len(server.received) == 1
    finally:
        server.stop()


def test_implicit_tls_and_an_untrusted_certificate(
    anna: Cli, monkeypatch: pytest.MonkeyPatch, certificate: tuple[Path, Path]
) -> None:
    server = SmtpServer(tls_files=certificate, implicit_tls=True).start()
    try:
        settings = server.env(FOLLOWUP_SMTP_HOST="localhost", FOLLOWUP_SMTP_SECURITY="ssl")
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        report, stderr, _ = run(anna, FIRST)  # the certificate is not trusted (yet)
        assert report["retrying"] == 1 and "CERTIFICATE_VERIFY_FAILED" in stderr
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        assert run(anna, FIRST + timedelta(minutes=1))[0]["sent"] == 1
        assert len(server.received) == 1
    finally:
        server.stop()


def test_a_refused_recipient_fails_alone(anna: Cli, mail_env: SmtpServer) -> None:
    anna("user", "add", "bob", "--tz", "America/New_York", "--email", "bob@example.test")
    anna("prefs", "--user", "bob", "--empty-digest")
    mail_env.refuse.add("bob@example.test")
    report, stderr, code = run(anna, datetime.fromisoformat("2026-11-23T14:00:00+00:00"))
    assert (report["sent"], report["failed"], code) == (1, 1, 1)
    assert len(mail_env.messages_to("anna@example.test")) == 1
    assert "bob" in stderr and "refused the recipient" in stderr and "given up" in stderr
    [item] = failing_items(anna, "2026-11-23T10:00", "--user", "bob")
    assert item["reason"].startswith("Your email digest to bob@example.test is failing since")
    assert "550 5.1.1 no such mailbox here" in item["reason"]
    assert failing_items(anna, "2026-11-23T16:00") == []


def test_a_broken_time_zone_skips_that_user_only(anna: Cli, mail_env: SmtpServer) -> None:
    anna("user", "add", "bob", "--tz", "America/New_York", "--email", "bob@example.test")
    before = rows(anna.db_url)
    refused = anna("prefs", "--user", "bob", "--tz", "Mars/Olympus_Mons", "--quiet", "", ok=False)
    assert_error(refused, "unknown time zone 'Mars/Olympus_Mons'")
    assert rows(anna.db_url) == before
    # A zone broken behind followup's back (an old import, a hand edit) stops only bob.
    engine = make_engine(anna.db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET timezone = 'Mars/Olympus_Mons' WHERE name = 'bob'"))
    engine.dispose()
    report, stderr, code = run(anna, FIRST)
    assert (report["sent"], report["skipped_users"], code) == (1, ["bob"], 1)
    assert stderr == (
        "error: reminders for bob skipped: unknown time zone 'Mars/Olympus_Mons': use an "
        "IANA name such as Europe/Berlin\n"
    )
    users = {u["user"]: u for u in doc(anna, "status")["users"]}
    assert users["bob"]["error"].startswith("unknown time zone 'Mars/Olympus_Mons'")
    assert users["anna"]["email_digest"]["last_sent_at"] == at(FIRST)


@pytest.mark.parametrize(
    "env, needles",
    [
        ({"FOLLOWUP_SMTP_HOST": "mail.example.test", "FOLLOWUP_SMTP_FROM": "a@example.test",
          "FOLLOWUP_SMTP_PORT": "abc"}, ("invalid setting smtp.port (FOLLOWUP_SMTP_PORT)",)),
        ({"FOLLOWUP_SMTP_HOST": "mail.example.test", "FOLLOWUP_SMTP_FROM": "a@example.test",
          "FOLLOWUP_SMTP_PORT": "70000"}, ("smtp.port", "65535")),
        ({"FOLLOWUP_SMTP_HOST": "mail.example.test", "FOLLOWUP_SMTP_FROM": "a@example.test",
          "FOLLOWUP_SMTP_SECURITY": "tls"}, ("smtp.security (FOLLOWUP_SMTP_SECURITY)", "starttls")),
        ({"FOLLOWUP_SMTP_HOST": "mail.example.test", "FOLLOWUP_SMTP_FROM": "not an address"},
         ("invalid email address 'not an address'",)),
        ({"FOLLOWUP_SMTP_HOST": "mail.example.test", "FOLLOWUP_SMTP_FROM": "a@example.test",
          "FOLLOWUP_SMTP_USER": "me"}, ("a user needs a password",)),
        ({"FOLLOWUP_SMTP_PORT": "587"}, ("SMTP settings without a host",)),
        ({"FOLLOWUP_WEBHOOK_TIMEOUT": "0"}, ("webhook_timeout (FOLLOWUP_WEBHOOK_TIMEOUT)",)),
        ({"FOLLOWUP_CONFIG": "/nonexistent/followup.toml"}, ("/nonexistent/followup.toml",)),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_at_start(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], needles: tuple[str, ...]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert_error(cli("today", ok=False), *needles)


def test_settings_from_a_config_file_and_the_environment_over_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, smtp: SmtpServer
) -> None:
    config = tmp_path / "followup.toml"
    config.write_text(
        '[smtp]\nhost = "127.0.0.1"\nport = 1\nsecurity = "none"\nfrom = "cfg@example.test"\n'
        "[notify]\nwebhook_timeout = 3\n"
    )
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(config))
    monkeypatch.setenv("FOLLOWUP_SMTP_PORT", str(smtp.port))  # the environment wins
    Clock(monkeypatch, NOW)
    cli("prefs", "--email", "anna@example.test", "--empty-digest")
    assert doc(cli, "status")["smtp"] == {
        "configured": True, "server": f"127.0.0.1:{smtp.port}", "security": "none"
    }  # fmt: skip
    assert doc(cli, "digest", "--send")["status"] == "sent"
    assert smtp.received[0].message["From"] == "followup <cfg@example.test>"
    config.write_text('[smtp]\nhost = "x.example.test"\nfrom = "a@example.test"\nhostname = 1\n')
    assert_error(cli("today", ok=False), f"config file {config}", "unknown setting 'hostname'")
    config.write_text("[smtp\n")
    assert_error(cli("today", ok=False), f"cannot read config file {config}")


def test_a_digest_that_never_went_out_shows_when_notify_stopped_running(
    anna: Cli, mail_env: SmtpServer
) -> None:
    assert run(anna, FIRST)[0]["sent"] == 1  # Monday's went out
    # Nobody runs notify on Tuesday: an hour after the digest time, the agenda says so.
    assert failing_items(anna, "2026-11-24T08:30") == []
    [item] = failing_items(anna, "2026-11-24T09:30")
    assert item["reason"] == (
        "Your email digest was due Tue 24 Nov 08:00 and has not gone out; the last one went "
        "out Mon 23 Nov 08:30."
    )
    assert "followup notify" in item["suggestion"]
    assert doc(anna, "status", "--at", "2026-11-24T09:30")["scheduler"]["stale"] is True
    assert run(anna, FIRST + timedelta(days=1, hours=2))[0]["sent"] == 1
    assert failing_items(anna, "2026-11-24T10:31") == []
