"""In town anyway: who is worth meeting in a city during a visit, and a note to send.

A person is in the city when their address names it (or one of its aliases: München,
Munich, Muenchen); a person without an address is there when their time zone is the
city's own (Asia/Tokyo for Tokyo), which the listing says is the weaker evidence.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup.domain import going_dark
from followup.domain.cadence import cadence_due, welcome_from
from followup.domain.errors import InvalidInput
from followup.domain.localtime import at_local, day_words, format_day, zone
from followup.domain.model import Dossier, Stage
from followup.domain.reasons import every

# A satisfaction check-in due this soon after the visit is worth doing in person now.
CHECKIN_AHEAD = timedelta(days=30)


@dataclass(frozen=True)
class City:
    name: str
    aliases: tuple[str, ...]  # folded spellings, the name's among them
    zones: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()  # as written (what a database search looks for)


@dataclass(frozen=True)
class Window:
    """The visit: from the start of its first day to the end of its last (user's zone)."""

    first: date
    last: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Candidate:
    """A person in the city, what we know of them, and their account's next check-in."""

    dossier: Dossier
    match: str  # "address" or "time zone"
    checkin_due: datetime | None = None


@dataclass(frozen=True)
class Visit:
    person_id: int
    name: str
    account: str | None
    match: str
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    note: str


def fold(text: str) -> str:
    """'MÜNCHEN ' -> 'munchen', 'São Paulo' -> 'sao paulo': case, accents and spacing go."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


def parse_cities(text: str) -> dict[str, City]:
    """Cities by every folded spelling, from data/cities.toml."""
    found: dict[str, City] = {}
    for entry in tomllib.loads(text)["cities"]:
        spellings = (entry["name"], *entry.get("aliases", []))
        zones = tuple(entry.get("zones", []))
        city = City(entry["name"], tuple(fold(s) for s in spellings), zones, spellings)
        for alias in city.aliases:
            found[alias] = city
    return found


def find_city(query: str, cities: Mapping[str, City], zone_names: Iterable[str]) -> City:
    """The city a user typed: a known one by any spelling, else by the IANA zones named
    after it (Asia/Tokyo), else just that spelling."""
    key = fold(query)
    if not key:
        raise InvalidInput("no city given: name the city you visit, e.g. München")
    if key in cities:
        return cities[key]
    zones = tuple(z for z in zone_names if fold(z.rsplit("/", 1)[-1].replace("_", " ")) == key)
    name = " ".join(query.split())
    return City(name, (key,), zones, (name,))


def match(address: str | None, timezone: str, city: City) -> str | None:
    """'address' when the address names the city, 'time zone' when there is no address
    and the person's zone is the city's, else None."""
    if address and address.strip():
        folded = fold(address)
        for alias in city.aliases:
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", folded):
                return "address"
        return None
    return "time zone" if timezone in city.zones else None


def window(first: date, last: date, tz_name: str) -> Window:
    if last < first:
        raise InvalidInput(
            f"the visit ends ({last.isoformat()}) before it starts ({first.isoformat()})"
        )
    if (last - first).days > 92:
        raise InvalidInput("a visit is at most three months long: split it")
    tz = zone(tz_name)
    midnight = time(0)
    return Window(
        first, last, at_local(first, midnight, tz), at_local(last + timedelta(days=1), midnight, tz)
    )


def worth_meeting(
    candidate: Candidate, visit: Window, city: City, user_name: str, tz_name: str
) -> Visit | None:
    """The person with the reasons to meet them during the visit, or None if there are none."""
    dossier = candidate.dossier
    if dossier.person.stage is Stage.COLLEAGUE:
        return None
    tz = zone(tz_name)
    found = _reasons(candidate, visit, tz_name)
    if not found:
        return None
    warnings = []
    welcome = welcome_from(dossier.person, dossier.rhythm, dossier.touches)
    if welcome is not None and welcome > visit.start:
        when = format_day(welcome, tz, visit.first)
        rule = (
            "as agreed"
            if dossier.rhythm and dossier.rhythm.agreed
            else "by their culture's default"
        )
        warnings.append(
            f"next contact welcome from {when} ({rule}): "
            + ("meet them from then" if welcome < visit.end else "that is after your visit")
        )
    note = draft_note(dossier, city, visit, [purpose for purpose, _ in found], user_name)
    return Visit(
        dossier.person.id,
        dossier.person.name,
        dossier.account_name,
        candidate.match,
        tuple(text for _, text in found),
        tuple(warnings),
        note,
    )


def _reasons(candidate: Candidate, visit: Window, tz_name: str) -> list[tuple[str, str]]:
    """(purpose, reason) pairs: why this person is worth meeting during the visit."""
    dossier = candidate.dossier
    tz = zone(tz_name)
    found = []
    dark = going_dark.dark_of(dossier)
    gone = dark is not None and dark.since < visit.end
    if gone:  # first: the note for someone silent carries no pressure
        found.append(
            ("catch_up", "has gone dark: a visit is a natural reason to be in touch again")
        )
    if dossier.person.stage is Stage.PROSPECT:
        found.append(("decision", "a prospect, deliberating: a visit answers questions in person"))
    elif not gone and dossier.rhythm is not None:
        due = cadence_due(dossier.person, dossier.rhythm, dossier.touches)
        if due < visit.end:
            found.append(
                (
                    "check_in",
                    f"due for a check-in ({every(dossier.rhythm.every_days)}; due "
                    f"{format_day(due, tz, visit.first)})",
                )
            )
    checkin = candidate.checkin_due
    customer = dossier.person.stage in (Stage.CUSTOMER, Stage.PARTNER)
    if customer and checkin is not None and checkin < visit.end + CHECKIN_AHEAD:
        when = format_day(checkin, tz, visit.first)
        text = f"the account's satisfaction check-in is due {when}: ask in person while there"
        found.append(("satisfaction", text))
    return found


PURPOSES = {
    "decision": "to answer any questions you may have while you weigh our proposal",
    "check_in": "to hear how things are going on your side",
    "catch_up": "with no agenda, simply to catch up",
    "satisfaction": "to hear how satisfied you are with us and what we could do better",
}


def draft_note(
    dossier: Dossier, city: City, visit: Window, purposes: list[str], user_name: str
) -> str:
    """An 'I'll be in town anyway' note: no pressure, one purpose, a question to answer."""
    tz_days = (
        f"on {day_words(visit.first)}"
        if visit.first == visit.last
        else f"from {day_words(visit.first)} to {day_words(visit.last)}"
    )
    at = f" at {dossier.account_name}" if dossier.account_name else ""
    return (
        f"Dear {dossier.person.name}, I will be in {city.name} anyway {tz_days}. If it suits "
        f"you, I would be glad to stop by{at} {PURPOSES[purposes[0]]}. Would one of those days "
        f"work for you? Best regards, {user_name}"
    )
