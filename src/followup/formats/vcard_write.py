"""Write cards as vCard 4.0 (RFC 6350), or 3.0 (RFC 2426) for Apple and Google contacts.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character;
text is escaped as the RFCs say. Phonetic names go out as X-PHONETIC-FIRST-NAME and
X-PHONETIC-LAST-NAME, which Apple and Google read; followup's own facts (where the
person was met, their stage) as X-FOLLOWUP-SOURCE and X-FOLLOWUP-STAGE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from followup.domain.cards import Address, Card

VERSIONS = ("4.0", "3.0")
# A TYPE parameter is written only when it is a plain name (home, work, x-holiday): one
# taken from an imported file could hold ":" or a line break and end the parameters.
TYPE_NAME = re.compile(r"[A-Za-z0-9-]{1,40}")
FOLD = 75


def write_vcards(cards: Iterable[Card], version: str = "4.0") -> str:
    """All cards as one vCard file."""
    if version not in VERSIONS:
        raise ValueError(version)
    return "".join(vcard(card, version) for card in cards)


def vcard(card: Card, version: str = "4.0") -> str:
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"FN:{text(card.full_name)}"]
    parts = (card.family, card.given, card.middle, card.prefix, card.suffix)
    lines.append("N:" + ";".join(text(p) for p in parts))
    lines += _optional(card, version)
    for email in card.emails:
        lines.append(
            ("EMAIL:" if version == "4.0" else "EMAIL;TYPE=INTERNET:") + one_line(email.value)
        )
    for phone in card.phones:
        lines.append(_phone(one_line(phone.value), version))
    for address in card.addresses:
        lines += _address(address, version)
    lines += [f"URL:{text(url.value)}" for url in card.urls]
    if card.birthday is not None:
        lines.append(_birthday(one_line(card.birthday.value), version))
    lines += [f"NOTE:{text(note)}" for note in card.notes]
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def _optional(card: Card, version: str) -> list[str]:
    found = []
    for name, value in (
        ("X-PHONETIC-FIRST-NAME", card.phonetic_given),
        ("X-PHONETIC-LAST-NAME", card.phonetic_family),
        ("NICKNAME", card.nickname),
        ("TITLE", card.title),
    ):
        if value:
            found.append(f"{name}:{text(value)}")
    if card.org or card.org_units:
        found.append("ORG:" + ";".join(text(p) for p in [card.org, *card.org_units]))
    if card.timezone:
        found.append(("TZ:" if version == "4.0" else "TZ;VALUE=text:") + text(card.timezone))
    if card.language and version == "4.0":
        found.append(f"LANG:{text(card.language)}")
    for name, value in (("X-FOLLOWUP-SOURCE", card.source), ("X-FOLLOWUP-STAGE", card.stage)):
        if value:
            found.append(f"{name}:{text(value)}")
    return found


def _phone(e164: str, version: str) -> str:
    number, _, extension = e164.partition(";ext=")
    if version == "4.0":
        return f"TEL;VALUE=uri:tel:{number}" + (f";ext={extension}" if extension else "")
    return f"TEL:{number}" + (f" ext. {extension}" if extension else "")


def _address(address: Address, version: str) -> list[str]:
    kind = f";TYPE={address.kind}" if TYPE_NAME.fullmatch(address.kind) else ""
    parts = [address.po_box, address.extended, address.street, address.locality]
    parts += [address.region, address.postal_code, address.country]
    value = ";".join(text(p) for p in parts)
    if version == "3.0":  # the formatted address is a LABEL of the same TYPE
        labels = [f"LABEL{kind}:{text(address.label)}"] if address.label else []
        return [f"ADR{kind}:{value}", *labels] if address.structured else labels
    label = _newlines(address.label.replace('"', "'")).replace("\n", "\\n")
    return [f'ADR{kind};LABEL="{label}":{value}' if label else f"ADR{kind}:{value}"]


def _birthday(value: str, version: str) -> str:
    if value.startswith("--"):
        month_day = value[2:].replace("-", "")
        if version == "4.0":
            return f"BDAY:--{month_day}"
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{month_day[:2]}-{month_day[2:]}"
    return f"BDAY:{value.replace('-', '')}" if version == "4.0" else f"BDAY:{value}"


def text(value: str) -> str:
    """A text value escaped: backslash, new line (any: CR LF, LF or CR alone, which a
    reader could take for the end of the property), comma and semicolon."""
    return (
        _newlines(value.replace("\\", "\\\\"))
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def one_line(value: str) -> str:
    """A value that is no text (an address, a URI): any line break becomes a space, so it
    cannot end the property and start another."""
    return " ".join(_newlines(value).split("\n"))


def _newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def fold(line: str) -> str:
    """The line folded at 75 octets (continuations start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= FOLD:
        return line
    pieces, start, limit = [], 0, FOLD
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never inside a UTF-8 sequence
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, FOLD - 1
    return "\r\n ".join(pieces)
