"""Write cards as a Google Contacts CSV (which Google imports, and followup reads back).

Google's current header ('First Name', 'E-mail 1 - Value', ...), with as many e-mail,
phone, address and website groups as the person with the most needs, led by a 'Name'
column (the name as shown, which the parts alone cannot always rebuild) and followed by
followup's own 'Time Zone', 'Language', 'Met At' and 'Stage'. A cell a spreadsheet would
run as a formula is quoted in front (formats/csv_cells.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from followup.domain.cards import Address, Card
from followup.formats.csv_cells import guarded

LEAD = [
    "Name",
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
]
TAIL = ["Time Zone", "Language", "Met At", "Stage"]
ADDRESS_PARTS = (
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
)


def write_csv(cards: Sequence[Card]) -> str:
    emails = max((len(c.emails) for c in cards), default=0)
    phones = max((len(c.phones) for c in cards), default=0)
    addresses = max((len(c.addresses) for c in cards), default=0)
    urls = max((len(c.urls) for c in cards), default=0)
    header = list(LEAD)
    header += [f"E-mail {i} - {p}" for i in range(1, emails + 1) for p in ("Label", "Value")]
    header += [f"Phone {i} - {p}" for i in range(1, phones + 1) for p in ("Label", "Value")]
    header += [f"Address {i} - {p}" for i in range(1, addresses + 1) for p in ADDRESS_PARTS]
    header += [f"Website {i} - {p}" for i in range(1, urls + 1) for p in ("Label", "Value")]
    header += TAIL
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for card in cards:
        writer.writerow([guarded(cell) for cell in _row(card, emails, phones, addresses, urls)])
    return out.getvalue()


def _row(card: Card, emails: int, phones: int, addresses: int, urls: int) -> list[str]:
    birthday = card.birthday.value if card.birthday else ""
    row = [
        card.full_name,
        card.given,
        card.middle,
        card.family,
        card.phonetic_given,
        card.phonetic_family,
        card.prefix,
        card.suffix,
        card.nickname,
        card.org,
        card.title,
        " / ".join(card.org_units),
        birthday,
        "\n\n".join(card.notes),
    ]
    row += _typed([(e.kind, e.value) for e in card.emails], emails)
    row += _typed([(p.kind, p.value) for p in card.phones], phones)
    for index in range(addresses):
        row += _address(card.addresses[index]) if index < len(card.addresses) else [""] * 9
    row += _typed([(u.kind, u.value) for u in card.urls], urls)
    return [*row, card.timezone, card.language, card.source, card.stage]


def _address(a: Address) -> list[str]:
    parts = [a.kind, a.label, a.street, a.locality, a.po_box, a.region, a.postal_code]
    return [*parts, a.country, a.extended]


def _typed(values: list[tuple[str, str]], width: int) -> list[str]:
    cells: list[str] = []
    for index in range(width):
        kind, value = values[index] if index < len(values) else ("", "")
        cells += [kind, value]
    return cells
