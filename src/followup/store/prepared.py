"""Prepared agendas: each user's day of agenda, explained once, kept, and read back until
a write ends it or the day does (docs/decisions.md, "The agenda at size L: a prepared day").

The protocol, so that no reader ever keeps an agenda older than a committed write:
1. Writers never call this module: triggers on every table an agenda reads
   (store/agenda_staleness.py) mark every prepared agenda stale and drop its document.
2. A reader that finds none fresh first *claims* (its own short transaction: stale off,
   generation + 1), then reads the rows in a new transaction, then *keeps* its agenda
   only if the row is still at that generation and not stale. A write committed after
   the claim has marked it stale again, so the keep does nothing.
3. A claim never waits on a writer: when one is busy (SQLite's write lock, PostgreSQL's
   advisory lock that writers hold shared), the reader computes without keeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError

from followup.store.agenda_staleness import ADVISORY_KEY
from followup.store.engine import BUSY_TIMEOUT_S
from followup.store.tables import UTCDateTime, metadata

prepared_agendas = Table(
    "prepared_agendas",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("stale", Boolean, nullable=False, server_default="1"),
    Column("generation", Integer, nullable=False, server_default="0"),
    Column("made_by", String(40)),  # the followup version that explained it
    Column("valid_from", UTCDateTime),
    Column("valid_until", UTCDateTime),
    Column("document", Text),  # JSON: each subject's phases, what requests recount on read
    # Writers' triggers look for fresh rows only: with this index, none costs nothing.
    Index(
        "ix_prepared_agendas_fresh",
        "user_id",
        sqlite_where=text("NOT stale"),
        postgresql_where=text("NOT stale"),
    ),
)


@dataclass(frozen=True)
class Prepared:
    made_by: str
    valid_from: datetime
    valid_until: datetime
    document: str


def fresh(conn: Connection, user_id: int, at: datetime) -> Prepared | None:
    """The user's prepared agenda if no write came since and it holds at `at`."""
    row = conn.execute(
        select(prepared_agendas).where(
            prepared_agendas.c.user_id == user_id, prepared_agendas.c.stale.is_(False)
        )
    ).first()
    if row is None or row.document is None or not row.valid_from <= at < row.valid_until:
        return None
    return Prepared(row.made_by, row.valid_from, row.valid_until, row.document)


def claim(engine: Engine, user_id: int) -> int | None:
    """Start preparing the user's agenda: the generation to keep it at, or None when a
    writer is busy (then the agenda is computed but not kept)."""
    try:
        with engine.begin() as conn:
            if not _writers_idle(conn):
                return None
            found = conn.execute(
                update(prepared_agendas)
                .where(prepared_agendas.c.user_id == user_id)
                .values(stale=False, document=None, generation=prepared_agendas.c.generation + 1)
                .returning(prepared_agendas.c.generation)
            ).scalar()
            if found is None:
                conn.execute(prepared_agendas.insert().values(user_id=user_id, stale=False))
                found = 0
            return int(found)
    except DBAPIError:
        # A writer holds SQLite's lock, another reader made the row first, or the database
        # is read-only to us (a standby, a read-only role): the agenda is then not kept.
        return None


def keep(engine: Engine, user_id: int, generation: int, made: Prepared) -> bool:
    """Store the agenda prepared since the claim at `generation`, unless a write came."""
    try:
        return _keep(engine, user_id, generation, made)
    except DBAPIError:
        return False  # kept data is derived: failing to keep it must not fail the read


def _keep(engine: Engine, user_id: int, generation: int, made: Prepared) -> bool:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            _no_flush(conn)
        kept = conn.execute(
            update(prepared_agendas)
            .where(
                prepared_agendas.c.user_id == user_id,
                prepared_agendas.c.generation == generation,
                prepared_agendas.c.stale.is_(False),
            )
            .values(
                made_by=made.made_by,
                valid_from=made.valid_from,
                valid_until=made.valid_until,
                document=made.document,
            )
        )
        return kept.rowcount == 1


def _writers_idle(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        _no_flush(conn)
        # Waits for no one: a writer in flight holds the key shared until it commits.
        query = f"SELECT pg_try_advisory_xact_lock({ADVISORY_KEY})"
        return bool(conn.exec_driver_sql(query).scalar())
    # SQLite: fail at once rather than wait for the write lock (busy_timeout 30 s).
    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        conn.exec_driver_sql("UPDATE prepared_agendas SET stale = stale WHERE 0")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    return True


def _no_flush(conn: Connection) -> None:
    # A prepared agenda is derived: a crash may lose it (the next read explains again),
    # so its commits need not wait for the disk (~3 ms each here).
    conn.exec_driver_sql("SET LOCAL synchronous_commit = off")


def forget(conn: Connection, user_id: int) -> None:
    """End the user's kept agenda (a repair): their next read explains it again."""
    conn.execute(
        update(prepared_agendas)
        .where(prepared_agendas.c.user_id == user_id)
        .values(stale=True, document=None)
    )


def kept(conn: Connection, at: datetime) -> list[tuple[int, Prepared]]:
    """Every user's kept agenda that holds at `at` (for `db check`)."""
    rows = conn.execute(
        select(prepared_agendas.c.user_id).where(prepared_agendas.c.stale.is_(False))
    ).all()
    found = [(row.user_id, fresh(conn, row.user_id, at)) for row in rows]
    return [(user_id, day) for user_id, day in found if day is not None]
