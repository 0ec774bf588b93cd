"""Alembic environment: the engine comes from followup's settings, never from an ini file.

A caller may also hand over an open connection (attribute "connection") to run the
migrations inside its own transaction, as `followup restore` does.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from followup.store.tables import metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()


def run_with_engine() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign
            # keys on, that DROP deletes the rows first and cascades to every child table
            # (a person's emails, interactions, commitments). The pragma only takes effect
            # outside a transaction, so it is set before the migration's own begins.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                run_on(connection)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left dangling references: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


given = context.config.attributes.get("connection")
if given is not None:
    run_on(given)
else:
    run_with_engine()
