"""Reading HTML form values: empty fields mean 'not given', text areas hold lists."""

from __future__ import annotations

from fastapi import Form

from followup.domain.errors import InvalidInput

# The hidden `version` of an edit form: the version of the record the page showed. A
# record changed since is refused (409), its message shown in the page.
VERSION = Form(None, ge=1, le=2**31 - 1)


def optional(value: str | None) -> str | None:
    """None for an empty or blank field."""
    return value.strip() or None if value is not None else None


def lines(value: str | None) -> list[str]:
    """The non-empty lines (or comma-separated parts) of a text field."""
    parts = (value or "").replace(",", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """(added, removed) between two list fields."""
    old, new = lines(before), lines(after)
    return [v for v in new if v not in old], [v for v in old if v not in new]


def pairs(value: str | None, what: str, example: str) -> dict[str, str]:
    """'KEY=VALUE' lines as a mapping; a line without both sides is refused by name."""
    found: dict[str, str] = {}
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        key, sep, item = line.partition("=")
        if not sep or not key.strip() or not item.strip():
            raise InvalidInput(f"{what} line {line.strip()!r}: write KEY=VALUE, e.g. {example}")
        found[key.strip()] = item.strip()
    return found
