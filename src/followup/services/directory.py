"""Users and accounts: who owns relationships, and the organisations people belong to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.contacts import normalise_email
from followup.domain.errors import Conflict, FollowupError, InvalidInput, NotFound
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import Account, Role, User
from followup.domain.names import id_in, required_name, within
from followup.services import versions
from followup.services.checkins import refresh_checkin
from followup.services.etiquette import etiquette_document, row_checkin
from followup.services.places import country_code
from followup.services.workspace import Workspace, refresh_due
from followup.store import directory
from followup.store import service as service_store
from followup.store.tables import accounts


def add_user(
    ws: Workspace,
    name: str,
    timezone: str,
    now: datetime,
    email: str | None = None,
    role: Role = Role.MEMBER,
) -> User:
    """A new team member; names are unique regardless of case."""
    name = required_name(name, "user name", 200)
    email = normalise_email(email) if email else None
    zone(timezone)
    with ws.transaction() as conn:
        if directory.user_named(conn, name):
            raise Conflict(f"user {name!r} already exists")
        return directory.insert_user(conn, name, timezone, email, role, now)


def ensure_first_user(ws: Workspace, name: str, timezone: str, now: datetime) -> User | None:
    """Create the default admin user if the workspace has no user yet; else None."""
    with ws.transaction() as conn:
        if directory.all_users(conn):
            return None
    return add_user(ws, name, timezone, now, role=Role.ADMIN)


def list_users(ws: Workspace) -> list[User]:
    with ws.transaction() as conn:
        return directory.all_users(conn)


def current_user(conn: Connection, wanted: str | None, login: str | None) -> User:
    """The user named `wanted`; else the one named after the login; else the only one."""
    if wanted:
        user = directory.user_named(conn, wanted)
        if user is None:
            raise NotFound(f"unknown user {wanted!r}: see 'followup user list'")
        return user
    if login and (user := directory.user_named(conn, login)):
        return user
    users = directory.all_users(conn)
    if not users:
        raise NotFound("no user yet: run 'followup init' or 'followup user add NAME'")
    if len(users) == 1:
        return users[0]
    raise InvalidInput(
        f"several users and none named {login!r}: pass --user NAME or set FOLLOWUP_USER"
    )


def add_account(
    ws: Workspace,
    name: str,
    now: datetime,
    owner: str | None,
    login: str | None,
    country: str | None = None,
    tier: str | None = None,
    culture: str | None = None,
) -> Account:
    name = required_name(name, "account name")
    within(tier, 64, "tier")
    code = country_code(country) if country else None
    if culture:
        ws.cultures.get(culture)
    with ws.transaction() as conn:
        if directory.account_named(conn, name):
            raise Conflict(f"account {name!r} already exists")
        user = current_user(conn, owner, login)
        account = Account(
            id=0, name=name, country=code, culture=culture, tier=tier, owner_id=user.id
        )
        added = directory.insert_account(conn, account, now)
        refresh_checkin(ws, conn, added.id)
        return added


@dataclass
class AccountChanges:
    """What `account edit` can change; None means 'not given', '' clears."""

    name: str | None = None
    country: str | None = None
    culture: str | None = None
    tier: str | None = None
    owner: str | None = None
    version: int | None = None  # the version edited; a newer stored one refuses the edit


def edit_account(ws: Workspace, ref: str, changes: AccountChanges, now: datetime) -> dict[str, Any]:
    """Change what was given; check-ins and the due times of its people follow."""
    with ws.transaction() as conn:
        account = find_account(conn, ref)
        values = _account_values(ws, conn, account, changes)
        claim_account(conn, account, changes.version, **values)
        refresh_checkin(ws, conn, account.id)
        if {"country", "culture"} & set(values):  # its people's rhythms may follow
            for person_id in directory.people_at(conn, account.id):
                refresh_due(ws, conn, person_id, now)
    return show_account(ws, str(account.id))


def _account_values(
    ws: Workspace, conn: Connection, account: Account, changes: AccountChanges
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if changes.name is not None:
        name = required_name(changes.name, "account name")
        same = directory.account_named(conn, name)
        if same is not None and same.id != account.id:
            raise Conflict(f"account {name!r} already exists")
        values["name"] = name
    if changes.country is not None:
        values["country"] = country_code(changes.country) if changes.country else None
    if changes.culture is not None:
        values["culture"] = ws.cultures.get(changes.culture).key if changes.culture else None
    if changes.tier is not None:
        values["tier"] = within(changes.tier, 64, "tier") or None
    if changes.owner is not None:
        values["owner_id"] = current_user(conn, changes.owner, None).id
    return values


def claim_account(conn: Connection, account: Account, expected: int | None, **values: Any) -> None:
    """Move the account to its next version (setting `values`); Stale if no longer at
    `expected`."""
    where = accounts.c.id == account.id
    versions.claim(conn, accounts, where, expected, f"account {account.name}", **values)


def find_account(conn: Connection, ref: str) -> Account:
    """An account by id or by name (case does not matter)."""
    account = None
    account_id = id_in(ref)
    if account_id is not None:
        account = directory.account_by_id(conn, account_id)
    account = account or directory.account_named(conn, ref.strip())
    if account is None:
        raise NotFound(f"unknown account {ref!r}: see 'followup account list'")
    return account


def list_accounts(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        return [account_summary(ws, row) for row in directory.accounts_with_counts(conn)]


def account_summary(ws: Workspace, row: Any) -> dict[str, Any]:
    """An account row with its owner's name and its number of people, as listed."""
    return {
        "id": row.id,
        "name": row.name,
        "country": row.country,
        "culture": ws.cultures.resolve(row.culture, row.country).key,
        "tier": row.tier,
        "owner": row.owner,
        "people": row.people,
        "version": row.version,
    }


