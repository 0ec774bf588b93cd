"""Import contact files (vCard, CSV): the service behind `followup import`.

Each file is read record by record; every record is understood (names, E.164 phones,
country, time zone), matched against the people already there (ledger, email, phone,
close name at the same company), then merged or created. Records go in in batches,
one transaction each, together with their import-ledger entries: a killed import
leaves whole batches only, and running it again skips what is in and does the rest.
A dry run does it all in one transaction and rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from followup.domain.cards import Problem
from followup.domain.errors import InvalidInput
from followup.domain.intake import Contact, IntakeDefaults
from followup.domain.model import Stage, Triage
from followup.domain.names import within
from followup.services.directory import current_user
from followup.services.intake_batch import Batch, Context, Outcome, State
from followup.services.intake_files import Source, understood_items
from followup.services.places import country_code, country_of_zone
from followup.services.workspace import Workspace

BATCH = 500
Progress = Callable[[str, int, int], None]  # file, records done, records in all


@dataclass
class ImportOptions:
    event: str | None = None
    triage: Triage | None = None
    owner: str | None = None
    stage: Stage | None = None  # new people's stage (default: the file's, else lead)
    country: str | None = None  # for national phone numbers when a card has no country
    file_format: str | None = None  # "vcf" or "csv"; None: from the content
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False


@dataclass
class FileReport:
    file: str
    format: str
    records: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    errors: int = 0


@dataclass
class ImportReport:
    dry_run: bool = False
    files: list[FileReport] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def total(self, action: str) -> int:
        return sum(getattr(f, action) for f in self.files)

    @property
    def imported(self) -> int:
        return self.total("created") + self.total("merged") + self.total("unchanged")

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "created": self.total("created"),
            "merged": self.total("merged"),
            "unchanged": self.total("unchanged"),
            "errors": self.errors,
            "conflicts": self.conflicts,
            "files": [f.__dict__ for f in self.files],
            "dry_run": self.dry_run,
        }
        if self.dry_run:
            document["records"] = self.records
        return document


def import_files(
    ws: Workspace,
    sources: list[Source],
    options: ImportOptions,
    now: datetime,
    login: str | None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every source; the report says what each record became and what was wrong."""
    default_country = country_code(options.country) if options.country else None
    options = replace(options, event=" ".join((options.event or "").split()) or None)
    within(options.event, 300, "event")
    report = ImportReport(dry_run=options.dry_run)
    with ws.transaction() as conn:
        owner = current_user(conn, options.owner, login)
    defaults = IntakeDefaults(default_country or country_of_zone(owner.timezone), owner.timezone)
    state = State()
    with _units(ws, options.dry_run) as unit:
        for source in sources:
            ctx = Context(owner, options.event, options.triage, options.stage, now, source.name)
            run = _FileRun(ws, unit, state, ctx, report, progress)
            run.read(source, options, defaults)
    return report


@contextmanager
def _units(
    ws: Workspace, dry_run: bool
) -> Iterator[Callable[[], AbstractContextManager[Connection]]]:
    """A transaction per batch; for a dry run, one transaction rolled back at the end."""
    if not dry_run:
        yield ws.transaction
        return
    with ws.engine.connect() as conn:
        outer = conn.begin()
        try:
            yield lambda: nullcontext(conn)
        finally:
            outer.rollback()


class _FileRun:
    """One file's import: its records understood and fed to batches."""

    def __init__(
        self,
        ws: Workspace,
        unit: Callable[[], AbstractContextManager[Connection]],
        state: State,
        ctx: Context,
        report: ImportReport,
        progress: Progress | None,
    ) -> None:
        self.ws, self.unit, self.state, self.ctx = ws, unit, state, ctx
        self.report, self.progress = report, progress
        self.context = "|".join(str(x) for x in (ctx.event, ctx.triage, ctx.stage, ctx.owner.id))

    def read(self, source: Source, options: ImportOptions, defaults: IntakeDefaults) -> None:
        file_format, total, items = understood_items(
            source, options.file_format, options.mapping, defaults, self.context
        )
        self.file = FileReport(source.name, file_format)
        self.report.files.append(self.file)
        self.total, done = total, 0
        batch: list[tuple[Contact, str]] = []
        for item in items:
            if isinstance(item, Problem):
                self._problem(item)
                continue
            contact, fingerprint, problems = item
            self.file.records += 1
            for problem in problems:
                self._problem(problem)
            if contact is not None:
                batch.append((contact, fingerprint))
            if len(batch) >= BATCH:
                done = self._store(batch, done)
                batch = []
        if batch:
            self._store(batch, done)

    def _store(self, batch: list[tuple[Contact, str]], done: int) -> int:
        try:
            with self.unit() as conn:
                outcomes = Batch(self.ws, conn, self.state, self.ctx).take(batch)
        except SQLAlchemyError:
            if self.report.dry_run:
                raise
            self.state.reset()  # the cache may hold what was rolled back
            outcomes = self._one_by_one(batch)
        for outcome in outcomes:
            self._count(outcome)
        done += len(batch)
        if self.progress is not None:
            self.progress(self.file.file, done, max(done, self.total))
        return done

    def _one_by_one(self, batch: list[tuple[Contact, str]]) -> list[Outcome]:
        """After a batch failed: each record in its own transaction, the broken one reported."""
        outcomes: list[Outcome] = []
        for item in batch:
            try:
                with self.unit() as conn:
                    outcomes += Batch(self.ws, conn, self.state, self.ctx).take([item])
            except SQLAlchemyError as exc:
                self.state.reset()
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                contact = item[0]
                self._problem(Problem(contact.record, contact.line, f"not stored: {reason}", True))
        return outcomes

    def _count(self, outcome: Outcome) -> None:
        setattr(self.file, outcome.action, getattr(self.file, outcome.action) + 1)
        for conflict in outcome.conflicts:
            self.report.conflicts.append(
                {
                    "file": self.file.file,
                    "record": outcome.record,
                    "person": {"id": outcome.person_id, "name": outcome.name},
                    "field": conflict.field,
                    "kept": conflict.kept,
                    "offered": conflict.offered,
                }
            )
        if self.report.dry_run:
            self.report.records.append(
                {
                    "file": self.file.file,
                    "record": outcome.record,
                    "line": outcome.line,
                    "action": outcome.action,
                    "person": {"id": outcome.person_id, "name": outcome.name},
                    "matched_by": outcome.by,
                }
            )

    def _problem(self, problem: Problem) -> None:
        if problem.skipped:
            self.file.errors += 1
        self.report.errors.append(
            {
                "file": self.file.file,
                "record": problem.record,
                "line": problem.line,
                "error": problem.message,
                "skipped": problem.skipped,
            }
        )


def column_mapping(pairs: list[str]) -> dict[str, str]:
    """`COLUMN=FIELD` pairs (a CSV header or column number, and our field) as a mapping."""
    found: dict[str, str] = {}
    for pair in pairs:
        column, sep, name = pair.partition("=")
        if not sep or not column.strip() or not name.strip():
            raise InvalidInput(f"map {pair!r}: write COLUMN=FIELD, e.g. 'Mobile=phone'")
        found[column.strip()] = name.strip()
    return found


def nothing_imported(report: ImportReport) -> InvalidInput | None:
    """The error to end with when no record of any file could be imported."""
    if report.imported:
        return None
    reasons = [f"{e['file']}: {e['error']}" for e in report.errors if e["skipped"]]
    reasons = reasons or [f"{f.file}: no contacts found" for f in report.files]
    return InvalidInput("nothing imported: " + "; ".join(reasons[:3]))
