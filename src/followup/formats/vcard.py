"""Read vCard 2.1, 3.0 and 4.0 files into cards, liberally.

Everything real exports do is accepted: quoted-printable with soft breaks, a character
set per property (or none, in the phone's code page), UTF-16 with a byte order mark,
folded lines, `itemN.` groups with Apple labels, vCard 2.1 bare parameters, several
emails, phones and addresses, ORG with units, phonetic names (X-PHONETIC-*, SORT-AS,
SORT-STRING, SOUND;X-IRMC-N), cards cut off without END:VCARD. What cannot be read is
reported with its record and line; photos are checked and dropped.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from followup.domain.cards import Card, Problem
from followup.formats import vcard_fields
from followup.formats.encoding import as_8bit, codec_for, decode, legacy_codec
from followup.formats.vcard_lines import BadLine, Property, is_edge, logical_lines, parse_line

_CARD_END = re.compile(rb"^[ \t]*END:VCARD[ \t]*(?:\r*\n|\r|$)", re.IGNORECASE | re.MULTILINE)
_CHARSETS = re.compile(rb"CHARSET=\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
BINARY = frozenset({"PHOTO", "LOGO", "KEY", "SOUND"})
NOISE = frozenset({"internet", "pref", "voice", "x400", "x-irmc-n", "encoding"})


def looks_like_vcard(data: bytes) -> bool:
    head = as_8bit(data[:4096])[0].lstrip().upper()
    return head.startswith(b"BEGIN:VCARD") or b"\nBEGIN:VCARD" in head


def count_cards(data: bytes) -> int:
    """How many cards the file holds (for a progress bar), cheaply."""
    return len(re.findall(rb"^\s*BEGIN:VCARD", as_8bit(data)[0], re.IGNORECASE | re.MULTILINE))


def read_vcards(data: bytes) -> Iterator[Card | Problem]:
    """Every card of a vCard file in order, and the problems of the file itself."""
    yield from _Reader(*prepared(data)).cards()


def prepared(data: bytes) -> tuple[bytes, str]:
    """The file's bytes in an ASCII-compatible encoding, and the code page for values
    that declare no character set and are not UTF-8."""
    data, known_utf8 = as_8bit(data)
    if known_utf8 or _is_utf8(data):
        return data, "utf-8"
    declared = [c.decode("ascii", "replace") for c in _CHARSETS.findall(data)]
    return data, legacy_codec(data, declared)


def read_part(data: bytes, fallback: str) -> Iterator[Card | Problem]:
    """The cards of one part of a prepared file (records and lines counted from 1)."""
    yield from _Reader(data, fallback).cards()


def split_cards(data: bytes, size: int) -> list[bytes]:
    """The prepared file in parts of about `size` cards, cut only after an END:VCARD."""
    parts, start, seen = [], 0, 0
    for end in _CARD_END.finditer(data):
        seen += 1
        following = data[end.end() : end.end() + 64].lstrip()
        # Never after the END of a card nested in an AGENT: the next line must begin one.
        if seen >= size and (not following or following[:11].upper() == b"BEGIN:VCARD"):
            parts.append(data[start : end.end()])
            start, seen = end.end(), 0
    if start < len(data):
        parts.append(data[start:])
    return parts


class _Reader:
    def __init__(self, data: bytes, fallback: str) -> None:
        self.data, self.fallback = data, fallback

    def cards(self) -> Iterator[Card | Problem]:
        record, begin, nested, outside = 0, 0, 0, False
        props: list[Property | BadLine] | None = None
        for number, raw in logical_lines(self.data):
            item = parse_line(number, raw)
            edge = _edge(item)
            if edge == "BEGIN":
                if props is not None and _last_name(props) == "AGENT":
                    nested += 1  # a vCard 2.1 AGENT holds a card of its own: not ours
                    continue
                if props is not None:
                    yield self.card(record, begin, props, ended=False)
                record, begin, props, outside = record + 1, number, [], False
            elif edge == "END":
                if nested:
                    nested -= 1
                elif props is not None:
                    yield self.card(record, begin, props, ended=True)
                    props = None
            elif props is None:
                if not outside:  # once per stretch of stray text, not once a line
                    yield Problem(0, number, "text outside BEGIN:VCARD ... END:VCARD; ignored")
                outside = True
            elif not nested:
                props.append(item)
        if props is not None:
            yield self.card(record, begin, props, ended=False)

    def card(self, record: int, line: int, items: list[Property | BadLine], ended: bool) -> Card:
        card = Card(record, line)
        if not ended:
            card.problem(line, "the card has no END:VCARD (the file may be cut off); kept it")
        props = [item for item in items if isinstance(item, Property)]
        for bad in (item for item in items if isinstance(item, BadLine)):
            card.problem(bad.line, f"{bad.text!r} is no vCard property; ignored it")
        labels = {p.group: self.text(p, card) for p in props if p.group and p.name == "X-ABLABEL"}
        for prop in props:
            if prop.name in BINARY and not _is_reading(prop):
                _check_binary(card, prop)
                continue
            handler = vcard_fields.HANDLERS.get(prop.name)
            if handler is not None:
                kind = _kind(prop, labels) if prop.group or "TYPE" in prop.params else ""
                handler(card, prop, self.text(prop, card), kind)
        vcard_fields.attach_labels(card)
        return card

    def text(self, prop: Property, card: Card) -> str:
        """The value of `prop` as text: transfer encoding undone, character set applied."""
        raw = prop.raw
        if not prop.params:
            try:
                return _lines(raw.decode("utf-8"))
            except UnicodeDecodeError:
                pass
        if prop.encoding == "QUOTED-PRINTABLE":
            raw = binascii.a2b_qp(raw)
        elif prop.encoding in ("B", "BASE64"):
            raw = _base64(raw) or raw
        charset = prop.param("CHARSET")
        codec = codec_for(charset) if charset else None
        if charset and codec is None:
            card.problem(prop.line, f"{prop.name} has an unknown CHARSET {charset!r}; guessed")
        text, valid = decode(raw, codec, self.fallback)
        if not valid:
            said = charset or "UTF-8"
            card.problem(prop.line, f"{prop.name} is not valid {said}; read it as best I could")
        return _lines(text)


def _edge(item: Property | BadLine) -> str:
    """'BEGIN' or 'END' for BEGIN:VCARD and END:VCARD (any case), else ''."""
    if isinstance(item, Property) and item.name in ("BEGIN", "END") and is_edge(item, item.name):
        return item.name
    return ""


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _last_name(items: list[Property | BadLine]) -> str:
    last = items[-1] if items else None
    return last.name if isinstance(last, Property) and not last.raw.strip() else ""


def _is_reading(prop: Property) -> bool:
    """SOUND;X-IRMC-N is the phonetic reading of the name (Japanese phones), not a sound."""
    return prop.name == "SOUND" and "x-irmc-n" in prop.types


def _check_binary(card: Card, prop: Property) -> None:
    """Photos, logos, keys and sounds are dropped; broken inline data is reported."""
    raw = prop.raw.strip()
    if prop.encoding in ("B", "BASE64") and raw and _base64(raw) is None:
        card.problem(prop.line, f"the {prop.name}'s base64 data is broken; dropped it")


def _base64(raw: bytes) -> bytes | None:
    data = re.sub(rb"\s+", b"", raw)
    try:
        return base64.b64decode(data + b"=" * (-len(data) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _kind(prop: Property, labels: dict[str, str]) -> str:
    """The label of a value: an Apple `itemN.X-ABLabel`, else its TYPE (without noise)."""
    label = labels.get(prop.group, "").strip()
    if label:
        return label.removeprefix("_$!<").removesuffix(">!$_").lower()
    kinds = (t.lower() for t in prop.params.get("TYPE", ()))
    return ",".join(t for t in kinds if t and t not in NOISE and not t.startswith("pref="))