def show_account(ws: Workspace, ref: str) -> dict[str, Any]:
    """An account with its owner, its culture's etiquette and its people."""
    from followup.services import views
    from followup.store import people as people_store

    with ws.transaction() as conn:
        account = find_account(conn, ref)
        owner = directory.user_by_id(conn, account.owner_id) if account.owner_id else None
        profile = ws.cultures.resolve(account.culture, account.country)
        rows = people_store.listing(conn, account_id=account.id)
        contacts = people_store.contacts_for(conn, [row.id for row in rows])
        return {
            "id": account.id,
            "name": account.name,
            "country": account.country,
            "tier": account.tier,
            "owner": owner.name if owner else None,
            "culture": profile.key,
            "etiquette": etiquette_document(profile),
            "next_checkin": views.iso(row_checkin(conn, account.id)),
            "people": [views.person_summary(row, *contacts[row.id]) for row in rows],
            "version": account.version,
            "warnings": tier_warnings(conn, account.tier),
        }


def tier_warnings(conn: Connection, tier: str | None) -> list[str]:
    """A tier no one defined (`account add --tier` takes any name, `tier set` only a
    defined one): the account silently gets the default's response times."""
    if not tier or tier in service_store.tiers(conn):
        return []
    return [
        f"tier {tier!r} is not defined, so the default tier's response time and check-ins "
        f"apply to this account; define it under Settings → Service tiers or with "
        f"'followup tier add {tier} --response 4h'"
    ]


def agenda_owner(ws: Workspace, wanted: str | None, login: str | None) -> User:
    """The user whose agenda is asked for (their time zone reads a bare --at)."""
    with ws.transaction() as conn:
        return current_user(conn, wanted, login)


def moment_for(
    ws: Workspace, at: str | None, wanted: str | None, login: str | None, now: datetime
) -> datetime:
    """`at` (ISO) read in the time zone of the user whose agenda is asked for; else now."""
    if not at:
        return now
    return parse_moment(at, zone(agenda_owner(ws, wanted, login).timezone))[0]


def viewer_timezone(ws: Workspace, login: str | None) -> str:
    """The acting user's time zone for showing times, UTC when nobody can be told apart."""
    try:
        return agenda_owner(ws, None, login).timezone
    except FollowupError:
        return "UTC"


def acting_user(ws: Workspace, login: str | None) -> User | None:
    """Who the changes made under `login` are recorded as: the user named so, else the
    only user; None before there is one to tell (the set-up commands)."""
    with ws.transaction() as conn:
        try:
            return current_user(conn, None, login)
        except FollowupError:
            return None


def require_user(ws: Workspace, name: str) -> None:
    """Refuse an explicitly named acting user who does not exist (once any user does)."""
    with ws.transaction() as conn:
        if directory.all_users(conn) and directory.user_named(conn, name) is None:
            raise NotFound(
                f"unknown user {name!r} (from --as or FOLLOWUP_USER): see 'followup user list'"
            )
