"""Commitments written inline, as 'send the revised proposal by 2026-11-27'."""

from __future__ import annotations

from followup.domain.errors import InvalidInput


def split_promise(text: str) -> tuple[str, str]:
    """(what, due text) from 'WHAT by DATE'."""
    what, sep, due = text.rpartition(" by ")
    if not sep or not what.strip() or not due.strip():
        raise InvalidInput(
            f"invalid commitment {text!r}: write 'WHAT by DATE', e.g. 'send proposal by 2026-11-27'"
        )
    return " ".join(what.split()), due.strip()


def clean_what(text: str) -> str:
    what = " ".join(text.split())
    if not what:
        raise InvalidInput("a commitment needs a 'what': say what was promised")
    if len(what) > 2000:
        raise InvalidInput("a commitment's 'what' is limited to 2000 characters")
    return what
