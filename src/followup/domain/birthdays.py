"""Birthdays as exports write them, kept as ISO dates ('1980-03-21') or without a year
('--03-21', as vCard 4.0 writes a birthday whose year nobody told)."""

from __future__ import annotations

import re
from datetime import date, datetime

from followup.domain.errors import InvalidInput

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$")
# Outlook writes these when there is no birthday.
EMPTY = frozenset(
    {"0/0/00", "0/0/0000", "0.0.00", "00.00.0000", "00.00.00", "1/1/1601", "1601-01-01"}
)
WORDED = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%y", "%d-%b-%Y", "%b %d %Y")
TWO_DIGIT_PIVOT = 30  # '15/01/24' is 2024, '15/01/75' is 1975
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "PW", "MH"})


def parse_birthday(text: str, country: str | None = None) -> str | None:
    """ISO 'YYYY-MM-DD' or '--MM-DD', None for Outlook's 'no birthday', or a clear error.

    Slashed dates are month first for US-style countries (and where the day cannot be
    the first number), day first elsewhere; dotted dates are always day first.
    """
    value = text.strip()
    if not value or value in EMPTY:
        return None
    if match := _ISO.match(value):
        return _checked(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _NO_YEAR.match(value):
        day = _checked(2000, int(match[1]), int(match[2]), text)
        return "--" + day[5:]
    if match := _NUMERIC.match(value):
        return _numeric(match, country, text)
    for pattern in WORDED:
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return _checked(moment.year, moment.month, moment.day, text)
    raise InvalidInput(f"birthday {text!r} is not a date")


def _numeric(match: re.Match[str], country: str | None, text: str) -> str:
    first, separator, second, year_text = match.groups()
    a, b, year = int(first), int(second), int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < TWO_DIGIT_PIVOT else 1900
    month_first = separator == "/" and (country is None or country in MONTH_FIRST_COUNTRIES)
    if separator == "/" and a > 12:
        month_first = False
    elif separator == "/" and b > 12:
        month_first = True
    month, day = (a, b) if month_first else (b, a)
    return _checked(year, month, day, text)


def _checked(year: int, month: int, day: int, text: str) -> str:
    try:
        found = date(year, month, day)
    except ValueError:
        raise InvalidInput(f"birthday {text!r} is not a date") from None
    if not 1850 <= year <= 2200:
        raise InvalidInput(f"birthday {text!r} is not a plausible date")
    return found.isoformat()
