"""Alembic migrations run from code: create, upgrade, and check the schema revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from followup.domain.errors import SchemaMismatch
from followup.store.engine import check_connection, safe_url


def alembic_config(engine: Engine | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "followup.store:migrations")
    config.attributes["engine"] = engine
    config.attributes["connection"] = connection
    return config


def upgrade_within(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision` inside the caller's open transaction."""
    command.upgrade(alembic_config(connection=connection), revision)


def is_known_revision(revision: str) -> bool:
    """Whether this followup's migrations include `revision`."""
    script = ScriptDirectory.from_config(alembic_config())
    return revision in {rev.revision for rev in script.walk_revisions()}


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    check_connection(engine)
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (creating it in an empty database)."""
    check_connection(engine)
    command.upgrade(alembic_config(engine), revision)


def ensure_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not this version's."""
    if _missing_sqlite_file(engine):
        # Connecting would leave an empty database file behind a mistyped path.
        raise SchemaMismatch(
            f"database {safe_url(str(engine.url))} does not exist: run 'followup init'"
        )
    current, head = current_revision(engine), head_revision(engine)
    if current == head:
        return
    where = safe_url(str(engine.url))
    if current is None:
        raise SchemaMismatch(f"database {where} has no followup schema: run 'followup init'")
    script = ScriptDirectory.from_config(alembic_config(engine))
    known = {rev.revision for rev in script.walk_revisions()}
    if current in known:
        raise SchemaMismatch(
            f"database {where} is at schema {current}, this followup needs {head}: "
            "back it up, then run 'followup db upgrade'"
        )
    raise SchemaMismatch(
        f"database {where} is at schema {current}, newer than this followup ({head}): "
        "upgrade followup"
    )


def _missing_sqlite_file(engine: Engine) -> bool:
    """Whether `engine` is SQLite on a file that does not exist (yet)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return False
    return not database.startswith("file:") and not Path(database).exists()
