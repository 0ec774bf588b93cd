"""vCard content lines: unfolding, quoted-printable soft breaks, names and parameters.

Works on bytes, because a vCard 2.1 declares the character set per property (a Japanese
phone writes Shift_JIS, Outlook writes Windows-1252), so a value can only be decoded once
its parameters are known. Every line keeps the number of the physical line it started on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

_BREAK = re.compile(rb"\r*\n|\r")  # iOS writes \r\r\n: one break, not a blank line between
_PROPERTY_START = re.compile(rb"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?[;:]")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+\Z")
_CARD_EDGE = re.compile(rb"^(BEGIN|END):VCARD\s*$", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})


@dataclass(slots=True)
class Property:
    """One content line: `group.NAME;PARAM=...:value`, the value still as bytes."""

    line: int
    name: str
    raw: bytes
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def param(self, key: str) -> str:
        """The first value of parameter `key` ('' if absent)."""
        values = self.params.get(key)
        return values[0] if values else ""

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", []) if t]

    @property
    def encoding(self) -> str:
        return self.param("ENCODING").upper()


@dataclass(frozen=True)
class BadLine:
    """A line inside a card that is no property (no name, no colon)."""

    line: int
    text: str


def logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(first line number, unfolded content line) for every non-blank content line.

    A line starting with a space or tab continues the previous one (the space is the
    fold). A quoted-printable value ending in '=' continues on the next line even without
    indentation, across blank lines (as cut-off exports have them); a vCard 2.1 base64
    value continues over unindented lines until a blank line or the next property.
    """
    lines = _BREAK.split(data)
    count, index = len(lines), 0
    while index < count:
        line = lines[index]
        index += 1
        if not line or line.isspace():
            continue
        start, pieces = index, [line.lstrip(b"\xef\xbb\xbf") if index == 1 else line]
        head = line[: line.find(b":")] if b";" in line else b""
        soft = bool(head) and b"QUOTED-PRINTABLE" in head.upper()
        base64 = bool(head) and (b"BASE64" in head.upper() or b"ENCODING=B" in head.upper())
        while index < count:
            following = lines[index]
            if soft and pieces[-1].endswith(b"=") and not _CARD_EDGE.match(following):
                if following.strip():
                    pieces[-1] = pieces[-1][:-1]
                    pieces.append(following)
            elif following[:1] in (b" ", b"\t"):
                pieces.append(following[1:])
            elif base64 and following.strip() and not _PROPERTY_START.match(following):
                pieces.append(following.strip())
            else:
                break
            index += 1
        yield start, pieces[0] if len(pieces) == 1 else b"".join(pieces)


def parse_line(number: int, raw: bytes) -> Property | BadLine:
    """The property on one unfolded content line, or a BadLine saying it is none."""
    colon = raw.find(b":")
    if colon > 0 and b'"' in raw[:colon]:
        colon = _outside_quotes(raw, ord(":"))
    if colon <= 0:
        return BadLine(number, _shown(raw))
    head = raw[:colon].decode("utf-8", errors="replace")
    parts = _split_params(head) if ";" in head else [head]
    group, dot, name = parts[0].strip().rpartition(".")
    if not _TOKEN.match(name) or (dot and not _TOKEN.match(group)):
        return BadLine(number, _shown(raw))
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        _add_param(params, part.strip())
    return Property(number, name.upper(), raw[colon + 1 :], group, params)


def _add_param(params: dict[str, list[str]], text: str) -> None:
    if not text:
        return  # 'ADR;HOME;PREF;:' (German Outlook) has an empty parameter
    key, sep, value = text.partition("=")
    if not sep:
        # vCard 2.1 bare parameters: 'TEL;WORK;VOICE', 'NOTE;QUOTED-PRINTABLE'
        bare = key.upper()
        params.setdefault("ENCODING" if bare in ENCODINGS else "TYPE", []).append(bare)
        return
    key = key.strip().upper()
    values = [value.strip()]
    if key == "TYPE":
        values = [v.strip().strip('"') for v in value.strip('"').split(",")]
    else:
        values = [value.strip().strip('"')]
    params.setdefault(key, []).extend(v for v in values if v)


def _split_params(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    parts, start, quoted = [], 0, False
    for index, char in enumerate(head):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(head[start:index])
            start = index + 1
    parts.append(head[start:])
    return parts


def _outside_quotes(raw: bytes, target: int) -> int:
    """The index of the first `target` byte not inside double quotes (-1 if none)."""
    first = raw.find(b":")
    if first < 0 or b'"' not in raw[:first]:
        return first
    quoted = False
    for index, byte in enumerate(raw):
        if byte == 34:
            quoted = not quoted
        elif byte == target and not quoted:
            return index
    return -1


def _shown(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    return text if len(text) <= 40 else text[:37] + "..."


def is_edge(prop: Property, word: str) -> bool:
    """Whether `prop` is BEGIN:VCARD or END:VCARD (any case), `word` being BEGIN or END."""
    return prop.name == word and prop.raw.strip().upper() == b"VCARD"


def unescape(text: str) -> str:
    """vCard text escapes: \\n a new line, \\, \\; \\\\ themselves."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(text: str, separator: str = ";") -> list[str]:
    """The parts of a structured value, split on unescaped separators, each unescaped."""
    if "\\" not in text:
        return text.split(separator)
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [unescape(part) for part in parts]


def folded_width(text: str) -> str:
    """Half-width kana (as Japanese phones write readings) in their usual full width."""
    return unicodedata.normalize("NFKC", text)
