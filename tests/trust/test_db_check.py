"""`followup db check`: a workspace written by followup passes; every kind of damage done
behind its back is reported on one line each, with exit 1; `--repair` recomputes the
derived values (and nothing else) but leaves broken references to a person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select, text, update

from followup.store.engine import make_engine
from followup.store.intel_tables import service_requests
from followup.store.tables import accounts, deals, people, person_emails, reminders
from tests.cli.helpers import assert_error, rows
from tests.conftest import Cli

AT = "2026-11-23T08:00:00+00:00"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo(db_url: str) -> Cli:
    """The demo workspace (people, promises, deals, accounts, service requests, feedback)
    and two reminders in the ledger, one sent and one queued."""
    cli = Cli(db_url)
    cli("demo", "--at", AT)
    with damage(db_url) as conn:
        for number, status in enumerate(("sent", "queued")):
            conn.execute(
                insert(reminders).values(
                    key=f"digest/1/2026-11-2{number}", user_id=1, channel="email", kind="digest",
                    status=status, attempts=1, not_before=NOW, created_at=NOW, updated_at=NOW,
                    sent_at=NOW if status == "sent" else None,
                )
            )  # fmt: skip
    return cli


@contextmanager
def damage(url: str, references: bool = False) -> Iterator[Connection]:
    """A transaction that writes behind followup's back (with `references`, one that may
    break foreign keys: SQLite's check off, PostgreSQL's triggers off for the session)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if references:
                off = (
                    "PRAGMA foreign_keys=OFF" if sqlite else "SET session_replication_role=replica"
                )
                conn.exec_driver_sql(off)
                conn.commit()
            with conn.begin():
                yield conn
            conn.invalidate()  # the setting must not return to the pool
    finally:
        engine.dispose()


def check(cli: Cli, *options: str) -> tuple[int, dict[str, Any]]:
    result = cli("db", "check", "--at", AT, "--json", *options, ok=False)
    assert result.stderr == ""
    return result.exit_code, json.loads(result.stdout)


def test_a_workspace_written_by_followup_holds_together(demo: Cli) -> None:
    code, report = check(demo)
    assert (code, report["ok"], report["problems"]) == (0, True, [])
    assert report["checked"]["people"] > 30 and report["checked"]["deals"] >= 2
    assert report["checked"]["accounts"] >= 5 and report["checked"]["service_requests"] >= 1
    result = demo("db", "check", "--at", AT)
    assert result.stdout.startswith("Checked ") and result.stdout.endswith("no problems.\n")


def test_imported_accounts_get_their_check_in(cli: Cli, tmp_path: Any) -> None:
    """Found by the check: an account created by an import had no satisfaction check-in."""
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed Zulu\r\nORG:Brand New Co\r\nEND:VCARD\r\n"
    (tmp_path / "one.vcf").write_text(card)
    cli("import", str(tmp_path / "one.vcf"))
    code, report = check(cli)
    assert (code, report["problems"], report["checked"]["accounts"]) == (0, [], 1)


def _first(conn: Connection, table: Any, *where: Any) -> int:
    return int(
        conn.execute(select(table.c.id).where(*where).order_by(table.c.id).limit(1)).scalar_one()
    )


