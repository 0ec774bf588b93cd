"""Which characters a contact file's bytes mean: byte order marks, UTF-16 without one,
and the legacy code pages that phones and Outlook still write (Shift_JIS, Windows-1252)."""

from __future__ import annotations

import codecs
import re
import unicodedata

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What a CHARSET parameter may say, and the codec that reads what phones really wrote:
# Japanese phones' "SHIFT_JIS" is Microsoft's superset (cp932), "ISO-8859-1" from Outlook
# is really Windows-1252.
CODEC_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "utf8": "utf-8",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def unicode_encoding(data: bytes) -> tuple[str | None, int]:
    """(the Unicode encoding a BOM or UTF-16's zero bytes reveal, the BOM's length)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    sample = data[:400]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le", 0
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be", 0
    return None, 0


def as_8bit(data: bytes) -> tuple[bytes, bool]:
    """The bytes in an ASCII-compatible encoding (UTF-16/32 become UTF-8), and whether
    they are known to be UTF-8 (a BOM or a transcoding said so)."""
    name, skip = unicode_encoding(data)
    if name is None:
        return data, False
    if name == "utf-8":
        return data[skip:], True
    text = data[skip:].decode(name, errors="replace")
    return text.encode("utf-8"), True


def looks_binary(data: bytes) -> bool:
    """Whether the bytes are no text at all (an image, a zip, a spreadsheet)."""
    sample = as_8bit(data[:8192])[0]
    if not sample:
        return False
    return sample.count(0) > 0 or len(_CONTROL.findall(sample)) > len(sample) * 0.02


def codec_for(charset: str) -> str | None:
    """The Python codec for a CHARSET parameter, or None if it names nothing known."""
    name = charset.strip().strip('"').lower()
    name = CODEC_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def legacy_codec(data: bytes, declared: list[str]) -> str:
    """The code page to read bytes that are not UTF-8 with: the one the file declares
    most, else Shift_JIS if the bytes read as Japanese, else Windows-1252."""
    codecs_declared = [c for c in (codec_for(d) for d in declared) if c and c != "utf-8"]
    if codecs_declared:
        return max(set(codecs_declared), key=codecs_declared.count)
    if reads_as_japanese(data):
        return "cp932"
    return "cp1252"


def reads_as_japanese(data: bytes) -> bool:
    """Whether the non-ASCII bytes decode as Shift_JIS into mostly kana and kanji."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return False
    japanese = [c for c in wide if _is_japanese(c)]
    kana = any("\u3040" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9f" for c in wide)
    return kana and len(japanese) >= 0.8 * len(wide)


def _is_japanese(char: str) -> bool:
    return (
        "\u3000" <= char <= "\u30ff"
        or "\u4e00" <= char <= "\u9fff"
        or "\uff00" <= char <= "\uffef"
        or unicodedata.category(char).startswith("P")
    )


def decode(data: bytes, codec: str | None, fallback: str) -> tuple[str, bool]:
    """The text of a value: in its declared `codec`, else UTF-8, else the file's
    `fallback` code page; and False when the bytes were not what the card declared.

    A declared value cut off mid-character (a truncated file) keeps its declared reading
    with the broken end replaced, rather than becoming mojibake in another code page.
    """
    first = codec or "utf-8"
    try:
        return data.decode(first), True
    except UnicodeDecodeError as exc:
        if codec and exc.end >= len(data) and exc.start >= len(data) - 3:
            return data.decode(codec, errors="replace"), False
    for name in (fallback, "cp1252"):
        try:
            return data.decode(name), codec is None
        except UnicodeDecodeError:
            continue
    return data.decode(first, errors="replace"), False


def text_of(data: bytes) -> tuple[str, str]:
    """The whole file as text, and the encoding it was read with (for CSV files)."""
    name, skip = unicode_encoding(data)
    if name is not None:
        return data[skip:].decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if reads_as_japanese(data):
        return data.decode("cp932"), "cp932"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
