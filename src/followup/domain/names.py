"""How names are compared: case, width and spacing do not make two people different."""

from __future__ import annotations

import unicodedata

from followup.domain.errors import InvalidInput


def search_key(name: str) -> str:
    """'  ANNA  Schmidt' and 'anna schmidt' (and full-width forms) give the same key."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: str) -> str:
    """The name as shown: surrounding and repeated spaces removed."""
    return " ".join(name.split())


def required_name(text: str | None, what: str, limit: int = 300) -> str:
    """The cleaned name, or a clear error when it is empty or longer than `limit`
    characters (as shown or as compared: folding can lengthen it)."""
    name = clean_name(text or "")
    if not name:
        raise InvalidInput(f"{what} must not be empty")
    if max(len(name), len(search_key(name))) > limit:
        raise InvalidInput(f"{what} {name[:40]!r}... is too long: at most {limit} characters")
    return name


def within(text: str | None, limit: int, what: str) -> str | None:
    """`text` if it has at most `limit` characters, else a clear error that names it."""
    if text is not None and len(text) > limit:
        raise InvalidInput(f"{what} {text[:40]!r}... is too long: at most {limit} characters")
    return text


def id_in(reference: str) -> int | None:
    """The row id a reference names ('12', '#12'), or None when it is not one.

    Only ASCII digits count: str.isdigit() also accepts superscripts ('¹'), which int()
    refuses, and other scripts' digits, which nobody types as an id.
    """
    text = reference.strip().removeprefix("#")
    return int(text) if text.isascii() and text.isdecimal() else None
