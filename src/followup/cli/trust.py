"""`followup backup` and `followup restore`: the workspace into one archive and back."""

from __future__ import annotations

from pathlib import Path

import typer

from followup.cli import render as show
from followup.cli.context import print_json, session
from followup.services import backup as service
from followup.store.engine import safe_url


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Archive to write (gzip-compressed if it ends in .gz)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Write a consistent snapshot of the whole workspace to one portable archive, online."""
    report = service.backup(session(ctx).settings.db, file)
    _report(report, as_json, f"Backed up {report.total:,} rows (schema {report.schema_from})")


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Archive written by 'followup backup'."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document to stdout."),
) -> None:
    """Load an archive into an empty database (SQLite or PostgreSQL), all or nothing."""
    url = session(ctx).settings.db
    report = service.restore(url, file)
    schema = report.schema_from
    if report.schema_to != schema:
        schema = f"{schema} → {report.schema_to}"
    _report(report, as_json, f"Restored {report.total:,} rows into {safe_url(url)} ({schema})")


def _report(report: service.ArchiveReport, as_json: bool, headline: str) -> None:
    if as_json:
        print_json(
            {
                "file": report.path,
                "schema_from": report.schema_from,
                "schema_to": report.schema_to,
                "rows": report.rows,
                "total": report.total,
            }
        )
        return
    show.console.print(headline)
    show.table("Rows per table", ["table", "rows"], [[t, n] for t, n in report.rows.items() if n])
