"""`followup import` and `followup export`: contact files in and out."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from followup.cli import render as show
from followup.cli.context import fail, print_json, session
from followup.domain.model import Stage, Triage
from followup.services.export import ExportOptions, export_people
from followup.services.intake import (
    ImportOptions,
    ImportReport,
    column_mapping,
    import_files,
    nothing_imported,
)
from followup.services.intake_files import MAX_FILE_BYTES, Source, check_size

JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")
SHOWN = 20  # problems and conflicts listed in the human summary (all of them in --json)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)


def import_command(
    ctx: typer.Context,
    files: list[str] = typer.Argument(
        ..., metavar="FILE...", help="vCard or CSV files ('-': stdin)."
    ),
    event: str = typer.Option(None, "--event", help="Where you met them (kept as their source)."),
    triage: Triage = typer.Option(
        None, "--triage", case_sensitive=False, help="meet: a first follow-up; file: none."
    ),
    owner: str = typer.Option(None, "--owner", help="Owner of new people (default: you)."),
    stage: Stage = typer.Option(
        None, "--stage", case_sensitive=False, help="Stage of new people (default: lead)."
    ),
    country: str = typer.Option(
        None, "--country", help="Country for national phone numbers when a card names none."
    ),
    file_format: str = typer.Option(None, "--format", help="vcf or csv (default: from content)."),
    mapping: list[str] = typer.Option(
        [], "--map", metavar="COLUMN=FIELD", help="CSV column (header or number) to a field."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would happen; write nothing."),
    as_json: bool = JSON,
) -> None:
    """Import business cards and contact lists (vCard 2.1/3.0/4.0, Google, Outlook,
    LinkedIn and other CSV), de-duplicated against the people you have."""
    s = session(ctx)
    options = ImportOptions(
        event=event,
        triage=triage,
        owner=owner,
        stage=stage,
        country=country,
        file_format=file_format.lower() if file_format else None,
        mapping=column_mapping(mapping),
        dry_run=dry_run,
    )
    sources = [_source(name) for name in files]
    bar = _Bar(enabled=sys.stderr.isatty())  # never into a log or a test's captured stderr
    try:
        report = import_files(s.workspace, sources, options, s.now(), s.login, bar)
    finally:
        bar.close()
    error = nothing_imported(report)
    if error is not None:
        fail(error.message)
    if as_json:
        print_json(report.document())
    else:
        _summary(report)


def _source(name: str) -> Source:
    """The file's bytes, refused before they are read if there are too many."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        check_size("standard input", len(data), whole=False)
        return Source("stdin", data)
    path = Path(name)
    try:
        check_size(name, path.stat().st_size)
        return Source(path.name, path.read_bytes())
    except OSError as exc:
        fail(f"cannot read {name}: {exc.strerror or exc}")


class _Bar:
    """A progress bar on stderr, shown only once an import has taken a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, file: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < 1.0:
                return
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
        if file not in self.tasks:
            self.tasks[file] = self.progress.add_task(f"Importing {escape(file)}", total=total)
        self.progress.update(self.tasks[file], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _summary(report: ImportReport) -> None:
    rows = [
        [f.file, f.format, f.records, f.created, f.merged, f.unchanged, f.errors]
        for f in report.files
    ]
    if len(report.files) > 1:
        rows.append(
            [
                "all",
                "",
                sum(f.records for f in report.files),
                report.total("created"),
                report.total("merged"),
                report.total("unchanged"),
                sum(f.errors for f in report.files),
            ]
        )
    title = "Dry run: what the import would do (nothing written)" if report.dry_run else "Imported"
    grid = Table(title=title, title_justify="left")
    grid.add_column("file", overflow="fold")
    for column in ("format", "records", "created", "merged", "unchanged", "skipped"):
        grid.add_column(column, justify="left" if column == "format" else "right")
    for row in rows:
        grid.add_row(*[escape(str(value)) for value in row])
    show.console.print(grid)
    _problems(report)
    if report.dry_run and report.records:
        _plan(report)


def _plan(report: ImportReport) -> None:
    """What each record of a dry run would become (the first 200)."""
    if report.records:
        show.table(
            "Records",
            ["file", "record", "would be", "person", "matched by"],
            [
                [r["file"], r["record"], r["action"], _who(r["person"]), r["matched_by"] or ""]
                for r in report.records[:200]
            ],
        )


def _problems(report: ImportReport) -> None:
    for title, entries, line in (
        ("Problems (record, line)", report.errors, _error_line),
        (
            "Conflicts (kept the stored value; the new one is in the notes)",
            report.conflicts,
            _conflict_line,
        ),
    ):
        if not entries:
            continue
        show.console.print(f"\n[bold]{escape(title)}[/bold]")
        for entry in entries[:SHOWN]:
            show.console.print("  " + escape(line(entry)))
        if len(entries) > SHOWN:
            show.console.print(f"  ... and {len(entries) - SHOWN} more (see --json)")


def _error_line(e: dict[str, Any]) -> str:
    where = f"{e['file']}" + (f" record {e['record']}" if e["record"] else "")
    where += f" (line {e['line']})" if e["line"] else ""
    return f"{where}: {e['error']}" + (" — skipped" if e["skipped"] else "")


def _conflict_line(c: dict[str, Any]) -> str:
    return (
        f"{c['file']} record {c['record']}: {_who(c['person'])} {c['field']}: kept "
        f"{c['kept']!r}, not {c['offered']!r}"
    )


def _who(person: dict[str, Any]) -> str:
    return f"#{person['id']} {person['name']}" if person["id"] > 0 else person["name"]


def export_command(
    ctx: typer.Context,
    file_format: str = typer.Option(..., "--format", help="vcf (vCard) or csv (Google CSV)."),
    filters: list[str] = typer.Option(
        [],
        "--filter",
        metavar="KEY=VALUE",
        help="Only these people: event, account, stage, owner, triage or country (repeatable).",
    ),
    vcard_version: str = typer.Option(
        "4.0", "--vcard-version", help="4.0, or 3.0 for Apple and Google."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write to this file (default: stdout)."
    ),
) -> None:
    """Export people as vCard or CSV, to re-import here or into Google or Apple contacts."""
    options = ExportOptions(file_format.lower(), _mapping_filters(filters), vcard_version)
    text, count = export_people(session(ctx).workspace, options)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    Console(stderr=True).print(f"Exported {count} people to {escape(str(output))}.")


def _mapping_filters(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"--filter {pair!r}: write KEY=VALUE, e.g. --filter 'event=Web Summit'")
        found[key.strip().lower()] = value.strip()
    return found
