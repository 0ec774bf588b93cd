"""Email addresses and phone numbers as followup keeps them."""

from __future__ import annotations

import re
import unicodedata

from followup.domain.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


def normalise_email(text: str) -> str:
    """The address in lower case, or a clear error if it is not one."""
    email = text.strip().lower()
    # Every label of the domain must be non-empty: 'a@example.com.' or 'a@x..com' is no address.
    empty_label = "" in email.rpartition("@")[2].split(".")
    if len(email) > 254 or not _EMAIL.match(email) or empty_label:
        raise InvalidInput(f"invalid email address {text!r}")
    return email


def normalise_phone(text: str) -> str:
    """Digits with an optional leading '+', separators removed, or a clear error.

    Full-width forms and other scripts' digits (as on business cards from Japan or the
    Gulf) become the same ASCII digits, so one number has one spelling.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)
    stripped = folded.strip()
    plus = stripped.startswith("+") or stripped.startswith("00")
    digits = re.sub(r"[^0-9]", "", stripped)
    if stripped.startswith("00"):
        digits = digits[2:]
    if len(digits) < 5 or len(digits) > 15 or re.search(r"[^\d\s()+\-./]", stripped):
        raise InvalidInput(f"invalid phone number {text!r}")
    return ("+" if plus else "") + digits
