"""Export people as vCard or CSV: the service behind `followup export`.

What is exported re-imports to the same people (names and their parts, company and
department, title, emails, phones, addresses, web addresses, birthday, notes, time
zone, where they were met, stage), and a country with no address goes out as an
address holding only the country, so that it survives the trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pycountry

from followup.domain.cards import Address, Card, Typed
from followup.domain.errors import InvalidInput
from followup.domain.model import Stage, Triage
from followup.formats.csv_write import write_csv
from followup.formats.vcard_write import VERSIONS, write_vcards
from followup.services.directory import current_user, find_account
from followup.services.places import country_code
from followup.services.workspace import Workspace
from followup.store import intake as store
from followup.store.people import contacts_for

FILTERS = ("event", "account", "stage", "owner", "triage", "country")


@dataclass
class ExportOptions:
    file_format: str
    filters: dict[str, str] = field(default_factory=dict)
    vcard_version: str = "4.0"


def export_people(ws: Workspace, options: ExportOptions) -> tuple[str, int]:
    """(the file's text, how many people it holds)."""
    if options.file_format not in ("vcf", "csv"):
        raise InvalidInput(f"unknown export format {options.file_format!r}: use vcf or csv")
    if options.vcard_version not in VERSIONS:
        raise InvalidInput(f"unknown vCard version {options.vcard_version!r}: use 4.0 or 3.0")
    with ws.transaction() as conn:
        where = _columns(conn, options.filters)
        rows = store.export_rows(conn, where)
        contacts = contacts_for(conn, [row.id for row in rows])
    cards = [card_of_row(n, row, *contacts[row.id]) for n, row in enumerate(rows, 1)]
    if options.file_format == "csv":
        return write_csv(cards), len(cards)
    return write_vcards(cards, options.vcard_version), len(cards)


def _columns(conn: Any, filters: dict[str, str]) -> dict[str, Any]:
    where: dict[str, Any] = {}
    for key, value in filters.items():
        if key not in FILTERS:
            raise InvalidInput(f"unknown filter {key!r}: use one of {', '.join(FILTERS)}")
        if key == "event":
            where["source"] = value
        elif key == "account":
            where["account_id"] = find_account(conn, value).id
        elif key == "owner":
            where["owner_id"] = current_user(conn, value, None).id
        elif key == "country":
            where["country"] = country_code(value)
        else:
            where[key] = _choice(key, value, Stage if key == "stage" else Triage)
    return where


def _choice(key: str, value: str, kind: type[Stage] | type[Triage]) -> str:
    try:
        return kind(value.strip().lower()).value
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        raise InvalidInput(f"invalid {key} {value!r}: choose one of {choices}") from None


def card_of_row(record: int, row: Any, emails: list[str], phones: list[str]) -> Card:
    """A stored person as a card, ready to write."""
    addresses = [Address(**fields) for fields in row.addresses or []]
    if not addresses and row.address:
        addresses = [Address(label=row.address)]
    if row.country and not any(a.country for a in addresses):
        country = pycountry.countries.get(alpha_2=row.country)
        addresses.append(Address(country=country.name if country else row.country))
    return Card(
        record=record,
        line=0,
        full_name=row.name,
        family=row.family_name or "",
        given=row.given_name or "",
        middle=row.middle_name or "",
        prefix=row.name_prefix or "",
        suffix=row.name_suffix or "",
        phonetic_family=row.phonetic_family or "",
        phonetic_given=row.phonetic_given or "",
        nickname=row.nickname or "",
        org=row.account_name or "",
        org_units=[row.department] if row.department else [],
        title=row.title or "",
        emails=[Typed(e) for e in emails],
        phones=[Typed(p) for p in phones],
        urls=[Typed(u) for u in row.urls or []],
        addresses=addresses,
        birthday=Typed(row.birthday) if row.birthday else None,
        notes=[row.notes] if row.notes else [],
        timezone=row.timezone,
        language=row.language or "",
        source=row.source or "",
        stage=row.stage,
    )
