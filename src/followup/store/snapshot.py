"""Whole-database reads and writes for backup and restore, on any schema revision.

Tables are found by reflection, not from `tables.py`, so an archive of an older schema
is read and written with the columns that schema really had.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, insert, inspect, select, text
from sqlalchemy import types as sqltypes

from followup.formats.archive import TableShape

# Prepared agendas are derived (and would differ between two databases): never archived.
SKIPPED = {"alembic_version", "prepared_agendas"}
BATCH = 1000


@contextmanager
def consistent_read(engine: Engine) -> Iterator[Connection]:
    """A connection whose every read sees one snapshot, while others keep writing."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite opens no transaction for reads: without an explicit BEGIN each
            # SELECT would see the database as it is at that moment.
            conn.exec_driver_sql("BEGIN")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            yield conn
        finally:
            conn.rollback()


def reflected(conn: Connection) -> list[Table]:
    """The database's tables in an order where every table follows those it refers to."""
    metadata = MetaData()
    metadata.reflect(bind=conn)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED]


def table_names(conn: Connection) -> list[str]:
    return sorted(inspect(conn).get_table_names())


def shape_of(table: Table) -> TableShape:
    """The table's columns (sorted by name, so both databases agree) and portable kinds."""
    columns = sorted(table.columns, key=lambda c: c.name)
    return TableShape(
        table.name, tuple(c.name for c in columns), tuple(_kind(c.type) for c in columns)
    )


def _kind(type_: Any) -> str:
    # Order matters: Boolean and Float are checked before the broader types they resemble.
    checks: Sequence[tuple[type[Any], str]] = (
        (sqltypes.Boolean, "bool"),
        (sqltypes.Integer, "int"),
        (sqltypes.DateTime, "datetime"),
        (sqltypes.Date, "date"),
        (sqltypes.Float, "float"),
        (sqltypes.Numeric, "decimal"),
        (sqltypes.LargeBinary, "bytes"),
        (sqltypes.JSON, "json"),
    )
    for cls, kind in checks:
        if isinstance(type_, cls):
            return kind
    return "str"


def rows_of(conn: Connection, table: Table, shape: TableShape) -> Iterator[Sequence[Any]]:
    """Every row of `table` in primary-key order, streamed."""
    order = list(table.primary_key.columns) or [table.c[name] for name in shape.columns]
    query = select(*[table.c[name] for name in shape.columns]).order_by(*order)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for row in result:
        yield tuple(row)


def insert_rows(conn: Connection, table: Table, shape: TableShape, rows: list[list[Any]]) -> None:
    if rows:
        conn.execute(insert(table), [dict(zip(shape.columns, row, strict=True)) for row in rows])


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """After rows arrive with their ids, make PostgreSQL's next ids follow them."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes the next rowid from the largest one present
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                conn.execute(
                    text(
                        f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") '
                        f'FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"s": sequence},
                )
