"""A contact file's bytes to its records: which format it is, whether it is one at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from followup.domain.cards import Card, Problem
from followup.domain.errors import InvalidInput
from followup.domain.intake import IntakeDefaults
from followup.formats.csv_contacts import UnknownMapping, count_rows, read_csv_contacts
from followup.formats.encoding import looks_binary, text_of
from followup.formats.vcard import count_cards, looks_like_vcard, prepared, read_vcards
from followup.services.intake_workers import Item, in_parallel, understood

FORMATS = ("vcf", "csv")
PARALLEL_FROM = 5000  # cards; below, a second process costs more than it saves
# The largest file an import reads: about 400,000 cards without photos, or a few thousand
# with them. Files are read whole (a card's character set may be declared anywhere in it),
# so a bound keeps an absurd file from filling the memory before anything is said.
MAX_FILE_BYTES = 100 * 2**20


def check_size(name: str, size: int, whole: bool = True) -> None:
    """Refuse a file beyond MAX_FILE_BYTES, before it is read, in one clear line (`whole`:
    `size` is the file's, else only as much of it as was read to know it is too large)."""
    if size > MAX_FILE_BYTES:
        shown = f" ({size / 2**20:,.0f} MiB)" if whole else ""
        raise InvalidInput(
            f"{name} holds more than {MAX_FILE_BYTES // 2**20} MiB{shown}, the most followup "
            "imports at once: split it (a vCard file after any END:VCARD, a CSV file between "
            "rows, each part with the header row)"
        )


@dataclass(frozen=True)
class Source:
    """A file to import: its name (as shown in reports) and its bytes."""

    name: str
    data: bytes


def detect_format(source: Source, wanted: str | None) -> str:
    """'vcf' or 'csv': as asked, else from the content (the file name breaks a tie)."""
    if wanted:
        if wanted not in FORMATS:
            raise InvalidInput(f"unknown format {wanted!r}: use vcf or csv")
        return wanted
    if looks_like_vcard(source.data):
        return "vcf"
    suffix = source.name.lower().rsplit(".", 1)[-1]
    return "vcf" if suffix in ("vcf", "vcard") else "csv"


def read_source(
    source: Source, wanted: str | None, mapping: dict[str, str]
) -> tuple[str, int, Iterator[Card | Problem]]:
    """(format, about how many records, the records and file problems in order)."""
    check_size(source.name, len(source.data))
    file_format = detect_format(source, wanted)
    if not source.data.strip():
        return file_format, 0, iter([Problem(0, 0, "the file is empty", True)])
    if looks_binary(source.data):
        problem = Problem(0, 0, "binary data, not a contact file (vCard or CSV)", True)
        return file_format, 0, iter([problem])
    if file_format == "vcf":
        return file_format, count_cards(source.data), _vcards(source.data)
    text, _encoding = text_of(source.data)
    try:
        items = list(read_csv_contacts(text, mapping))
    except UnknownMapping as exc:
        raise InvalidInput(str(exc)) from None
    return file_format, count_rows(text), iter(items)


def understood_items(
    source: Source,
    wanted: str | None,
    mapping: dict[str, str],
    defaults: IntakeDefaults,
    context: str,
) -> tuple[str, int, Iterator[Item]]:
    """(format, about how many records, every record understood and every file problem).

    A large vCard file is read by a second process while this one stores (see
    intake_workers); everything else here, one record after the other.
    """
    file_format, total, items = read_source(source, wanted, mapping)
    # One core stores, the others read: more processes than cores only take turns.
    workers = min(3, (os.cpu_count() or 1) - 1)
    if file_format == "vcf" and total >= PARALLEL_FROM and workers >= 1:
        data, fallback = prepared(source.data)
        return file_format, total, in_parallel(data, fallback, defaults, context, workers)
    return file_format, total, _one_by_one(items, defaults, context)


def _one_by_one(
    items: Iterator[Card | Problem], defaults: IntakeDefaults, context: str
) -> Iterator[Item]:
    for item in items:
        yield item if isinstance(item, Problem) else understood(item, defaults, context)


def _vcards(data: bytes) -> Iterator[Card | Problem]:
    found = False
    for item in read_vcards(data):
        found = found or isinstance(item, Card)
        yield item
    if not found:
        yield Problem(0, 0, "no vCard in the file (no BEGIN:VCARD)", True)
