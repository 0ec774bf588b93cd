"""One CSV row to a card, by what each column holds."""

from __future__ import annotations

from collections import defaultdict

from followup.domain.cards import Address, Card, Typed
from followup.domain.personal_names import PREFIXES, split_name
from followup.formats.csv_headers import Role, phone_kind

MULTI = " ::: "  # Google packs several values into one cell so
NOISE = frozenset({"normal", "false", "unspecified", "0/0/00", "0.0.00"})
SETTERS = {
    "name": "full_name",
    "given": "given",
    "middle": "middle",
    "family": "family",
    "prefix": "prefix",
    "suffix": "suffix",
    "nickname": "nickname",
    "phonetic_given": "phonetic_given",
    "phonetic_family": "phonetic_family",
    "company": "org",
    "title": "title",
    "timezone": "timezone",
    "language": "language",
    "source": "source",
    "stage": "stage",
}


def card_of(
    record: int, line: int, row: list[str], headers: list[str], roles: dict[int, Role]
) -> Card:
    card = Card(record, line)
    slots: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for index, cell in enumerate(row):
        value = cell.strip()
        if not value:
            continue
        header = headers[index] if index < len(headers) else str(index + 1)
        role = roles.get(index)
        if role is None:
            if value.casefold() not in NOISE:
                card.keep(header.strip(), value)
            continue
        _apply(card, role, value, header, slots)
    _gather(card, slots, line)
    return card


def _apply(
    card: Card, role: Role, value: str, header: str, slots: dict[tuple[str, str], dict[str, str]]
) -> None:
    name = role.field
    if name in SETTERS:
        attribute = SETTERS[name]
        if not getattr(card, attribute):
            setattr(card, attribute, " ".join(value.split()))
        elif name == "name":
            card.keep(header, value)
    elif name == "honorific_or_title":
        is_honorific = value.lower().strip(".") in PREFIXES
        _apply(card, Role("prefix" if is_honorific else "title"), value, header, slots)
    elif name == "phonetic_name":
        split = split_name(value)
        card.phonetic_family = card.phonetic_family or split.family or split.given
        card.phonetic_given = card.phonetic_given or (split.given if split.family else "")
    elif name == "department":
        card.org_units.append(" ".join(value.split()))
    elif name == "notes":
        card.notes.append(value)
    elif name in ("email", "phone", "url", "address", "extra"):
        slot = slots[(name, role.slot or header)]
        slot[role.part] = f"{slot[role.part]}, {value}" if role.part in slot else value
        if name == "phone" and "kind" not in slot:
            slot["kind"] = phone_kind(header)
    elif name in ("birthday", "birth_year", "birth_month", "birth_day"):
        slots[("birthday", "")][name] = value
    elif name == "unnamed" and value.casefold() not in card.full_name.casefold():
        card.keep(f"column {header}", value)


def _gather(card: Card, slots: dict[tuple[str, str], dict[str, str]], line: int) -> None:
    for (name, slot), parts in slots.items():
        if name == "address":
            _address(card, slot, parts)
        elif name == "extra":
            card.keep(parts.get("type") or parts.get("label") or slot, parts.get("value", ""))
        elif name == "birthday":
            card.birthday = _birthday(parts, line)
        else:
            kind = parts.get("kind", "").lstrip("* ").lower()
            for value in parts.get("value", "").split(MULTI):
                if value.strip():
                    target = {"email": card.emails, "phone": card.phones, "url": card.urls}[name]
                    target.append(Typed(value.strip(), kind, line))


def _address(card: Card, slot: str, parts: dict[str, str]) -> None:
    kind = parts.pop("kind", "") or (slot if slot in ("work", "home", "other") else "")
    extended = parts.pop("extended", "")
    fields = {k: v for k, v in parts.items() if k in Address.__dataclass_fields__}
    address = Address(kind=kind.lstrip("* ").lower(), extended=extended, **fields)
    if address.structured or address.label:
        card.addresses.append(address)


def _birthday(parts: dict[str, str], line: int) -> Typed | None:
    if "birthday" in parts:
        return Typed(parts["birthday"], "", line)
    year, month, day = (parts.get(k, "") for k in ("birth_year", "birth_month", "birth_day"))
    if month.isdecimal() and day.isdecimal():
        prefix = f"{int(year):04d}-" if year.isdecimal() else "--"
        return Typed(f"{prefix}{int(month):02d}-{int(day):02d}", "", line)
    joined = " ".join(p for p in (year, month, day) if p)
    return Typed(joined, "", line) if joined else None
