"""Backup and restore: a consistent, online snapshot into one portable archive, and back.

An archive written from SQLite restores into PostgreSQL and the other way round; one
from an older schema restores into this version (rows go in at the archive's schema,
then the migrations bring them up to date, as an upgrade in place would).
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import IntegrityError

from followup.domain.errors import Conflict, InvalidInput, SchemaMismatch
from followup.formats import archive
from followup.store import audit, snapshot
from followup.store.engine import check_connection, make_engine, safe_url
from followup.store.schema import current_revision, head_revision, is_known_revision, upgrade_within


@dataclass
class ArchiveReport:
    path: str
    schema_from: str
    schema_to: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backup(url: str, path: Path) -> ArchiveReport:
    """Write every row of the database at `url` to `path` (gzip if it ends in .gz).

    The file appears only once complete: a crash leaves no half-written archive behind.
    """
    engine = make_engine(url)
    revision = current_revision(engine)
    if revision is None:
        raise SchemaMismatch(f"database {safe_url(url)} has no followup schema to back up")
    report = ArchiveReport(str(path), revision, revision)
    partial = path.with_name(path.name + ".partial")
    try:
        gzipped = path.suffix == ".gz"
        with snapshot.consistent_read(engine) as conn, _open(partial, "w", gzipped) as out:
            _write(conn, out, revision, report)
        os.replace(partial, path)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()
    return report


def _write(conn: Connection, out: IO[str], revision: str, report: ArchiveReport) -> None:
    tables = snapshot.reflected(conn)
    shapes = [snapshot.shape_of(t) for t in tables]
    out.write(archive.header_line(archive.Header(revision, shapes)) + "\n")
    for table, shape in zip(tables, shapes, strict=True):
        count = 0
        for values in snapshot.rows_of(conn, table, shape):
            out.write(archive.row_line(shape, values) + "\n")
            count += 1
        report.rows[table.name] = count
    out.write(archive.trailer_line(archive.Trailer(report.rows)) + "\n")


def restore(url: str, path: Path) -> ArchiveReport:
    """Load the archive at `path` into the empty database at `url`, all or nothing."""
    engine = make_engine(url)
    check_connection(engine)
    try:
        with _open(path, "r", gzipped=path.suffix == ".gz") as lines, engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Rows go in table by table; SQLite checks references at the end instead.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            try:
                with conn.begin():
                    if sqlite:
                        conn.exec_driver_sql("BEGIN")  # so the schema is rolled back too
                    report = _load(conn, lines, str(path), url)
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a followup archive (not UTF-8 text)") from None
    finally:
        engine.dispose()
    return report


def _load(conn: Connection, lines: IO[str], path: str, url: str) -> ArchiveReport:
    if snapshot.table_names(conn):
        raise Conflict(
            f"restore needs an empty database; {safe_url(url)} already has tables: "
            "create a new database and restore into that"
        )
    reader = archive.Reader(lines)
    if not is_known_revision(reader.header.schema):
        raise SchemaMismatch(
            f"archive is at schema {reader.header.schema}, unknown to this followup "
            "(made by a newer version?): upgrade followup"
        )
    upgrade_within(conn, reader.header.schema)
    tables = {t.name: t for t in snapshot.reflected(conn)}
    if "audit_context" in tables:
        audit.quiet(conn)  # the rows come with their history: loading them is no change
    report = ArchiveReport(path, reader.header.schema, head_revision(conn.engine))
    try:
        _insert_all(conn, tables, reader, report)
    except IntegrityError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise InvalidInput(
            f"archive is inconsistent near line {reader.line_number}: {reason}"
        ) from None
    snapshot.reset_sequences(conn, list(tables.values()))
    upgrade_within(conn, "head")
    _check_references(conn)
    return report


def _insert_all(
    conn: Connection, tables: dict[str, Table], reader: archive.Reader, report: ArchiveReport
) -> None:
    """Rows in batches of one table each, in the archive's order (parents first)."""
    batch: list[list[Any]] = []
    current: archive.TableShape | None = None
    for shape, values in reader.rows():
        if current is not None and (shape.name != current.name or len(batch) >= snapshot.BATCH):
            snapshot.insert_rows(conn, tables[current.name], current, batch)
            batch = []
        if shape.name not in tables:
            raise InvalidInput(
                f"line {reader.line_number}: table {shape.name} does not exist at schema "
                f"{report.schema_from}"
            )
        current = shape
        batch.append(values)
        report.rows[shape.name] = report.rows.get(shape.name, 0) + 1
    if current is not None:
        snapshot.insert_rows(conn, tables[current.name], current, batch)


def _check_references(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise InvalidInput(
                f"archive is inconsistent: {len(broken)} rows refer to missing rows "
                f"(first: {table} row {rowid} → {parent})"
            )


@contextmanager
def _open(path: Path, mode: str, gzipped: bool) -> Iterator[IO[str]]:
    if gzipped:
        with gzip.open(path, mode + "t", encoding="utf-8", newline="\n") as handle:
            yield handle  # type: ignore[misc]  # gzip's text mode is a TextIOWrapper
    else:
        with path.open(mode, encoding="utf-8", newline="\n") as handle:
            yield handle
