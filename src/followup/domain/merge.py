"""Merging a contact into the person it already is: keep every distinct value, fill what
is empty, and never overwrite a non-empty field silently.

Where the card says something else than what is stored (another title, another
company), the stored value stays, the difference is reported as a conflict, and the
card's value is written into the notes, so that nothing is lost and nothing is changed
behind the user's back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from followup.domain.cards import Address
from followup.domain.intake import Contact
from followup.domain.personal_names import comparable

# Stored column -> the Contact's field.
FIELDS = {
    "given_name": "given",
    "family_name": "family",
    "middle_name": "middle",
    "name_prefix": "prefix",
    "name_suffix": "suffix",
    "phonetic_given": "phonetic_given",
    "phonetic_family": "phonetic_family",
    "nickname": "nickname",
    "company": "company",
    "department": "department",
    "title": "title",
    "birthday": "birthday",
    "language": "language",
}
LABELS = {"company": "company", "source": "event", "country": "country", "name": "name"}


@dataclass(frozen=True)
class Stored:
    """A stored person as merging needs them."""

    id: int
    values: Mapping[str, Any]
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    addresses: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class Conflict:
    field: str
    kept: str
    offered: str


@dataclass
class Merge:
    """What merging a contact changes on a stored person."""

    person_id: int
    values: dict[str, Any] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    addresses: list[Mapping[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.values or self.emails or self.phones or self.urls or self.addresses)


def plan_merge(stored: Stored, contact: Contact, source: str | None) -> Merge:
    """The merge of `contact` (met at `source`, if given) into `stored`."""
    merge = Merge(stored.id)
    offered = {column: getattr(contact, name) for column, name in FIELDS.items()}
    offered["source"] = source or ""
    for column, value in offered.items():
        _scalar(merge, stored, column, value)
    _place(merge, stored, contact)
    if comparable(contact.name) != comparable(str(stored.values.get("name") or "")):
        merge.conflicts.append(Conflict("name", str(stored.values.get("name")), contact.name))
    merge.emails = [e for e in contact.emails if e not in stored.emails]
    merge.phones = [p for p in contact.phones if p not in stored.phones]
    merge.urls = [u for u in contact.urls if u not in stored.urls]
    known = [dict(a) for a in stored.addresses]
    merge.addresses = [
        a.fields() for a in contact.addresses if a.fields() not in known and _tells(a, stored)
    ]
    _notes(merge, stored, contact)
    return merge


def _tells(address: Address, stored: Stored) -> bool:
    """Whether an address adds something: one that names only a country says no more than
    a person whose country is known (our own export writes a person's country so, and its
    re-import must change nothing)."""
    return set(address.fields()) != {"country"} or not stored.values.get("country")


def _scalar(merge: Merge, stored: Stored, column: str, value: str) -> None:
    if not value:
        return
    current = stored.values.get(column) or ""
    if not current:
        merge.values[column] = value
    elif str(current).casefold() != value.casefold():
        merge.conflicts.append(
            Conflict(LABELS.get(column, column.replace("_", " ")), current, value)
        )


def _place(merge: Merge, stored: Stored, contact: Contact) -> None:
    """The country fills an empty one (with the time zone that goes with it)."""
    current = stored.values.get("country") or ""
    if not contact.country:
        return
    if not current:
        merge.values["country"] = contact.country
        if contact.timezone_inferred and contact.timezone != stored.values.get("timezone"):
            merge.values["timezone"] = contact.timezone
    elif current != contact.country:
        merge.conflicts.append(Conflict("country", current, contact.country))


def _notes(merge: Merge, stored: Stored, contact: Contact) -> None:
    notes = str(stored.values.get("notes") or "")
    additions = []
    if contact.notes and contact.notes not in notes:
        additions.append(contact.notes)
    for conflict in merge.conflicts:
        line = f"Also given on import: {conflict.field} {conflict.offered!r}"
        if line not in notes and line not in additions:
            additions.append(line)
    if additions:
        merge.values["notes"] = "\n\n".join([notes, *additions] if notes else additions)
