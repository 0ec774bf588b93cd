"""Crash safety of `followup notify`: killed with SIGKILL at seeded random points
(FOLLOWUP_KILLS times, on SQLite and PostgreSQL), it never sends a reminder twice, and says
which reminders it cannot know arrived (decisions.md, Reminders and Trust)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from followup.services import directory
from followup.services.reminders import PreferenceChanges, add_webhook, preferences
from followup.services.workspace import Workspace
from followup.store.engine import make_engine
from followup.store.tables import reminders
from tests.cli.helpers import Clock
from tests.conftest import Cli
from tests.notify.helpers import customer_with_promises, ledger_rows
from tests.notify.servers import SmtpServer, WebhookReceiver
from tests.trust.kills import (
    FOLLOWUP,
    KILLS,
    SEED,
    Tally,
    Victim,
    consistent,
    environment,
    kill_repeatedly,
    report,
    schedule,
    second_database,
)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The in-process CLI's clock, before the moments the test works at."""
    return Clock(monkeypatch, "2026-08-01T06:00:00+00:00")


# -- notify -----------------------------------------------------------------------------------

AT = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 08:30 in Berlin, a Monday
MEMBERS = 15
EVENTS = 2 * 4  # anna's customer's four agenda events, to each of two webhooks


def reminder_team(cli: Cli, receiver: WebhookReceiver) -> None:
    """anna with a customer and two webhooks, and colleagues who each want a digest every
    day of the week."""
    now = AT - timedelta(hours=1)
    ws = Workspace.open(cli.db_url)
    try:
        every_day = PreferenceChanges(empty_digest=True, quiet="none")
        preferences(ws, "anna", None, replace(every_day, address="anna@example.test"), now)
        for path in ("/crm", "/chat"):
            add_webhook(ws, "anna", None, receiver.url(path), None, None, now)
        for number in range(MEMBERS):
            name = f"member{number:02}"
            directory.add_user(ws, name, "Europe/Berlin", now, f"{name}@example.test")
            preferences(ws, name, None, every_day, now)
    finally:
        ws.engine.dispose()
    customer_with_promises(cli)


def moment(round_: int, run: int) -> datetime:
    """A round of reminders is a day's; each re-run ten seconds after the one before, all
    well within the lease of a claim."""
    return AT + timedelta(days=round_, seconds=10 * run)


def deliveries(smtp: SmtpServer, receiver: WebhookReceiver) -> Counter[str]:
    """How often each reminder (by its ledger key) arrived."""
    keys = [str(mail.message["X-Followup-Reminder"]) for mail in smtp.received]
    keys += [hit.headers["X-Followup-Delivery"] for hit in receiver.hits]
    return Counter(keys)


def forget(smtp: SmtpServer, receiver: WebhookReceiver) -> None:
    with smtp.lock, receiver.lock:
        smtp.received.clear()
        receiver.hits.clear()


def only_unconfirmed(code: int, err: str) -> bool:
    """notify exits 1 when it reports reminders whose sender died (a killed run's, found
    past its lease by a later round): then every line it wrote says so."""
    return code == 0 or (code == 1 and all("unconfirmed" in line for line in err.splitlines()))


def test_killed_notify_never_sends_twice_and_reports_what_it_cannot_know(
    cli: Cli,
    fresh_db_url: str,
    smtp: SmtpServer,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """decisions.md, Reminders: at most once across a crash. A reminder whose sender was
    killed after claiming it is never sent again by itself: once its lease is over it is
    `unconfirmed` and reported; every other reminder is sent exactly once; after the user's
    `notify --retry`, every reminder has arrived, twice at most for an unconfirmed one."""

    def notifier(url: str) -> Victim:
        def command(round_: int, run: int) -> list[str]:
            return [FOLLOWUP, "notify", "--at", moment(round_, run).isoformat()]

        def progress() -> int:
            return len(smtp.received) + len(receiver.hits)

        env = environment(url, **smtp.env())
        return Victim(command, env, progress, succeeded=only_unconfirmed)

    def after_kill(tally: Tally) -> None:
        consistent(cli, moment(tally.round, tally.runs_in_round - 1).isoformat())

    reminder_team(cli, receiver)
    points = schedule(SEED, KILLS, MEMBERS + 1 + EVENTS)
    tally = kill_repeatedly(notifier(cli.db_url), points, after_kill, SEED)
    report("notify", tally, cli)
    # Past the lease, the next run settles what the killed senders left claimed.
    for name, value in smtp.env().items():
        monkeypatch.setenv(name, value)  # for the in-process runs from here on
    later = (moment(tally.round, 0) + timedelta(minutes=30)).isoformat()
    cli("notify", "--at", later, "--json", ok=False)
    consistent(cli, later)
    arrived = deliveries(smtp, receiver)
    forget(smtp, receiver)

    reference = second_database(fresh_db_url)
    reminder_team(reference, receiver)
    for round_ in range(tally.rounds):
        reference("notify", "--at", moment(round_, 0).isoformat())
    expected = deliveries(smtp, receiver)
    assert len(expected) == (MEMBERS + 1) * tally.rounds + EVENTS
    assert set(expected.values()) == {1}

    statuses = {key: status for key, status, _ in ledger_rows(cli.db_url)}
    assert set(statuses) == set(expected)
    assert set(statuses.values()) <= {"sent", "unconfirmed"}
    unconfirmed = {key for key, status in statuses.items() if status == "unconfirmed"}
    assert len(unconfirmed) <= tally.kills  # one send in flight per killed process at most
    assert max(arrived.values()) == 1  # never twice
    assert all(arrived[key] == 1 for key, status in statuses.items() if status == "sent")

    forget(smtp, receiver)
    for reminder_id in reminder_ids(cli.db_url, "unconfirmed"):
        cli("notify", "--retry", str(reminder_id), "--at", later)
    arrived += deliveries(smtp, receiver)
    assert set(arrived) == set(expected)  # everything arrived at least once
    assert {key for key, n in arrived.items() if n > 1} <= unconfirmed
    assert json.loads(cli("notify", "--at", later, "--json").stdout)["sent"] == 0
    consistent(cli, later)


def reminder_ids(url: str, status: str) -> list[int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = select(reminders.c.id).where(reminders.c.status == status)
            return [int(i) for i in conn.execute(query).scalars()]
    finally:
        engine.dispose()
