"""The backup archive: JSON lines, one portable file for SQLite and PostgreSQL alike.

    {"format": "followup-archive", "version": 1, "schema": "0002", "tables": [...]}
    {"t": "users", "v": [...]}            one line per row, values in the header's order
    {"end": true, "rows": {"users": 3, ...}}

The header names each table's columns with a portable type, so values decode without
asking the database; the trailer makes a truncated archive detectable. Nothing in it
depends on which database wrote it or when, so the same data gives the same bytes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from followup.domain.errors import InvalidInput

FORMAT = "followup-archive"
VERSION = 1
KINDS = ("int", "str", "bool", "datetime", "date", "decimal", "float", "bytes", "json")


@dataclass(frozen=True)
class TableShape:
    name: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass
class Header:
    schema: str
    tables: list[TableShape]

    def shape(self, name: str) -> TableShape:
        for table in self.tables:
            if table.name == name:
                return table
        raise InvalidInput(f"archive row for table {name!r}, which its header does not name")


@dataclass
class Trailer:
    rows: dict[str, int] = field(default_factory=dict)


def header_line(header: Header) -> str:
    tables = [
        {"name": t.name, "columns": list(t.columns), "kinds": list(t.kinds)} for t in header.tables
    ]
    document = {"format": FORMAT, "version": VERSION, "schema": header.schema, "tables": tables}
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


def row_line(table: TableShape, values: Sequence[Any]) -> str:
    encoded = [encode(kind, value) for kind, value in zip(table.kinds, values, strict=True)]
    return json.dumps({"t": table.name, "v": encoded}, ensure_ascii=False, sort_keys=True)


def trailer_line(trailer: Trailer) -> str:
    return json.dumps({"end": True, "rows": trailer.rows}, sort_keys=True)


def encode(kind: str, value: Any) -> Any:
    """A value as JSON can hold it, for a column of `kind`."""
    if value is None:
        return None
    if kind in ("datetime", "date"):
        return str(value.isoformat())
    if kind == "decimal":
        return str(value)
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "bool":
        return bool(value)
    return value


def decode(kind: str, value: Any) -> Any:
    """The inverse of `encode`."""
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "decimal":
        return Decimal(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


class Reader:
    """Reads an archive line by line, checking its shape as it goes; the header at once."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.line_number = 0
        self.trailer: Trailer | None = None
        self.header = self._read_header()

    def _read_header(self) -> Header:
        first = next(self._lines, None)
        self.line_number = 1
        try:
            document = json.loads(first) if first else None
        except ValueError:
            document = None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise InvalidInput("not a followup archive (no followup-archive header on line 1)")
        if document.get("version") != VERSION:
            raise InvalidInput(f"archive format version {document.get('version')} is unknown")
        try:
            tables = [
                TableShape(t["name"], tuple(t["columns"]), tuple(t["kinds"]))
                for t in document["tables"]
            ]
            return Header(str(document["schema"]), tables)
        except (KeyError, TypeError):
            raise InvalidInput("line 1: the archive's header is incomplete") from None

    def rows(self) -> Iterator[tuple[TableShape, list[Any]]]:
        """Every row as (table, decoded values); checks the end marker and the counts."""
        counts: dict[str, int] = {}
        for line in self._lines:
            self.line_number += 1
            document = self._json(line)
            if document.get("end") is True:
                self.trailer = Trailer(dict(document.get("rows", {})))
                break
            table = self.header.shape(document.get("t", ""))
            values = document.get("v")
            if not isinstance(values, list) or len(values) != len(table.columns):
                raise InvalidInput(f"line {self.line_number}: row does not fit table {table.name}")
            counts[table.name] = counts.get(table.name, 0) + 1
            yield table, [self._decode(k, v) for k, v in zip(table.kinds, values, strict=True)]
        if self.trailer is None:
            raise InvalidInput(
                f"archive ends at line {self.line_number} without its end marker: it is truncated"
            )
        if {k: v for k, v in self.trailer.rows.items() if v} != counts:
            raise InvalidInput("archive's row counts do not match its end marker")

    def _decode(self, kind: str, value: Any) -> Any:
        try:
            return decode(kind, value)
        except (ValueError, TypeError, ArithmeticError):
            raise InvalidInput(
                f"line {self.line_number}: {value!r} is not a valid {kind}"
            ) from None

    def _json(self, line: str) -> dict[str, Any]:
        try:
            document = json.loads(line)
        except ValueError:
            raise InvalidInput(f"line {self.line_number}: not JSON") from None
        if not isinstance(document, dict):
            raise InvalidInput(f"line {self.line_number}: not a JSON object")
        return document
