"""Hostile contact files: random bytes, and vCard and CSV files that are almost right (valid
skeletons with mutated lines, random headers, quotes, separators and encodings). Reading and
understanding them (what `followup import` does before storing) gives cards and problems,
or a FollowupError, never another exception, and never hangs."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from followup.domain.intake import IntakeDefaults
from followup.formats.csv_headers import SIMPLE
from followup.services.intake_files import Source, understood_items
from tests.trust.fuzzing import FUZZ, survives

DEFAULTS = IntakeDefaults("DE", "Europe/Berlin")
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis"]
BREAKS = ["\r\n", "\n", "\r"]


def read_all(data: bytes, name: str, mapping: dict[str, str] | None = None) -> list[Any]:
    """Everything an import reads and understands in `data` (nothing is stored)."""
    _format, _total, items = understood_items(Source(name, data), None, mapping or {}, DEFAULTS, "")
    return list(items)


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
shouting = st.sampled_from(["", ";", ":", "\\", ",", '"', "=", "=\r\n", "\x00", " ", "\t"])

# -- vCard -------------------------------------------------------------------------------------

PROPERTIES = [
    "FN:Anna Schmidt",
    "N:Schmidt;Anna;;Dr.;",
    "N;CHARSET=SHIFT_JIS:山田;太郎",
    "EMAIL;TYPE=INTERNET,WORK:anna@example.test",
    "TEL;TYPE=CELL:+49 151 23456789",
    "TEL;TYPE=WORK,VOICE:(415) 555-0100 ext. 12",
    "ADR;TYPE=WORK:;;Hauptstr. 1;Berlin;;10115;Germany",
    "ORG:Example GmbH;Sales",
    "TITLE:Head of Sales",
    "BDAY:1980-03-21",
    "BDAY:--03-21",
    "TZ:Europe/Berlin",
    "URL:https://example.test",
    "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =\r\n soft",
    "NOTE:line one\\nline two\\, with a comma",
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
    "X-PHONETIC-FIRST-NAME:アンナ",
    "item1.EMAIL:a@b.test",
    "CATEGORIES:a,b,c",
    "KIND:org",
]


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(PROPERTIES))
    how = draw(st.integers(0, 7))
    if how == 0:  # cut anywhere
        return line[: draw(st.integers(0, len(line)))]
    if how == 1:  # something inserted anywhere
        at = draw(st.integers(0, len(line)))
        return line[:at] + draw(st.one_of(junk, shouting)) + line[at:]
    if how == 2:  # a parameter of any kind
        name, _, value = line.partition(":")
        return f"{name};{draw(junk)}={draw(junk)}:{value}"
    if how == 3:  # folded at a random place
        at = draw(st.integers(1, max(1, len(line))))
        return (
            line[:at]
            + draw(st.sampled_from(BREAKS))
            + draw(st.sampled_from([" ", "\t"]))
            + line[at:]
        )
    if how == 4:  # case changed
        return line.swapcase()
    if how == 5:  # a value of random text
        return line.partition(":")[0] + ":" + draw(junk)
    if how == 6:  # a random property
        return f"{draw(junk)}:{draw(junk)}"
    return line


@st.composite
def vcard_files(draw: st.DrawFn) -> bytes:
    cards = []
    for _ in range(draw(st.integers(1, 4))):
        version = draw(st.sampled_from(["2.1", "3.0", "4.0", "9", ""]))
        lines = ["BEGIN:VCARD", f"VERSION:{version}", *draw(st.lists(mutated_line(), max_size=12))]
        if draw(st.booleans()):
            lines.append("END:VCARD")
        cards.append(draw(st.permutations(lines)) if draw(st.integers(0, 9)) == 0 else lines)
    text = draw(st.sampled_from(BREAKS)).join(line for card in cards for line in card)
    return encoded(text, draw(st.sampled_from(ENCODINGS)))


@FUZZ
@given(vcard_files())
def test_almost_vcards_are_read_or_refused_clearly(data: bytes) -> None:
    survives("vcard", read_all, data, "contacts.vcf")


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["x.vcf", "x.csv", "x"]))
def test_random_bytes_are_read_or_refused_clearly(data: bytes, name: str) -> None:
    survives("bytes", read_all, data, name)
    survives("bytes", read_all, b"BEGIN:VCARD\r\n" + data, name)


# -- CSV --------------------------------------------------------------------------------------

HEADERS = sorted({header for names in SIMPLE.values() for header in names})
HEADERS += ["E-mail 1 - Value", "Phone 1 - Type", "Phone 2 - Value", "Address 1 - City"]


@st.composite
def csv_cell(draw: st.DrawFn) -> str:
    value = draw(
        st.one_of(junk, st.sampled_from(["anna@example.test", "+49 151 2345678", "3/21/1980"]))
    )
    quote = draw(st.sampled_from(["", '"', '""', "'"]))
    end = draw(st.sampled_from(["", quote, '"x']))
    return f"{quote}{value}{end}"


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, dict[str, str]]:
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(1, 8))
    header = [draw(st.one_of(st.sampled_from(HEADERS), junk)) for _ in range(width)]
    rows = [header] if draw(st.integers(0, 4)) else []
    for _ in range(draw(st.integers(0, 6))):
        size = draw(st.integers(0, width + 2))  # rows too short and too long
        rows.append([draw(csv_cell()) for _ in range(size)])
    preamble = draw(st.sampled_from(["", "Notes:\n\n", "sep=;\n"]))
    text = preamble + draw(st.sampled_from(BREAKS)).join(separator.join(r) for r in rows)
    mapping = {}
    if draw(st.integers(0, 4)) == 0:
        mapping[draw(st.one_of(st.sampled_from(header), junk))] = draw(
            st.sampled_from(["email", "phone", "name", "notes", "nothing"])
        )
    return encoded(text, draw(st.sampled_from(ENCODINGS))), mapping


@FUZZ
@given(csv_files())
def test_almost_csv_files_are_read_or_refused_clearly(file: tuple[bytes, dict[str, str]]) -> None:
    data, mapping = file
    survives("csv", read_all, data, "contacts.csv", mapping)
