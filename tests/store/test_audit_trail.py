"""The audit trail at the database level, on SQLite and PostgreSQL: every audited table has
the triggers its columns call for, the trail refuses to be changed, bookkeeping and secrets
never reach it, and it knows who acted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, MetaData, select, text
from sqlalchemy.exc import DBAPIError

from followup.domain.model import Role, Touches
from followup.services import access, people
from followup.services.directory import add_user
from followup.services.workspace import Workspace
from followup.store import audit
from followup.store import people as people_store
from followup.store.audit_tables import (
    AUDITED,
    BOOKKEEPING,
    OPERATIONAL,
    SECRET,
    audit_log,
    trigger_spec,
)
from followup.store.audit_triggers import statements
from followup.store.engine import make_engine
from followup.store.schema import upgrade
from followup.store.tables import metadata

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_every_table_is_audited_or_named_operational() -> None:
    """A new table forces a decision: audit it, or say why it is bookkeeping."""
    tables = set(metadata.tables)
    assert set(AUDITED) | OPERATIONAL == tables
    assert not set(AUDITED) & OPERATIONAL


def trigger_problems(conn: Connection) -> list[str]:
    """Audited tables whose installed triggers do not record exactly their columns that
    are neither bookkeeping nor secret (as the database has them now)."""
    reflected = MetaData()
    reflected.reflect(bind=conn, only=list(AUDITED))
    problems = []
    for name in AUDITED:
        spec = trigger_spec(reflected.tables[name])
        installed = _installed(conn, name)
        if conn.dialect.name == "sqlite":
            expected = dict(zip(_names(name), statements("sqlite", name, spec), strict=True))
        else:
            expected = {n: spec for n in _names(name)}
        if installed != expected:
            problems.append(name)
    return problems


def _names(table: str) -> list[str]:
    return [f"audit_{table}_{action}" for action in ("insert", "update", "delete")]


def _installed(conn: Connection, table: str) -> dict[str, Any]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
        found = conn.execute(text(query), {"t": table})
        return {name: sql for name, sql in found if name.startswith("audit_")}
    query = (
        "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = CAST(:t AS regclass) AND NOT tgisinternal"
    )
    found = {}
    for name, definition in conn.execute(text(query), {"t": table}):
        if not name.startswith("audit_"):
            continue  # the prepared agendas' staleness triggers (tests/store/test_prepared.py)
        spec = json.loads(re.search(r"followup_audit\('(.*)'\)$", definition).group(1))  # type: ignore[union-attr]
        if name.endswith("_update"):  # it fires on exactly the recorded columns
            listed = re.search(r"UPDATE OF (.*?) ON ", definition).group(1)  # type: ignore[union-attr]
            assert [c.strip('"') for c in listed.split(", ")] == spec["columns"]
        found[name] = spec
    return found


@pytest.fixture
def own_workspace(fresh_db_url: str) -> Iterator[Workspace]:
    """A database of its own, for tests that change the schema (the PostgreSQL template
    database is shared by the other tests)."""
    upgrade(make_engine(fresh_db_url))
    ws = Workspace.open(fresh_db_url)
    yield ws
    ws.engine.dispose()


def test_at_head_every_audited_table_has_its_triggers(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        assert trigger_problems(conn) == []


def test_a_migration_that_rebuilds_a_table_and_forgets_its_triggers_is_caught(
    own_workspace: Workspace,
) -> None:
    """A table rebuilt in batch mode (as SQLite's migrations do) loses its triggers."""
    with own_workspace.engine.begin() as conn:
        operations = Operations(MigrationContext.configure(conn))
        with operations.batch_alter_table("person_phones", recreate="always") as batch:
            batch.alter_column("phone", existing_type=metadata.tables["person_phones"].c.phone.type)
        assert trigger_problems(conn) == ["person_phones"]


def test_the_version_column_is_bookkeeping(own_workspace: Workspace) -> None:
    """Revision 0010 added `version` (optimistic locking) to the edited tables: bumping the
    version alone is no change of the data."""
    assert "version" in BOOKKEEPING
    workspace = own_workspace
    person = _hans(workspace)
    with workspace.engine.begin() as conn:
        assert trigger_problems(conn) == []
        conn.exec_driver_sql(
            "INSERT INTO commitments (person_id, side, what, due_at, all_day, status, agreed, "
            f"point, created_at) VALUES ({person}, 'us', 'send proposal', '2026-11-30 00:00:00', "
            "FALSE, 'open', FALSE, 'next_step', '2026-11-23 00:00:00')"
        )
    before = _count(workspace)
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE commitments SET version = version + 1")
    assert _count(workspace) == before
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE commitments SET what = 'send the proposal', version = 3")
    assert _last(workspace)["changed"] == ["what"]


def _hans(ws: Workspace) -> int:
    user = add_user(ws, "anna", "Europe/Berlin", NOW, role=Role.ADMIN)
    fields = people.PersonFields(name="Hans Braun", emails=["hans@braun.example"])
    return int(people.add_person(ws.acting_as(user), fields, NOW, "anna")["id"])


def _count(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT COUNT(*) FROM audit_log").scalar_one())


def _last(ws: Workspace) -> dict[str, Any]:
    from followup.services.history import change_document
    from followup.store.history import change_from_row

    with ws.engine.connect() as conn:
        row = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(1)).one()
    return change_document(change_from_row(row))


def _raw(ws: Workspace, statement: str) -> None:
    with ws.engine.begin() as conn:
        conn.exec_driver_sql(statement)


def test_the_trail_cannot_be_changed_or_deleted(workspace: Workspace) -> None:
    person = _hans(workspace)
    with workspace.engine.connect() as conn:
        kept = conn.execute(text("SELECT * FROM audit_log ORDER BY id")).all()
    for statement in (
        "UPDATE audit_log SET actor = 'mallory'",
        "UPDATE audit_log SET before = NULL, after = NULL",
        "DELETE FROM audit_log",
        f"DELETE FROM audit_log WHERE person_id = {person}",
    ):
        with pytest.raises(DBAPIError, match="the audit trail cannot be changed"):
            _raw(workspace, statement)
    with workspace.engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM audit_log ORDER BY id")).all() == kept


def test_forgetting_allows_only_blanking_that_persons_rows(workspace: Workspace) -> None:
    hans = _hans(workspace)
    other = people.add_person(workspace, people.PersonFields(name="Petra Lang"), NOW, "anna")
    blank = "UPDATE audit_log SET before = NULL, after = NULL WHERE person_id = {}"
    for statement in (
        blank.format(other["id"]),
        f"UPDATE audit_log SET actor = 'mallory' WHERE person_id = {hans}",
        f"UPDATE audit_log SET after = '{{}}' WHERE person_id = {hans}",
        f"DELETE FROM audit_log WHERE person_id = {hans}",
    ):
        with (
            pytest.raises(DBAPIError, match="the audit trail cannot be changed"),
            workspace.engine.begin() as conn,
        ):
            audit.forgetting(conn, hans)
            conn.exec_driver_sql(statement)
    with workspace.engine.begin() as conn:
        audit.forgetting(conn, hans)
        conn.exec_driver_sql(blank.format(hans))
    with workspace.engine.connect() as conn:
        left = conn.exec_driver_sql(
            "SELECT person_id, after IS NULL FROM audit_log WHERE person_id IS NOT NULL"
        ).all()
    assert sorted(set(left)) == sorted({(hans, True), (other["id"], False)})


def test_bookkeeping_and_secrets_never_reach_the_trail(workspace: Workspace) -> None:
    person = _hans(workspace)
    before = _count(workspace)
    with workspace.transaction() as conn:  # what the agenda recomputes all the time
        people_store.store_follow_up_state(conn, person, Touches(NOW, NOW), NOW, NOW)
    access.set_password(workspace, "anna", "correct horse battery")
    assert _count(workspace) == before
    token = access.add_token(workspace, "anna", "laptop", NOW)
    added = _last(workspace)
    assert (added["table"], added["action"]) == ("api_tokens", "insert")
    assert "digest" not in added["after"] and added["after"]["name"] == "laptop"
    with workspace.engine.connect() as conn:
        trail = " ".join(r[0] or "" for r in conn.exec_driver_sql("SELECT after FROM audit_log"))
    assert token["token"] not in trail and "argon2" not in trail
    assert not {c for c in SECRET if f'"{c}"' in trail}


def test_the_actor_is_who_the_workspace_acts_as(workspace: Workspace, backend: str) -> None:
    _hans(workspace)  # added acting as anna; anna herself by nobody
    with workspace.engine.connect() as conn:
        actors = conn.exec_driver_sql("SELECT table_name, actor FROM audit_log ORDER BY id").all()
        assert actors[0] == ("users", None)
        assert {a for t, a in actors[1:]} == {"anna"}
        if backend == "sqlite":  # the context row went with the commit
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM audit_context").scalar_one() == 0
    _raw(workspace, "UPDATE people SET notes = 'by a tool'")  # an outside tool: no actor
    assert _last(workspace)["actor"] is None


def test_a_rolled_back_transaction_leaves_no_actor_behind(workspace: Workspace) -> None:
    person = _hans(workspace)
    with workspace.engine.connect() as conn:
        user = conn.exec_driver_sql("SELECT id, name FROM users").one()
    acting = audit.acting_engine(workspace.engine, audit.Actor(user.id, user.name))
    with pytest.raises(RuntimeError), acting.begin() as conn:
        conn.exec_driver_sql(f"UPDATE people SET notes = 'undone' WHERE id = {person}")
        raise RuntimeError("changed my mind")
    _raw(workspace, f"UPDATE people SET notes = 'later' WHERE id = {person}")
    last = _last(workspace)
    assert last["actor"] is None and last["after"]["notes"] == "later"
