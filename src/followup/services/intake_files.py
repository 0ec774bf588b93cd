"""A contact file's bytes to its records: which format it is, whether it is one at all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from followup.domain.cards import Card, Problem
from followup.domain.errors import InvalidInput
from followup.formats.csv_contacts import UnknownMapping, count_rows, read_csv_contacts
from followup.formats.encoding import looks_binary, text_of
from followup.formats.vcard import count_cards, looks_like_vcard, read_vcards

FORMATS = ("vcf", "csv")


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


def _vcards(data: bytes) -> Iterator[Card | Problem]:
    found = False
    for item in read_vcards(data):
        found = found or isinstance(item, Card)
        yield item
    if not found:
        yield Problem(0, 0, "no vCard in the file (no BEGIN:VCARD)", True)
