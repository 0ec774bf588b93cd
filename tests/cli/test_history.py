"""`followup history`: the audit trail of a person, an account and a deal through the real
CLI, on SQLite and PostgreSQL; who acted, field by field, newest first; bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.deal_helpers import japanese_deal
from tests.cli.helpers import doc, rows
from tests.conftest import Cli

KEYS = {"id", "at", "actor", "action", "table", "row", "before", "after", "changed"}


def hans(cli: Cli) -> None:
    cli("account", "add", "Braun GmbH", "--country", "DE")
    cli("person", "add", "Hans Braun", "--email", "hans@braun.example",
        "--account", "Braun GmbH", "--stage", "prospect")  # fmt: skip
    cli("log", "Hans Braun", "--kind", "call", "--at", "2026-11-10T10:00",
        "--notes", "Discussed pricing", "--we", "send proposal by 2026-11-20")  # fmt: skip


def changes(cli: Cli, *args: str) -> list[dict[str, Any]]:
    found = doc(cli, "history", *args)["changes"]
    assert isinstance(found, list)
    return found


def test_a_persons_history_field_by_field_newest_first(cli: Cli) -> None:
    hans(cli)
    cli("person", "edit", "Hans Braun", "--stage", "customer")
    cli("commit", "done", "1")
    document = doc(cli, "history", "hans@braun.example")
    assert document["subject"] == {"kind": "person", "id": 1, "name": "Hans Braun"}
    found = document["changes"]
    assert [(c["action"], c["table"]) for c in found] == [
        ("update", "commitments"),
        ("update", "people"),
        ("insert", "commitments"),
        ("insert", "interactions"),
        ("insert", "person_emails"),
        ("insert", "people"),
    ]
    assert [c["id"] for c in found] == sorted((c["id"] for c in found), reverse=True)
    assert all(set(c) == KEYS and c["actor"] == "anna" for c in found)
    done, stage = found[0], found[1]
    assert stage["changed"] == ["stage"] and stage["row"] == "1"
    assert (stage["before"]["stage"], stage["after"]["stage"]) == ("prospect", "customer")
    assert done["changed"] == ["status", "closed_at"]  # an update keeps what changed
    assert set(done["before"]) == {"status"} and set(done["after"]) == {"status", "closed_at"}
    assert found[2]["after"]["all_day"] is True  # an insert keeps the row, NULLs left out
    assert "closed_at" not in found[2]["after"]
    assert found[3]["after"]["at"] == "2026-11-10T09:00:00+00:00"  # one form on both backends
    assert [c["id"] for c in changes(cli, "Hans Braun", "--limit", "2")] == [
        c["id"] for c in found[:2]
    ]


def test_the_human_history_says_what_changed_not_json(cli: Cli) -> None:
    hans(cli)
    cli("person", "edit", "Hans Braun", "--stage", "customer", "--notes", "Prefers calls")
    shown = " ".join(cli("history", "Hans Braun").stdout.split())
    assert "changed person #1" in shown and "stage: prospect → customer" in shown
    assert "notes: — → Prefers calls" in shown and "added email #1" in shown
    assert "{" not in shown and '"' not in shown


def test_recomputed_fields_are_no_change(cli: Cli) -> None:
    """The agenda recomputes next_due_at and friends all the time: nothing recorded."""
    hans(cli)
    before = changes(cli, "Hans Braun")
    cli("today", "--at", "2026-11-23T08:00")
    cli("log", "Hans Braun", "--kind", "email", "--at", "2026-11-21T10:00")
    after = changes(cli, "Hans Braun")
    assert [(c["action"], c["table"]) for c in after[: len(after) - len(before)]] == [
        ("insert", "interactions")
    ]


def test_the_actor_is_the_acting_user(cli: Cli) -> None:
    hans(cli)
    cli("user", "add", "mia", "--tz", "America/New_York")
    cli("--as", "mia", "person", "edit", "Hans Braun", "--title", "CTO")
    latest = changes(cli, "Hans Braun", "--limit", "1")[0]
    assert (latest["actor"], latest["changed"]) == ("mia", ["title"])
    users = changes(cli, "--account", "Braun GmbH")
    assert users[-1]["actor"] == "anna"  # the account, added by anna


def test_an_accounts_history_holds_its_people_and_itself(cli: Cli) -> None:
    hans(cli)
    cli("person", "add", "Petra Lang", "--account", "Braun GmbH")
    cli("feedback", "Braun GmbH", "--score", "8", "--from", "Hans Braun")
    document = doc(cli, "history", "--account", "braun gmbh")
    assert document["subject"] == {"kind": "account", "id": 1, "name": "Braun GmbH"}
    tables = [(c["action"], c["table"], c["row"]) for c in document["changes"]]
    assert tables[-1] == ("insert", "accounts", "1")
    assert set(tables) >= {
        ("insert", "people", "1"),
        ("insert", "people", "2"),
        ("insert", "feedback", "1"),
    }
    assert ("insert", "interactions", "1") not in tables  # Hans's, not the account's


def test_a_deals_history_holds_its_people_plan_and_dependencies(cli: Cli) -> None:
    deal = japanese_deal(cli)
    first = doc(cli, "plan", "add", str(deal["id"]), "Pilot on line 3", "--due", "2027-03-01")
    later = doc(cli, "plan", "add", str(deal["id"]), "Roll-out", "--due", "2027-04-01",
                "--after", str(first["id"]))  # fmt: skip
    cli("deal", "person", str(deal["id"]), "Hiroshi Sato", "--remove")
    found = changes(cli, "--deal", str(deal["id"]))
    seen = {(c["action"], c["table"]) for c in found}
    assert {("insert", "deals"), ("insert", "deal_people"), ("delete", "deal_people"),
            ("insert", "milestones"), ("insert", "milestone_dependencies")} <= seen  # fmt: skip
    dependency = next(c for c in found if c["table"] == "milestone_dependencies")
    assert dependency["row"] == f"{later['id']}/{first['id']}"
    keiko = changes(cli, "Keiko Tanaka")
    assert ("insert", "deal_people") in {(c["action"], c["table"]) for c in keiko}


@pytest.mark.parametrize(
    "args, message",
    [
        (("Nobody Here",), "unknown person 'Nobody Here'"),
        (("#99",), "unknown person #99"),
        (("--account", "Nowhere"), "unknown account 'Nowhere'"),
        (("--deal", "99"), "unknown deal #99"),
        ((), "name one person, or one account"),
        (("Hans Braun", "--account", "Braun GmbH"), "name one person, or one account"),
        (("Hans Braun", "--limit", "0"), "--limit must be between 1 and 1000"),
        (("Hans Braun", "--limit", "1001"), "--limit must be between 1 and 1000"),
    ],
)
def test_bad_input_is_one_clear_line_and_writes_nothing(
    cli: Cli, db_url: str, args: tuple[str, ...], message: str
) -> None:
    hans(cli)
    before = rows(db_url)
    result = cli("history", *args, ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(db_url) == before


def test_an_ambiguous_person_lists_the_candidates(cli: Cli) -> None:
    cli("person", "add", "Anna Schmidt", "--email", "a1@x.example")
    cli("person", "add", "Anna Schmidt", "--email", "a2@x.example")
    result = cli("history", "Anna Schmidt", ok=False)
    assert "matches 2 people: #1 Anna Schmidt, #2 Anna Schmidt" in result.stderr


def test_the_demo_is_recorded_without_an_actor(db_url: str) -> None:
    cli = Cli(db_url)
    cli("demo", "--at", "2026-11-23T08:00")
    assert {c["actor"] for c in changes(cli, "--account", "1", "--limit", "1000")} == {None}


def test_a_restore_brings_the_trail_and_adds_nothing(
    cli: Cli, backend: str, fresh_db_url: str, tmp_path: Path
) -> None:
    hans(cli)
    cli("person", "edit", "Hans Braun", "--stage", "customer")
    archive = tmp_path / "a.jsonl"
    cli("backup", str(archive))
    target = Cli(fresh_db_url)
    target("restore", str(archive))
    assert rows(fresh_db_url)["audit_log"] == rows(cli.db_url)["audit_log"]
    assert changes(target, "Hans Braun") == changes(cli, "Hans Braun")
