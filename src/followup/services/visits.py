"""`followup visit CITY --from --to`: everyone worth meeting while you are in town anyway."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import available_timezones

from sqlalchemy import or_, select

from followup.domain.errors import InvalidInput
from followup.domain.localtime import parse_moment, zone
from followup.domain.visits import (
    Candidate,
    City,
    find_city,
    match,
    parse_cities,
    window,
    worth_meeting,
)
from followup.services.directory import current_user
from followup.services.subjects import dossier_of_row
from followup.services.workspace import Workspace
from followup.store.intelligence import CONTACT_COLUMNS
from followup.store.tables import accounts, agreements, people


@cache
def cities() -> dict[str, City]:
    text = resources.files("followup.data").joinpath("cities.toml").read_text("utf-8")
    return parse_cities(text)


def _day(text: str, tz_name: str, what: str) -> date:
    try:
        return parse_moment(text, zone(tz_name))[0].astimezone(zone(tz_name)).date()
    except InvalidInput:
        raise InvalidInput(
            f"invalid {what} date {text!r}: use ISO 8601 such as 2026-12-01"
        ) from None


def visit(
    ws: Workspace,
    city_text: str,
    first: str,
    last: str,
    login: str | None,
    everyone: bool = False,
) -> dict[str, Any]:
    """The people in `city` worth meeting from `first` to `last` (days, your time zone),
    each with the reasons and a draft note; only yours unless `everyone`."""
    city = find_city(city_text, cities(), available_timezones())
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        span = window(
            _day(first, user.timezone, "--from"), _day(last, user.timezone, "--to"), user.timezone
        )
        query = (
            select(
                *CONTACT_COLUMNS,
                people.c.address,
                accounts.c.checkin_due_at.label("account_checkin"),
            )
            .outerjoin(accounts, accounts.c.id == people.c.account_id)
            .outerjoin(agreements, agreements.c.person_id == people.c.id)
            .where(_near(city))
            .order_by(people.c.name, people.c.id)
        )
        if not everyone:
            query = query.where(people.c.owner_id == user.id)
        rows = conn.execute(query).all()
    found = []
    for row in rows:
        where = match(row.address, row.timezone, city)
        if where is None:
            continue
        candidate = Candidate(dossier_of_row(ws, row), where, row.account_checkin)
        entry = worth_meeting(candidate, span, city, user.name, user.timezone)
        if entry is not None:
            found.append(entry)
    return {
        "city": city.name,
        "from": span.first.isoformat(),
        "to": span.last.isoformat(),
        "people": [
            {
                "id": v.person_id, "name": v.name, "account": v.account, "matched_by": v.match,
                "reasons": list(v.reasons), "warnings": list(v.warnings), "note": v.note,
            }
            for v in found
        ],
    }  # fmt: skip


def _near(city: City) -> Any:
    """A first cut in the database (the address mentions a spelling, or there is no address
    and the zone is the city's); `match` then decides on folded text."""
    variants = {v for s in city.spellings for v in (s, s.lower(), s.upper(), s.title())}
    named = [people.c.address.ilike(f"%{v}%") for v in sorted(variants)]
    no_address = or_(people.c.address.is_(None), people.c.address == "")
    zoned = no_address & people.c.timezone.in_(city.zones) if city.zones else None
    return or_(*named, *([zoned] if zoned is not None else []))
