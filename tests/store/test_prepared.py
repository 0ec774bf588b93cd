"""At head, every table an agenda reads carries the triggers that end kept agendas; a new
table gets them (or is named in UNREAD) and a table rebuilt by a migration gets them back."""

from __future__ import annotations

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from followup.services.workspace import Workspace
from followup.store import agenda_staleness
from followup.store.agenda_staleness import UNREAD
from followup.store.tables import metadata


def missing_triggers(conn: Connection) -> list[str]:
    return agenda_staleness.missing(conn, metadata.tables)


def test_at_head_every_table_an_agenda_reads_marks_kept_agendas_stale(
    workspace: Workspace,
) -> None:
    with workspace.engine.connect() as conn:
        assert missing_triggers(conn) == []
        assert UNREAD - {"alembic_version"} <= set(metadata.tables)  # no stale names


def test_a_table_rebuilt_without_its_triggers_is_caught_and_mended(
    workspace: Workspace,
) -> None:
    with workspace.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # batch mode: the table is copied, triggers lost
            operations = Operations(MigrationContext.configure(conn))
            with operations.batch_alter_table("person_phones", recreate="always") as batch:
                batch.alter_column(
                    "phone", existing_type=metadata.tables["person_phones"].c.phone.type
                )
        else:
            conn.exec_driver_sql('DROP TRIGGER "agendas_stale_person_phones" ON person_phones')
        assert missing_triggers(conn) == ["person_phones"]
        agenda_staleness.create_for(conn, "person_phones")
        assert missing_triggers(conn) == []
        conn.rollback()
