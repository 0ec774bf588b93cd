"""Crash safety: `followup import` and a script logging interactions, each killed with
SIGKILL at seeded random points (FOLLOWUP_KILLS times per operation, on SQLite and
PostgreSQL; `notify` in test_kills_notify.py). After every kill `followup db check` finds
the database consistent; run again to the end, the work is complete, nothing lost or
doubled, and the database equals that of one uninterrupted run."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from followup.store.engine import make_engine
from followup.store.tables import (
    accounts,
    commitments,
    import_records,
    interactions,
    people,
    person_emails,
    person_phones,
)
from tests.cli.helpers import Clock
from tests.conftest import Cli
from tests.trust import log_driver
from tests.trust.kills import (
    FOLLOWUP,
    KILLS,
    SEED,
    Tally,
    Victim,
    consistent,
    count,
    environment,
    kill_repeatedly,
    report,
    schedule,
    second_database,
)

BATCH = 500  # the import's batch: a killed import leaves whole batches
CARDS = 1_000


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The in-process CLI's clock, before the moments the tests work at (and the same for
    the killed database and the reference one)."""
    return Clock(monkeypatch, "2026-08-01T06:00:00+00:00")


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
