"""Read contact CSV files (Google, Outlook, LinkedIn, Thunderbird, generic) into cards.

The separator (comma, semicolon, tab) and the header row are found from the content: a
LinkedIn export starts with a 'Notes:' preamble, a European Excel writes semicolons.
Columns followup does not know are kept in the notes under their header. A file
without a header row is read when its columns can be told apart (a column of emails);
`--map COLUMN=FIELD` names columns by header or by number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from followup.domain.cards import Card, Problem
from followup.formats.csv_cells import unguarded
from followup.formats.csv_headers import Role, normal, role_of, user_role
from followup.formats.csv_rows import card_of

DELIMITERS = (",", ";", "\t", "|")
FIELD_LIMIT = 64 * 1024 * 1024  # a cell may hold a 10 MB note; the csv default is 128 KB
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+$")


@dataclass
class Layout:
    """How a CSV file is laid out: its separator, header row and what each column holds."""

    delimiter: str
    headers: list[str]
    roles: dict[int, Role] = field(default_factory=dict)
    kind: str = "csv"
    first_data: int = 0  # index of the first data row


class UnknownMapping(ValueError):
    """--map names a column or a field that does not exist."""


def read_csv_contacts(
    text: str, mapping: Mapping[str, str] | None = None
) -> Iterator[Card | Problem]:
    """Every contact row of a CSV file as a card, and the problems of the file itself."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    delimiter = _delimiter(text)
    rows, problems = _rows(text, delimiter)
    yield from problems
    layout = _layout(rows, delimiter, mapping or {})
    if isinstance(layout, Problem):
        yield layout
        return
    if layout.kind == "csv without header":
        yield Problem(0, 1, _guess_note(layout))
    record = 0
    for line, row in rows[layout.first_data :]:
        if any(cell.strip() for cell in row):
            record += 1
            yield card_of(record, line, row, layout.headers, layout.roles)


def count_rows(text: str) -> int:
    """About how many records the file holds (lines), for a progress bar."""
    return max(0, text.count("\n") - 1)


def _rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(0, start, f"unreadable CSV row: {exc}; skipped it", True))
            row = None
        if row is not None:
            rows.append((start, [unguarded(cell.replace("\x00", "")) for cell in row]))
        start = reader.line_num + 1
    return rows, problems


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most, and most regular, columns."""
    sample = "\n".join(text[:65536].splitlines()[:20])
    best, score = ",", (0, 0)
    for candidate in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=candidate) if r]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        found = (wide.count(common), common)
        if found > score:
            best, score = candidate, found
    return best


def _layout(
    rows: list[tuple[int, list[str]]], delimiter: str, mapping: Mapping[str, str]
) -> Layout | Problem:
    width = max((len(r) for _, r in rows), default=0)  # the widest row, header or not
    for index, (_line, row) in enumerate(rows[:12]):
        roles = {i: r for i, cell in enumerate(row) if (r := role_of(cell)) is not None}
        known = [r for r in roles.values() if r.field != "ignore"]
        filled = [c for c in row if c.strip()]
        alone = len(known) == 1 and len(filled) == 1 and known[0].field != "notes"
        data = any(_EMAIL.match(c.strip()) for c in row)
        if (len(known) >= 2 or alone) and not data:
            return _mapped(Layout(delimiter, row, roles, _kind(row), index + 1), mapping, width)
    named = {normal(column) for column in mapping if not column.strip().isdecimal()}
    for index, (_line, row) in enumerate(rows[:12]):
        if named and named & {normal(cell) for cell in row}:  # the header --map speaks of
            return _mapped(Layout(delimiter, row, {}, "csv (mapped)", index + 1), mapping, width)
    if mapping:
        return _mapped(Layout(delimiter, [str(i + 1) for i in range(width)]), mapping, width)
    return _guessed(rows, delimiter)


def _mapped(layout: Layout, mapping: Mapping[str, str], width: int) -> Layout:
    """`layout` with the roles `mapping` gives its columns (by header or by number, 1 to
    `width`, the widest row)."""
    names = {normal(h): i for i, h in enumerate(layout.headers)}
    for column, field_name in mapping.items():
        key = normal(column)
        index = int(key) - 1 if key.isdecimal() else names.get(key)
        if index is None or index < 0:
            raise UnknownMapping(f"--map: no column {column!r} in the file")
        if index >= width:  # a number past the last column would pad the header up to it
            raise UnknownMapping(f"--map: no column {column!r} in the file ({width} columns)")
        try:
            layout.roles[index] = user_role(field_name)
        except ValueError:
            raise UnknownMapping(f"--map: unknown field {field_name!r}") from None
        if len(layout.headers) <= index:
            layout.headers += [str(i + 1) for i in range(len(layout.headers), index + 1)]
    if mapping and layout.kind == "csv":
        layout.kind = "csv (mapped)"
    return layout


def _guessed(rows: list[tuple[int, list[str]]], delimiter: str) -> Layout | Problem:
    """A headerless file: emails tell themselves; the first column of words is the name."""
    sample = [row for _, row in rows[:50] if any(c.strip() for c in row)]
    width = max((len(r) for r in sample), default=0)
    column = [[r[i].strip() for r in sample if i < len(r) and r[i].strip()] for i in range(width)]
    emails = [i for i, cells in enumerate(column) if cells and _share(cells, _EMAIL) >= 0.5]
    first = sample[0] if sample else []
    # An email in the first row too, or that row is a header followup does not know.
    emails = [i for i in emails if i < len(first) and _EMAIL.match(first[i].strip())]
    if not emails:
        shown = ", ".join(repr(c) for c in (rows[0][1] if rows else [])[:6])
        return Problem(
            0,
            rows[0][0] if rows else 1,
            f"no recognisable header row (first row: {shown or 'empty'}); "
            "name the columns with --map COLUMN=FIELD, e.g. --map 1=name --map 2=email",
            skipped=True,
        )
    roles = {i: Role("email", str(i)) for i in emails}
    names = [i for i in range(width) if i not in emails and column[i]]
    if names:
        roles[names[0]] = Role("name")
    for i in names[1:]:
        roles[i] = Role("unnamed")
    return Layout(delimiter, [str(i + 1) for i in range(width)], roles, "csv without header")


def _share(cells: list[str], pattern: re.Pattern[str]) -> float:
    return sum(1 for c in cells if pattern.match(c)) / len(cells)


def _guess_note(layout: Layout) -> str:
    said = [f"column {i + 1} as {r.field}" for i, r in sorted(layout.roles.items())]
    said = [s for s in said if not s.endswith("unnamed")]
    return "no header row: read " + ", ".join(said) + "; say otherwise with --map COLUMN=FIELD"


def _kind(headers: list[str]) -> str:
    names = {normal(h) for h in headers}
    if "connected on" in names:
        return "LinkedIn"
    if any(re.match(r"^(e-mail|phone) \d+ - (label|value|type)$", n) for n in names):
        return "Google"
    if names & {"e-mail address", "business phone", "e-mail-adresse", "mobiltelefon"}:
        return "Outlook"
    if "primary email" in names:
        return "Thunderbird"
    return "csv"
