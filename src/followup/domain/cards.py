"""Contacts as they arrive from a file (a vCard, a CSV row): read, not yet understood.

A `Card` holds what the file said, as text, with the record number and the line each
value came from, so that every problem can be reported where it is. Turning a card into
a person (names split, phones in E.164, country and time zone inferred) is
`followup.domain.intake`'s work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """Something wrong with a record (record 0: with the file itself).

    `skipped` says whether the record was left out; otherwise only the value named in
    the message was, and the rest of the record was imported.
    """

    record: int
    line: int
    message: str
    skipped: bool = False


@dataclass(frozen=True)
class Typed:
    """One value of a repeatable field (an email, a phone, a web address) and its label."""

    value: str
    kind: str = ""
    line: int = 0


@dataclass(frozen=True)
class Address:
    """A postal address in the vCard's structure; `label` is a formatted form if given."""

    kind: str = ""
    po_box: str = ""
    extended: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    label: str = ""

    @property
    def structured(self) -> bool:
        parts = (self.po_box, self.extended, self.street, self.locality, self.region)
        return any(parts) or bool(self.postal_code or self.country)

    def formatted(self) -> str:
        """One line: 'Street, Extended, PO Box, 12345 City, Region, Country'."""
        if not self.structured:
            return ", ".join(line.strip() for line in self.label.splitlines() if line.strip())
        town = " ".join(p for p in (self.postal_code, self.locality) if p)
        parts = [self.street, self.extended, self.po_box, town, self.region, self.country]
        return ", ".join(" ".join(p.split()) for p in parts if p.strip())

    def fields(self) -> dict[str, str]:
        """The non-empty parts, as stored and compared."""
        names = ["kind", "po_box", "extended", "street", "locality", "region"]
        names += ["postal_code", "country", "label"]
        return {name: getattr(self, name) for name in names if getattr(self, name)}


@dataclass
class Card:
    """One record of a contact file, as text."""

    record: int
    line: int
    full_name: str = ""
    family: str = ""
    given: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""
    phonetic_family: str = ""
    phonetic_given: str = ""
    nickname: str = ""
    org: str = ""
    org_units: list[str] = field(default_factory=list)
    title: str = ""
    emails: list[Typed] = field(default_factory=list)
    phones: list[Typed] = field(default_factory=list)
    urls: list[Typed] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    birthday: Typed | None = None
    notes: list[str] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    timezone: str = ""
    language: str = ""
    source: str = ""
    stage: str = ""
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str, skipped: bool = False) -> None:
        self.problems.append(Problem(self.record, line, message, skipped))

    def keep(self, label: str, value: str) -> None:
        """A value that has no field of its own but matters: kept in the notes."""
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        text = " ".join(value.split()) if "\n" not in value else value.strip()
        if text and (label, text) not in self.extras:
            self.extras.append((label, text))

    @property
    def empty(self) -> bool:
        names = (self.full_name, self.family, self.given, self.nickname, self.org)
        return not any(names) and not (self.emails or self.phones or self.urls)


def addresses_text(addresses: list[dict[str, str]]) -> str:
    """Addresses as `person show` prints them, one a line: 'work: 2875 Laurier, ...'."""
    return "\n".join(
        f"{a.kind}: {text}" if a.kind else text
        for a in (Address(**fields) for fields in addresses)
        if (text := a.formatted())
    )
