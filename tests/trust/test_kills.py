"""Crash safety: `followup import`, a script logging interactions and `followup notify`, each
killed with SIGKILL at seeded random points (FOLLOWUP_KILLS times per operation, on SQLite
and PostgreSQL). After every kill `followup db check` finds the database consistent; run
again to the end, the work is complete, nothing lost or doubled, and the database equals
that of one uninterrupted run."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from followup.services import directory
from followup.services.reminders import PreferenceChanges, add_webhook, preferences
from followup.services.workspace import Workspace
from followup.store.engine import make_engine
from followup.store.schema import upgrade
from followup.store.tables import (
    accounts,
    commitments,
    import_records,
    interactions,
    people,
    person_emails,
    person_phones,
    reminders,
)
from tests.cli.helpers import Clock
from tests.conftest import Cli
from tests.notify.helpers import customer_with_promises, ledger_rows
from tests.notify.servers import SmtpServer, WebhookReceiver
from tests.trust import log_driver
from tests.trust.kills import (
    FOLLOWUP,
    KILLS,
    SEED,
    SURVIVED,
    Tally,
    Victim,
    kill_repeatedly,
    schedule,
)

BATCH = 500  # the import's batch: a killed import leaves whole batches
CARDS = 1_000


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The in-process CLI's clock, before the moments the tests work at (and the same for
    the killed database and the reference one)."""
    return Clock(monkeypatch, "2026-08-01T06:00:00+00:00")


def consistent(cli: Cli, at: str | None = None) -> None:
    """`followup db check` finds nothing wrong."""
    result = cli("db", "check", "--json", *(["--at", at] if at else []), ok=False)
    assert result.exit_code == 0, result.stdout


def count(url: str, table: Any, *where: Any) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = select(func.count()).select_from(table).where(*where)
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def environment(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    return {**env, "FOLLOWUP_DB": url, "FOLLOWUP_USER": "anna", **extra}


def second_database(fresh_db_url: str) -> Cli:
    """Another database of the same backend, with anna, for the uninterrupted run."""
    engine = make_engine(fresh_db_url)
    upgrade(engine)
    engine.dispose()
    reference = Cli(fresh_db_url)
    reference("user", "add", "anna", "--tz", "Europe/Berlin", "--role", "admin")
    return reference


def report(operation: str, tally: Tally, cli: Cli) -> None:
    backend = cli.db_url.split(":", 1)[0].split("+")[0]
    SURVIVED.append(f"{operation} on {backend}: {tally}")
    assert tally.kills >= 1, f"{operation}: no kill landed ({tally})"


# -- import ----------------------------------------------------------------------------------------


def cards(path: Path, round_: int) -> Path:
    """A file of distinct people (new ones each round); every tenth has only a name, which
    only the ledger can recognise; every tenth another works at a company of their own (a
    new account each)."""
    if path.exists():
        return path
    lines = []
    for i in range(round_ * CARDS, (round_ + 1) * CARDS):
        contact = (
            "" if i % 10 == 0 else f"EMAIL:p{i}@kill.example\r\nTEL:+49 151 {20000000 + i}\r\n"
        )
        company = f"ORG:Company {i:05d}\r\n" if i % 10 == 5 else ""
        lines.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05d}\r\n{company}{contact}END:VCARD\r\n"
        )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def imported(url: str) -> list[tuple[Any, ...]]:
    """Everything an import wrote, without ids or times: equal for equal imports."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = (
                select(people.c.id, people.c.name, people.c.triage, accounts.c.name)
                .outerjoin(accounts, accounts.c.id == people.c.account_id)
                .order_by(people.c.name)
            )
            found = []
            for pid, name, triage, account in conn.execute(query):
                emails = conn.execute(
                    select(person_emails.c.email).where(person_emails.c.person_id == pid)
                ).scalars()
                phones = conn.execute(
                    select(person_phones.c.phone).where(person_phones.c.person_id == pid)
                ).scalars()
                promises = conn.execute(
                    select(commitments.c.what).where(commitments.c.person_id == pid)
                ).scalars()
                found.append((name, triage, account, *map(sorted, (emails, phones, promises))))
            return found
    finally:
        engine.dispose()


def test_a_killed_import_is_consistent_and_a_rerun_completes_it(
    cli: Cli, fresh_db_url: str, tmp_path: Path
) -> None:
    def importer(url: str) -> Victim:
        def command(round_: int, _run: int) -> list[str]:
            path = cards(tmp_path / f"cards-{round_}.vcf", round_)
            return [FOLLOWUP, "import", str(path), "--triage", "meet", "--json"]

        return Victim(command, environment(url), lambda: count(url, import_records))

    def after_kill(tally: Tally) -> None:
        consistent(cli)
        done = count(cli.db_url, people)
        assert done % BATCH == 0 and done == count(cli.db_url, import_records), tally
        with_contacts = done - done // 10
        assert count(cli.db_url, person_emails) == with_contacts, tally

    tally = kill_repeatedly(importer(cli.db_url), schedule(SEED, KILLS, CARDS), after_kill, SEED)
    report("import", tally, cli)
    consistent(cli)
    final = imported(cli.db_url)
    assert len(final) == len({row[0] for row in final}) == CARDS * tally.rounds  # nobody twice
    reference = second_database(fresh_db_url)
    for round_ in range(tally.rounds):
        path = cards(tmp_path / f"cards-{round_}.vcf", round_)
        reference("import", str(path), "--triage", "meet", "--json")
    assert final == imported(reference.db_url)


# -- log -------------------------------------------------------------------------------------------

LOGS = 200


def log_setup(cli: Cli) -> None:
    """The driver's twelve people in four countries, every third with an agreed rhythm."""
    for number in range(log_driver.PEOPLE):
        name = f"Kill Person {number:02d}"
        cli("person", "add", name, "--country", ("DE", "US", "JP", "BR")[number % 4])
        if number % 3 == 0:
            cli("agree", name, "--every", "14d", "--min-gap", "3d")


