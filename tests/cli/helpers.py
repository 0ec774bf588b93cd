"""Shared helpers for the end-to-end CLI tests: a frozen clock, JSON shortcuts, error checks
and a snapshot of every row in the database (to prove that a refused command wrote nothing)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from followup.cli.context import Session
from followup.store.engine import make_engine
from followup.store.tables import metadata
from tests.conftest import Cli, CliResult


class Clock:
    """Freezes the CLI's 'now' (Session.now) so that scenarios do not depend on the day
    the tests run; the agenda itself is always asked with an explicit --at."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, iso: str) -> None:
        self.moment = parse(iso)
        monkeypatch.setattr(Session, "now", lambda _session: self.moment)

    def set(self, iso: str) -> None:
        self.moment = parse(iso)


def parse(iso: str) -> datetime:
    """An aware instant from ISO text that carries an offset."""
    moment = datetime.fromisoformat(iso)
    assert moment.tzinfo is not None, f"give an offset in {iso!r}"
    return moment.astimezone(UTC)


def doc(cli: Cli, *args: str) -> dict[str, Any]:
    """The one JSON object a command prints with --json."""
    document = cli.json(*args)
    assert isinstance(document, dict), document
    return document


def agenda(cli: Cli, at: str, *options: str) -> list[dict[str, Any]]:
    """The items of `followup today --json --at AT [options]`."""
    items = doc(cli, "today", "--at", at, *options)["items"]
    assert isinstance(items, list)
    return items


def item_for(items: list[dict[str, Any]], name: str, kind: str) -> dict[str, Any]:
    found = [i for i in items if i["person"]["name"] == name and i["kind"] == kind]
    assert len(found) == 1, f"expected one {kind} item for {name}, got {items}"
    return found[0]


def kinds_of(items: list[dict[str, Any]], name: str) -> list[str]:
    return [i["kind"] for i in items if i["person"]["name"] == name]


def assert_error(result: CliResult, *needles: str) -> str:
    """Exit code 1, nothing on stdout, exactly one non-empty 'error: ...' line on stderr
    that contains every needle. Returns the line."""
    assert result.exit_code == 1, result
    assert result.stdout == "", result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    line = lines[0]
    assert line.startswith("error: ") and line.removeprefix("error: ").strip(), result
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


def assert_usage_error(result: CliResult, *needles: str) -> None:
    """Exit code 2 (a usage error, reported by the command-line parser), nothing on stdout."""
    assert result.exit_code == 2, result
    assert result.stdout == "", result
    assert "Error" in result.stderr, result
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in {result.stderr!r}"


# Derived rows a read may write: reading an agenda keeps it (store/prepared.py). Not the
# team's data, so a read that keeps one has changed nothing.
KEPT_BY_READS = frozenset({"prepared_agendas"})


def rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but those reads keep, in primary-key order: equal snapshots
    mean nothing changed."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in metadata.sorted_tables
                if table.name not in KEPT_BY_READS
            }
    finally:
        engine.dispose()