def test_every_kind_of_damage_is_one_line_and_repair_recomputes_it(demo: Cli) -> None:
    before = rows(demo.db_url)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    with damage(demo.db_url) as conn:
        due = _first(conn, people, people.c.next_due_at.is_not(None), people.c.id > 1)
        conn.execute(update(people).where(people.c.id == due).values(next_due_at=long_ago))
        touched = _first(conn, people, people.c.last_contact_at.is_not(None), people.c.id > due)
        conn.execute(update(people).where(people.c.id == touched).values(last_contact_at=None))
        replied = _first(conn, people, people.c.last_reply_at.is_not(None), people.c.id > touched)
        conn.execute(update(people).where(people.c.id == replied).values(unanswered_attempts=7))
        conn.execute(update(people).where(people.c.id == 1).values(search_name="nobody"))
        deal = _first(conn, deals, deals.c.next_due_at.is_not(None))
        conn.execute(update(deals).where(deals.c.id == deal).values(next_due_at=None))
        conn.execute(update(accounts).where(accounts.c.id == 1).values(checkin_due_at=long_ago))
        request = _first(conn, service_requests)
        conn.execute(
            update(service_requests)
            .where(service_requests.c.id == request)
            .values(alert_at=long_ago)
        )
        conn.execute(
            update(reminders)
            .where(reminders.c.status == "queued")
            .values(status="sending", claim="host:1:dead", claimed_at=NOW - timedelta(hours=1))
        )
    result = demo("db", "check", "--at", AT, ok=False)
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    expected = [
        f"person #{due} stores next_due_at 2020-01-01T00:00:00+00:00, recomputed ",
        f"person #{touched} stores touches (last contact none, ",
        f"person #{replied} stores replies (last reply ",
        "person #1 stores search_name 'nobody', recomputed ",
        f"deal #{deal} stores next_due_at none, recomputed ",
        "account #1 stores next check-in 2020-01-01T00:00:00+00:00 (last feedback ",
        f"service request #{request} stores due ",
        "reminder #2 (digest/1/2026-11-21) was claimed by host:1:dead at ",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    assert len(lines) == len(expected) + 1, lines  # and the summary
    assert lines[-1].endswith(
        f": {len(expected)} problems, {len(expected)} of them fixed by "
        "'followup db check --repair'."
    )
    code, report = check(demo, "--repair")
    assert (code, report["ok"], report["repaired"]) == (0, True, len(expected))
    code, report = check(demo)
    assert (code, report["problems"]) == (0, [])
    after = rows(demo.db_url)
    # The repair recomputed derived columns and settled the dead claim; nothing else moved.
    assert {t: r for t, r in after.items() if t not in CHANGED} == {
        t: r for t, r in before.items() if t not in CHANGED
    }
    assert next(r for r in after["reminders"] if r[0] == 2)[7] == "unconfirmed"


CHANGED = {"people", "deals", "accounts", "service_requests", "reminders"}


def test_a_broken_reference_is_reported_and_never_repaired(demo: Cli) -> None:
    with damage(demo.db_url, references=True) as conn:
        conn.execute(insert(person_emails).values(person_id=99_999, email="ghost@example.test"))
        conn.execute(update(people).where(people.c.id == 2).values(account_id=88_888))
        conn.execute(update(reminders).where(reminders.c.status == "sent").values(sent_at=None))
        conn.execute(update(reminders).where(reminders.c.status == "queued").values(sent_at=NOW))
    code, report = check(demo, "--repair")
    assert code == 1 and not report["ok"] and report["repaired"] == 0
    ledger = [p["message"] for p in report["problems"] if p["check"] == "reminder"]
    assert ledger == [
        "reminder #1 (digest/1/2026-11-20) is sent with no sent time",
        "reminder #2 (digest/1/2026-11-21) is queued yet recorded as sent",
    ]
    messages = sorted(p["message"] for p in report["problems"] if p["check"] == "reference")
    assert len(messages) == 2
    assert messages[0].startswith("people row 2: account_id 88888 names no row of accounts")
    assert messages[1].endswith(": person_id 99999 names no row of people")
    assert all(not p["repairable"] for p in report["problems"] if p["check"] == "reference")
    result = demo("db", "check", "--at", AT, ok=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].endswith(": 4 problems.")
    result = demo("db", "check", "--at", AT, "--repair", ok=False)
    assert result.exit_code == 1 and "left (broken references need a person" in result.stdout


def test_a_claim_within_its_lease_is_no_problem(demo: Cli) -> None:
    with damage(demo.db_url) as conn:
        conn.execute(
            update(reminders)
            .where(reminders.c.status == "queued")
            .values(status="sending", claim="host:1:busy", claimed_at=NOW - timedelta(minutes=5))
        )
    assert check(demo)[0] == 0


def test_bad_input_is_one_line_and_writes_nothing(demo: Cli) -> None:
    before = rows(demo.db_url)
    assert_error(demo("db", "check", "--at", "someday", ok=False), "someday")
    assert rows(demo.db_url) == before


def test_an_empty_database_is_refused_clearly(fresh_db_url: str) -> None:
    result = Cli(fresh_db_url)("db", "check", ok=False)
    assert_error(result, "followup init")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_checks_references_with_its_own_pragma(demo: Cli) -> None:
    """On SQLite the check is SQLite's own (PRAGMA foreign_key_check), so it sees what the
    database enforces, whatever the code's table definitions say."""
    with damage(demo.db_url, references=True) as conn:
        conn.execute(text("INSERT INTO person_phones (person_id, phone) VALUES (77777, '+1')"))
    code, report = check(demo)
    assert code == 1
    [problem] = report["problems"]
    assert problem["table"] == "person_phones" and "77777" in problem["message"]


def test_a_kept_agenda_a_change_did_not_end_is_found_and_repaired(demo: Cli) -> None:
    """Kept agendas are derived data: a change made with the triggers gone leaves one wrong;
    the check names the table without its triggers and the agenda, and repairs both."""
    kept = demo.json("today", "--at", AT)["items"]
    promise = next(i["commitment_id"] for i in kept if i["kind"] == "our_commitment")
    with damage(demo.db_url) as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql('DROP TRIGGER "agendas_stale_commitments_update"')
        else:
            conn.exec_driver_sql('DROP TRIGGER "agendas_stale_commitments" ON commitments')
        conn.execute(
            text("UPDATE commitments SET what = 'the signed NDA' WHERE id = :i"), {"i": promise}
        )
    assert demo.json("today", "--at", AT)["items"] == kept  # wrong: the promise changed
    code, report = check(demo)
    assert code == 1
    assert [(p["check"], p["table"], p["repairable"]) for p in report["problems"]] == [
        ("agenda triggers", "commitments", True),
        ("kept agenda", "prepared_agendas", True),
    ]
    assert "user anna's kept agenda" in report["problems"][1]["message"]
    assert check(demo, "--repair")[0] == 0
    code, report = check(demo)
    assert (code, report["problems"]) == (0, [])
    [changed] = [
        i for i in demo.json("today", "--at", AT)["items"] if i["commitment_id"] == promise
    ]
    assert "the signed NDA" in changed["reason"]