def logged(url: str) -> list[tuple[Any, ...]]:
    """Each person's stored follow-up state, interactions and promises, without ids."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            state = [people.c[name] for name in ("name", "last_contact_at", "last_attempt_at")]
            state += [people.c[name] for name in ("last_reply_at", "unanswered_attempts")]
            state += [people.c.silent_since, people.c.next_due_at, people.c.id]
            found = []
            for row in conn.execute(select(*state).order_by(people.c.name)):
                notes = conn.execute(
                    select(interactions.c.notes).where(interactions.c.person_id == row.id)
                ).scalars()
                promises = conn.execute(
                    select(commitments.c.side, commitments.c.what, commitments.c.due_at).where(
                        commitments.c.person_id == row.id
                    )
                ).all()
                found.append((*row[:-1], sorted(notes), sorted(map(tuple, promises))))
            return found
    finally:
        engine.dispose()


def test_killed_logging_is_consistent_and_a_rerun_logs_each_touch_once(
    cli: Cli, fresh_db_url: str
) -> None:
    def driver(url: str) -> Victim:
        def command(round_: int, _run: int) -> list[str]:  # each round, LOGS more
            return [sys.executable, "-m", "tests.trust.log_driver", url, str(LOGS * (round_ + 1))]

        marked = interactions.c.notes.like(f"{log_driver.MARK}%")
        return Victim(command, environment(url), lambda: count(url, interactions, marked))

    log_setup(cli)
    points = schedule(SEED, KILLS, LOGS)
    tally = kill_repeatedly(driver(cli.db_url), points, lambda _tally: consistent(cli), SEED)
    report("log", tally, cli)
    consistent(cli)
    final = logged(cli.db_url)
    markers = Counter(note for person in final for note in person[-2])
    assert len(markers) == LOGS * tally.rounds and set(markers.values()) == {1}  # each once
    reference = second_database(fresh_db_url)
    log_setup(reference)
    log_driver.main(reference.db_url, LOGS * tally.rounds)
    assert final == logged(reference.db_url)


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
