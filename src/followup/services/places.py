"""Where people are: countries and their time zones, from the tz database shipped in tzdata."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from followup.domain.errors import InvalidInput

# Countries spanning several zones: the zone most of their business runs on. zone.tab
# lists them in no such order (Brazil's first entry is an island off the coast).
MAIN_ZONE = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "AU": "Australia/Sydney",
    "RU": "Europe/Moscow",
    "CN": "Asia/Shanghai",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "DE": "Europe/Berlin",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "UA": "Europe/Kyiv",
}


@cache
def _zones_by_country() -> dict[str, list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            zones.setdefault(fields[0], []).append(fields[2])
    return zones


def country_code(text: str) -> str:
    """An ISO 3166 alpha-2 code, upper case, or a clear error."""
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or code not in _zones_by_country():
        raise InvalidInput(f"unknown country {text!r}: use a two-letter ISO code such as DE or JP")
    return code


def zone_of_country(code: str | None) -> str | None:
    """The main time zone of a country, or None if it is not known."""
    if not code:
        return None
    return MAIN_ZONE.get(code) or next(iter(_zones_by_country().get(code, [])), None)


def country_of_zone(name: str) -> str | None:
    """The country a time zone lies in (Europe/Berlin -> DE), or None (UTC, Etc/...)."""
    for code, zones in _zones_by_country().items():
        if name in zones:
            return code
    return None


def zones_of_country(code: str) -> list[str]:
    """Every zone of a country (zone.tab's order)."""
    return list(_zones_by_country().get(code, []))
