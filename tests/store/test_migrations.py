"""Every revision upgrades from an empty database and from the one before; the migrations
produce exactly the schema the code's tables describe."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from followup.domain.errors import SchemaMismatch
from followup.store.engine import make_engine
from followup.store.schema import alembic_config, current_revision, ensure_current, upgrade
from followup.store.tables import metadata


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_the_migrations_form_one_line_from_0001() -> None:
    assert revisions()[0] == "0001"
    assert len(revisions()) >= 2


def test_empty_database_upgrades_to_exactly_the_tables_of_the_code(fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    upgrade(engine)
    ensure_current(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    engine.dispose()


# Rows of every table of revision 0001, so that an upgrade that drops or rebuilds a table
# shows whether the rows (and the rows that refer to them) survive.
SEED = [
    "INSERT INTO users (name, timezone, role, created_at) "
    "VALUES ('anna', 'Europe/Berlin', 'admin', :now)",
    "INSERT INTO accounts (name, country, owner_id, created_at) "
    "VALUES ('Braun GmbH', 'DE', 1, :now)",
    "INSERT INTO people (name, account_id, owner_id, timezone, stage, created_at, updated_at"
    "{keyed}) VALUES ('  Hans   BRAUN ', 1, 1, 'Europe/Berlin', 'prospect', :now, :now{key})",
    "INSERT INTO person_emails (person_id, email) VALUES (1, 'hans@braun.example')",
    "INSERT INTO person_phones (person_id, phone) VALUES (1, '+4930123456')",
    "INSERT INTO agreements (person_id, every_days, created_at) VALUES (1, 14, :now)",
    "INSERT INTO interactions (person_id, user_id, kind, direction, at, created_at) "
    "VALUES (1, 1, 'call', 'out', :now, :now)",
    "INSERT INTO commitments (person_id, interaction_id, side, what, due_at, all_day, status, "
    "agreed, point, created_at) "
    "VALUES (1, 1, 'us', 'send proposal', :now, TRUE, 'open', FALSE, 'next_step', :now)",
]


def seed(conn: Connection, now: object) -> None:
    """SEED's rows, with people's search_name where the schema has it (required from 0002)."""
    keyed = "search_name" in {c["name"] for c in inspect(conn).get_columns("people")}
    for statement in SEED:
        statement = statement.format(
            keyed=", search_name" if keyed else "", key=", 'hans braun'" if keyed else ""
        )
        conn.execute(text(statement), {"now": now})


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        return {n: conn.execute(text(f'SELECT COUNT(*) FROM "{n}"')).scalar_one() for n in names}


@pytest.mark.parametrize("target", revisions()[1:])
def test_each_revision_upgrades_from_the_previous_one_with_data(
    fresh_db_url: str, target: str
) -> None:
    """Rows written at the previous revision survive in every table (none lost to a
    table rebuild's cascade), and new columns are filled."""
    previous = revisions()[revisions().index(target) - 1]
    engine = make_engine(fresh_db_url)
    upgrade(engine, previous)
    now = datetime(2026, 11, 23, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        seed(conn, now)
    before = row_counts(engine)
    with pytest.raises(SchemaMismatch, match="followup db upgrade"):
        ensure_current(engine)  # an older schema is refused until upgraded
    upgrade(engine, target)
    assert current_revision(engine) == target
    after = row_counts(engine)
    assert {name: after.get(name, 0) for name in before} == before
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM people")).scalars().all()
        assert names == ["  Hans   BRAUN "]
        if "search_name" in {c["name"] for c in inspect(conn).get_columns("people")}:
            keys = conn.execute(text("SELECT search_name FROM people")).scalars().all()
            assert keys == ["hans braun"]
    engine.dispose()


def test_sqlite_foreign_keys_are_on_again_after_a_migration(tmp_path: Path) -> None:
    """Migrations switch SQLite's foreign keys off while tables are rebuilt; the
    connection goes back to the pool with them on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


def test_downgrade_to_base_and_up_again(fresh_db_url: str) -> None:
    from alembic import command

    engine = make_engine(fresh_db_url)
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    with engine.connect() as conn:
        assert "people" not in inspect(conn).get_table_names()
    upgrade(engine)
    ensure_current(engine)
    engine.dispose()


def test_a_database_without_schema_is_refused_with_the_way_out(fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    with pytest.raises(SchemaMismatch, match="run 'followup init'"):
        ensure_current(engine)
    engine.dispose()


def test_a_newer_unknown_revision_is_refused(fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaMismatch, match="newer than this followup"):
        ensure_current(engine)
    engine.dispose()
