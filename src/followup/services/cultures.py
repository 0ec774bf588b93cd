"""Culture profiles as a team sees and edits them: `followup culture show|edit|reset`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from followup.domain.culture import DEFAULT_PROFILE, FIELDS, INHERITED, CultureBook
from followup.domain.culture_edits import (
    LIST_FIELDS,
    CultureEdit,
    appended,
    apply_edits,
    edited_book,
    field_name,
    parse_assignment,
    profile_key,
)
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.names import within
from followup.services.checkins import refresh_checkin
from followup.services.culture_book import shipped_raw
from followup.services.directory import current_user
from followup.services.places import country_code
from followup.services.versions import refused
from followup.services.workspace import Workspace, refresh_due
from followup.store import cultures as store
from followup.store.tables import accounts, people


def list_profiles(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        edited = {e.profile for e in store.edits(conn)}
        versions = store.versions(conn)
    return [
        {
            "key": p.key,
            "name": p.name,
            "countries": list(p.countries),
            "cadence_days": {stage.value: days for stage, days in p.cadence_days.items()},
            "min_gap_days": p.min_gap_days,
            "channel": p.channel.value,
            "feedback_channel": p.feedback_channel.value,
            "edited": p.key in edited,
            "version": versions.get(p.key, 1),
        }
        for p in sorted(
            ws.cultures.profiles.values(), key=lambda p: (p.key != DEFAULT_PROFILE, p.key)
        )
    ]


def show_profile(ws: Workspace, key: str) -> dict[str, Any]:
    """Every field of a profile: its value, where it comes from, and the note saying why."""
    profile = ws.cultures.get(key)
    with ws.transaction() as conn:
        edits = store.edits(conn)
        version = store.versions(conn).get(profile.key, 1)
    shipped = shipped_raw()
    raw = apply_edits(shipped, edits)[profile.key]
    edited = {e.field: e for e in edits if e.profile == profile.key}
    fields = [_field(profile.key, name, raw, shipped, edited, ws.cultures) for name in FIELDS]
    fields += [
        _field(profile.key, name, raw, shipped, edited, ws.cultures)
        for name in sorted(edited)
        if name.startswith("cadence_days.")
    ]
    return {
        "key": profile.key,
        "name": profile.name,
        "source": profile.source,
        "fields": fields,
        "faux_pas": [{"text": f.text, "on": sorted(f.on)} for f in profile.faux_pas],
        "version": version,
    }


def _field(
    key: str,
    name: str,
    raw: dict[str, Any],
    shipped: dict[str, Any],
    edited: dict[str, CultureEdit],
    book: CultureBook,
) -> dict[str, Any]:
    profile = book.get(key)
    head, _, stage = name.partition(".")
    value = raw.get(head)
    if stage:
        value = (value or {}).get(stage)
    if name in edited:
        origin, note = "workspace", edited[name].provenance()
    elif head in shipped.get(key, {}):
        descriptive = head in ("name", "countries", "notes")
        origin, note = "shipped", "" if descriptive else profile.note_for(head)
    elif head in INHERITED and key != DEFAULT_PROFILE:
        value = _inherited(book, head)
        origin, note = "default profile", book.get(DEFAULT_PROFILE).note_for(head)
    else:
        origin, note = "not set", ""
    return {"field": name, "value": value, "origin": origin, "note": note}


def _inherited(book: CultureBook, name: str) -> Any:
    value = getattr(book.get(DEFAULT_PROFILE), name)
    if isinstance(value, tuple):
        return [getattr(v, "value", v) for v in value]
    return getattr(value, "value", value)


def edit_profile(
    ws: Workspace,
    key: str,
    sets: list[str],
    adds: list[str],
    now: datetime,
    login: str | None,
    note: str | None = None,
    create: bool = False,
    version: int | None = None,
) -> dict[str, Any]:
    """Apply `--set FIELD=VALUE` and `--add FIELD=VALUE` to a profile (a new one with
    `create`); refused whole, with nothing written, if the result is not valid or the
    profile is no longer at `version` (when given)."""
    key = profile_key(key)
    within(note, 1000, "note")
    if not sets and not adds:
        raise InvalidInput("nothing to change: give --set FIELD=VALUE or --add FIELD=VALUE")
    with ws.transaction() as conn:
        if key not in ws.cultures.profiles and not create:
            raise InvalidInput(
                f"unknown culture profile {key!r}: use --new to create it "
                f"(known: {', '.join(sorted(ws.cultures.profiles))})"
            )
        if key in ws.cultures.profiles and create:
            raise Conflict(f"culture profile {key!r} already exists: edit it without --new")
        who = current_user(conn, None, login).name
        _claim(conn, key, version)
        existing = store.edits(conn)
        changes = _changes(key, sets, adds, existing, who, now, note)
        book = edited_book(shipped_raw(), _merged(existing, changes))
        _check_countries(book, key)
        store.save(conn, changes, now)
        moved = _refresh(ws, conn, book, key, now)
    return {**show_profile(ws, key), "recomputed": moved}


def _changes(
    key: str,
    sets: list[str],
    adds: list[str],
    existing: list[CultureEdit],
    who: str,
    now: datetime,
    note: str | None,
) -> list[CultureEdit]:
    values: dict[str, Any] = {}
    for text in sets:
        field, value = parse_assignment(text)
        values[field] = value
    current = apply_edits(shipped_raw(), existing)
    for text in adds:
        field, value = parse_assignment(text)
        if field not in LIST_FIELDS:
            raise InvalidInput(
                f"--add takes a list field ({', '.join(LIST_FIELDS)}), not {field!r}"
            )
        base = values.get(field, current.get(key, {}).get(field, _default_list(current, field)))
        values[field] = appended(base, value)
    return [CultureEdit(key, field, value, who, now, note) for field, value in values.items()]


def _default_list(current: dict[str, Any], field: str) -> Any:
    if field in INHERITED:
        return current[DEFAULT_PROFILE].get(field, INHERITED[field])
    return []


def _merged(existing: list[CultureEdit], changes: list[CultureEdit]) -> list[CultureEdit]:
    replaced = {(c.profile, c.field) for c in changes}
    return [e for e in existing if (e.profile, e.field) not in replaced] + changes


def _check_countries(book: CultureBook, key: str) -> None:
    for code in book.get(key).countries:
        try:
            country_code(code)
        except InvalidInput:
            raise InvalidInput(
                f"invalid culture edit: unknown country code {code!r} in profile {key}; "
                "use two-letter ISO codes such as DE or JP"
            ) from None


def reset_profile(
    ws: Workspace, key: str, fields: list[str], now: datetime, version: int | None = None
) -> dict[str, Any]:
    """Forget the team's edits of a profile (of some fields only, if named); a profile
    created in the workspace goes away, unless someone still uses it. Refused if the
    profile is no longer at `version` (when given)."""
    key = profile_key(key)
    names = [field_name(f) for f in fields]
    with ws.transaction() as conn:
        existing = store.edits(conn)
        mine = [e for e in existing if e.profile == key and (not names or e.field in names)]
        if key not in ws.cultures.profiles:
            raise InvalidInput(f"unknown culture profile {key!r}")
        if not mine:
            raise Conflict(f"culture profile {key!r} has no workspace edits to reset")
        _claim(conn, key, version)
        remaining = [e for e in existing if e not in mine]
        book = edited_book(shipped_raw(), remaining)
        if key not in book.profiles:
            persons, orgs = store.users_of(conn, key)
            if persons or orgs:
                raise Conflict(
                    f"culture profile {key!r} is used by {persons} people and {orgs} accounts: "
                    "move them to another profile first"
                )
        store.remove(conn, key, names or None)
        moved = _refresh(ws, conn, book, key, now)
        version = store.versions(conn)[key]
    return {"key": key, "reset": [e.field for e in mine], "recomputed": moved, "version": version}


def _claim(conn: Connection, key: str, version: int | None) -> None:
    """Move the profile to its next version; Stale if no longer at `version`."""
    if not store.claim_profile(conn, key, version):
        raise refused(f"culture profile {key!r}", version)


def _refresh(
    ws: Workspace, conn: Connection, book: CultureBook, key: str, now: datetime
) -> dict[str, int]:
    """Put `book` in force and recompute the stored due times it can move: of everyone
    whose profile was or becomes `key`."""
    old, ws.cultures = ws.cultures, book
    try:
        return _recompute(ws, conn, old, book, key, now)
    except BaseException:
        ws.cultures = old  # the transaction rolls back: so do the profiles in force
        raise


def _recompute(
    ws: Workspace, conn: Connection, old: CultureBook, book: CultureBook, key: str, now: datetime
) -> dict[str, int]:
    persons = orgs = 0
    query = select(
        people.c.id, people.c.culture, people.c.country,
        accounts.c.culture.label("account_culture"), accounts.c.country.label("account_country"),
    ).outerjoin(accounts, accounts.c.id == people.c.account_id)  # fmt: skip
    for row in conn.execute(query).all():
        if key in _keys(
            old, book, row.culture or row.account_culture, row.country, row.account_country
        ):
            refresh_due(ws, conn, row.id, now)
            persons += 1
    for org in conn.execute(select(accounts.c.id, accounts.c.culture, accounts.c.country)).all():
        if key in _keys(old, book, org.culture, org.country):
            refresh_checkin(ws, conn, org.id)
            orgs += 1
    return {"people": persons, "accounts": orgs}


def _keys(
    old: CultureBook, new: CultureBook, culture: str | None, *countries: str | None
) -> set[str]:
    found = set()
    for book in (old, new):
        if culture and culture not in book.profiles:
            found.add(culture)
            continue
        found.add(book.resolve(culture, *countries).key)
    return found
