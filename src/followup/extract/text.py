"""What counts as text: bytes from a file or a pipe become text or a clear refusal."""

from __future__ import annotations

from followup.domain.errors import InvalidInput

MAX_CHARACTERS = 5_000_000


def as_text(data: bytes, source: str = "the input") -> str:
    """`data` decoded as UTF-8 (a byte-order mark is dropped; Windows-1252 accepted), or
    InvalidInput when it is binary."""
    if b"\x00" in data[:65536]:
        raise InvalidInput(f"{source} is binary, not text (a NUL byte at {data.index(0)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{source} is not text: byte {exc.start} is not UTF-8 ({data[exc.start]:#04x})"
            ) from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise InvalidInput(f"{source} is binary, not text ({controls} control characters)")
    return text


def check_size(text: str) -> None:
    if len(text) > MAX_CHARACTERS:
        raise InvalidInput(
            f"the notes are {len(text):,} characters; followup reads at most "
            f"{MAX_CHARACTERS:,} at a time"
        )
