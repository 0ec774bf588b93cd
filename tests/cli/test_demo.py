"""`followup demo`: a rich, credible workspace on any day, loaded whole or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from followup.services.workspace import Workspace, refresh_due
from followup.store.tables import people
from tests.conftest import Cli

GULF = {"AE", "SA", "QA", "KW", "BH", "OM"}
# Now, plus moments that stress the calendar: Berlin's DST changes (spring and autumn),
# late evening (Asia is already tomorrow), New Year's Eve, a Saturday and a Monday.
MOMENTS = [
    None,
    "2026-03-29T08:00",
    "2026-10-25T01:30",
    "2026-06-10T23:45",
    "2025-12-31T23:30",
    "2026-06-13T11:00",
    "2026-02-02T07:00",
]


def _document(cli: Cli, *args: str) -> dict[str, Any]:
    document = cli.json(*args)
    assert isinstance(document, dict)
    return document


def _at(moment: str | None) -> list[str]:
    return ["--at", moment] if moment else []


def _snapshot(cli: Cli) -> dict[str, Any]:
    return {
        "users": _document(cli, "user", "list"),
        "accounts": _document(cli, "account", "list"),
        "people": _document(cli, "person", "list"),
    }


def test_the_main_users_agenda_shows_the_whole_mix(db_url: str) -> None:
    _assert_whole_mix(Cli(db_url), None)


# The calendar does not depend on the database: these run on SQLite only, for speed.
@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("moment", MOMENTS[1:])
def test_the_mix_holds_on_awkward_days(db_url: str, moment: str) -> None:
    _assert_whole_mix(Cli(db_url), moment)


def _assert_whole_mix(cli: Cli, moment: str | None) -> None:
    cli("demo", *_at(moment))
    agenda = _document(cli, "today", "--user", "anna", *_at(moment))
    kinds = {item["kind"] for item in agenda["items"]}
    assert {"our_commitment", "their_commitment", "cadence"} <= kinds
    # The intelligence rules: a request running out, a check-in, a contact gone dark.
    assert {"service_request", "satisfaction", "going_dark"} <= kinds
    assert any(
        w.startswith("etiquette (") for w in (w for i in agenda["items"] for w in i["warnings"])
    )
    warnings = [w for item in agenda["items"] for w in item["warnings"]]
    assert any(w.startswith("too soon") for w in warnings)
    assert any("is snoozed until" in w for w in warnings)
    assert any(" ahead of you" in w or " behind you" in w for w in warnings)
    assert any(item["overdue_days"] > 0 for item in agenda["items"])
    assert 8 <= len(agenda["items"]) <= 25


def test_people_come_from_accounts_in_every_region(db_url: str) -> None:
    cli = Cli(db_url)
    summary = _document(cli, "demo")
    accounts = _document(cli, "account", "list")["accounts"]
    countries = {a["country"] for a in accounts if a["people"] > 0}
    assert {"US", "DE", "JP", "IN"} <= countries
    assert countries & GULF
    listed = _document(cli, "person", "list")["people"]
    assert len(listed) == summary["people"] >= 30
    assert {p["owner"] for p in listed} == {"anna", "mike", "kenji", "omar"}


def test_loading_into_a_workspace_with_people_is_refused(db_url: str) -> None:
    cli = Cli(db_url)
    cli("demo")
    before = _snapshot(cli)
    result = cli("demo", ok=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "use --reset" in result.stderr
    assert result.stdout == ""
    assert _snapshot(cli) == before


def test_reset_replaces_the_workspace(db_url: str) -> None:
    cli = Cli(db_url)
    cli("user", "add", "someone", "--tz", "UTC")
    someone = Cli(db_url, login="someone")
    someone("person", "add", "A Stranger", "--email", "stranger@elsewhere.example")
    first = _document(cli, "demo", "--reset")
    second = _document(cli, "demo", "--reset")
    keys = ("users", "accounts", "people", "interactions", "commitments")
    assert {k: first[k] for k in keys} == {k: second[k] for k in keys}
    names = [p["name"] for p in _document(cli, "person", "list")["people"]]
    assert len(names) == len(set(names)) == second["people"]
    assert "A Stranger" not in names
    users = [u["name"] for u in _document(cli, "user", "list")["users"]]
    assert sorted(users) == ["anna", "kenji", "mike", "omar"]


def test_demo_creates_the_schema_in_an_empty_database(fresh_db_url: str) -> None:
    cli = Cli(fresh_db_url)
    result = cli("demo")
    assert "FOLLOWUP_USER=anna" in result.stdout
    assert _document(cli, "today", "--user", "anna")["items"]


def test_every_stored_next_due_matches_a_recomputation(db_url: str) -> None:
    summary = _document(Cli(db_url), "demo")
    at = datetime.fromisoformat(summary["at"])
    ws = Workspace.open(db_url)
    try:
        with ws.engine.connect() as conn, conn.begin() as transaction:
            stored = dict(conn.execute(select(people.c.id, people.c.next_due_at)).all())
            assert len(stored) == summary["people"]
            for person_id, due in stored.items():
                assert refresh_due(ws, conn, person_id, at) == due, person_id
            transaction.rollback()
    finally:
        ws.engine.dispose()


def test_a_demo_that_fails_halfway_leaves_nothing_behind(db_url: str) -> None:
    cli = Cli(db_url)
    cli("user", "add", "kenji", "--tz", "Asia/Tokyo")
    result = cli("demo", ok=False)
    assert result.exit_code == 1
    assert "user 'kenji' already exists; use --reset" in result.stderr
    users = [u["name"] for u in _document(cli, "user", "list")["users"]]
    assert users == ["kenji"]
    assert _document(Cli(db_url, login="kenji"), "account", "list")["accounts"] == []
