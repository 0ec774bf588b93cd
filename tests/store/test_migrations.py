"""Every revision upgrades from an empty database and from the one before; the migrations
produce exactly the schema the code's tables describe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

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


@pytest.mark.parametrize("target", revisions()[1:])
def test_each_revision_upgrades_from_the_previous_one_with_data(
    fresh_db_url: str, target: str
) -> None:
    """Rows written at the previous revision survive, and new columns are filled."""
    previous = revisions()[revisions().index(target) - 1]
    engine = make_engine(fresh_db_url)
    upgrade(engine, previous)
    now = datetime(2026, 11, 23, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (name, timezone, role, created_at) VALUES "
                "('anna', 'Europe/Berlin', 'admin', :now)"
            ),
            {"now": now},
        )
        # From 0002 on, a person needs its search_name.
        folded = "search_name" in {c["name"] for c in inspect(conn).get_columns("people")}
        columns, values = ("search_name, ", "'hans braun', ") if folded else ("", "")
        conn.execute(
            text(
                f"INSERT INTO people ({columns}name, owner_id, timezone, stage, created_at, "
                f"updated_at) VALUES ({values}'  Hans   BRAUN ', 1, 'Europe/Berlin', "
                "'prospect', :now, :now)"
            ),
            {"now": now},
        )
    with pytest.raises(SchemaMismatch, match="followup db upgrade"):
        ensure_current(engine)  # an older schema is refused until upgraded
    upgrade(engine, target)
    assert current_revision(engine) == target
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM people")).scalars().all()
        assert names == ["  Hans   BRAUN "]
        if "search_name" in {c["name"] for c in inspect(conn).get_columns("people")}:
            keys = conn.execute(text("SELECT search_name FROM people")).scalars().all()
            assert keys == ["hans braun"]
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
