"""Rhythm lengths as users write them: '14d' or '2w'."""

from __future__ import annotations

import re

from followup.domain.errors import InvalidInput

_DURATION = re.compile(r"^\s*(-?)(\d+)\s*([dw])\s*$", re.IGNORECASE)


def parse_days(text: str, what: str = "rhythm") -> int:
    """Days in a duration like '14d' or '2w'; at least one day."""
    match = _DURATION.match(text)
    if match is None:
        raise InvalidInput(f"invalid {what} {text!r}: write days or weeks such as 14d or 2w")
    minus, digits, unit = match.groups()
    significant = digits.lstrip("0")
    # More than nine digits is far beyond ten years (and int() refuses thousands of digits).
    number = int(significant or "0") if len(significant) <= 9 else 10**9
    days = (-number if minus else number) * (7 if unit.lower() == "w" else 1)
    if days < 1:
        raise InvalidInput(f"invalid {what} {text!r}: it must be at least one day")
    if days > 3660:
        raise InvalidInput(f"invalid {what} {text!r}: at most ten years")
    return days


def format_days(days: int) -> str:
    """'2 weeks', '10 days', '1 day'."""
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return "1 day" if days == 1 else f"{days} days"
