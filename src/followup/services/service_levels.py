"""Service tiers, customer requests and breaches: `followup tier|request|report breaches`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.errors import Conflict, InvalidInput, NotFound, Stale
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import Direction, InteractionKind, User
from followup.domain.names import required_name, within
from followup.domain.promises import clean_what
from followup.domain.satisfaction import main_contact
from followup.domain.service_levels import (
    DEFAULT_RESPONSE_MINUTES,
    Tier,
    alert_at,
    deadline,
    format_minutes,
    format_span,
)
from followup.services import contact, views
from followup.services.checkins import refresh_checkin
from followup.services.directory import claim_account, current_user, find_account
from followup.services.people import resolve_person
from followup.services.subjects import entry_point
from followup.services.versions import refused
from followup.services.workspace import Workspace
from followup.store import intelligence as intel
from followup.store import people as people_store
from followup.store import service as store


def tier_document(tier: Tier, accounts: int | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": tier.name,
        "response_minutes": tier.response_minutes,
        "response": format_minutes(tier.response_minutes),
        "checkin_days": tier.checkin_days,
        "price": tier.price,
        "default": tier.is_default,
        "version": tier.version,
    }
    if accounts is not None:
        document["accounts"] = accounts
    return document


def save_tier(
    ws: Workspace,
    name: str,
    now: datetime,
    response_minutes: int | None,
    checkin_days: int | None = None,
    price: str | None = None,
    default: bool | None = None,
    new: bool = True,
    version: int | None = None,
) -> dict[str, Any]:
    """Add a tier (`new`) or change one (refused if no longer at `version`, when given);
    accounts on it get their check-in recomputed."""
    name = required_name(name, "tier name", 64)
    within(price, 200, "price")
    if checkin_days is not None and checkin_days < 1:
        raise InvalidInput("a check-in rhythm must be at least one day")
    with ws.transaction() as conn:
        known = store.tiers(conn)
        if new and name in known:
            raise Conflict(f"tier {name!r} already exists: change it with 'followup tier edit'")
        if not new and name not in known:
            raise NotFound(f"unknown tier {name!r}: see 'followup tier list'")
        if new and response_minutes is None:
            raise InvalidInput("a tier needs a response time: --response 4h")
        old = known.get(name)
        tier = Tier(
            name,
            response_minutes or (old.response_minutes if old else DEFAULT_RESPONSE_MINUTES),
            checkin_days if checkin_days is not None else (old.checkin_days if old else None),
            price if price is not None else (old.price if old else None),
            default if default is not None else bool(old and old.is_default),
        )
        if not store.save_tier(conn, tier, now, new, version):
            raise refused(f"tier {name!r}", version)
        on_it = store.accounts_with_tier(conn, name)
        for account_id in on_it:
            refresh_checkin(ws, conn, account_id)
        return tier_document(store.tiers(conn)[name], len(on_it))


def list_tiers(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        return [
            tier_document(tier, len(store.accounts_with_tier(conn, tier.name)))
            for tier in store.tiers(conn).values()
        ]


def set_tier(
    ws: Workspace, account_ref: str, name: str | None, version: int | None = None
) -> dict[str, Any]:
    """Put an account on a tier (None: on none); its next check-in follows. The tier is
    the account's: `version` is the account's."""
    with ws.transaction() as conn:
        account = find_account(conn, account_ref)
        if name is not None and name not in store.tiers(conn):
            raise NotFound(f"unknown tier {name!r}: add it with 'followup tier add'")
        claim_account(conn, account, version, tier=name)
        due = refresh_checkin(ws, conn, account.id)
        return {
            "account": account.name,
            "tier": name,
            "next_checkin": views.iso(due),
            "version": find_account(conn, str(account.id)).version,
        }


def add_request(
    ws: Workspace,
    account_ref: str,
    what: str,
    now: datetime,
    login: str | None,
    person: str | None = None,
    at: str | None = None,
    assign: str | None = None,
) -> dict[str, Any]:
    """Record a customer's request; it is due within the account's tier's response time.
    With the person who asked, it is also logged as an inbound message from them."""
    what = clean_what(what)
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        account = find_account(conn, account_ref)
        received = parse_moment(at, zone(user.timezone))[0] if at else now
        if received > now:
            raise InvalidInput(f"a request received at {at} is in the future")
        person_id = _who_asked(conn, person, account.id, account.name)
        owner = current_user(conn, assign, None) if assign else _owner(conn, account.owner_id, user)
        tier = _tier_of(conn, account.tier)
        minutes = tier.response_minutes if tier else DEFAULT_RESPONSE_MINUTES
        values = {
            "account_id": account.id, "person_id": person_id, "owner_id": owner.id,
            "what": what, "tier": tier.name if tier else None, "response_minutes": minutes,
            "received_at": received, "due_at": deadline(received, minutes),
            "alert_at": alert_at(received, minutes), "status": "open", "created_at": now,
        }  # fmt: skip
        request_id = store.insert_request(conn, values)
        if person:
            entry = contact.LogInput(
                InteractionKind.MESSAGE, Direction.IN, None, received.isoformat(),
                f"Request #{request_id}: {what}",
            )  # fmt: skip
            contact.log_in(ws, conn, user, person_id, entry, now)
        row = store.request_row(conn, request_id)
        assert row is not None
        return request_document(row, now)


def _who_asked(conn: Connection, ref: str | None, account_id: int, name: str) -> int:
    if ref:
        person_id = resolve_person(conn, ref)
        person = people_store.load_person(conn, person_id)
        assert person is not None
        if person.account_id != account_id:
            raise InvalidInput(f"{person.name} is not at {name}")
        return person_id
    chosen = main_contact(
        entry_point(r) for r in intel.account_people(conn, [account_id])[account_id]
    )
    if chosen is None:
        raise InvalidInput(f"nobody at {name} yet: add the person who asked, then --from PERSON")
    return chosen.person_id


def _owner(conn: Connection, owner_id: int | None, user: User) -> User:
    from followup.store.directory import user_by_id

    return (user_by_id(conn, owner_id) if owner_id else None) or user


def _tier_of(conn: Connection, name: str | None) -> Tier | None:
    tiers = store.tiers(conn)
    if name and name in tiers:
        return tiers[name]
    return next((t for t in tiers.values() if t.is_default), None)


def request_document(row: Any, now: datetime) -> dict[str, Any]:
    answered = row.responded_at or now
    late = answered - row.due_at if answered > row.due_at else None
    return {
        "id": row.id,
        "account": row.account_name,
        "person": {"id": row.person_id, "name": row.person_name},
        "owner": row.owner_name,
        "what": row.what,
        "tier": row.tier,
        "response": format_minutes(row.response_minutes),
        "received": views.iso(row.received_at),
        "due": views.iso(row.due_at),
        "status": row.status,
        "responded": views.iso(row.responded_at),
        "breach": late is not None,
        "late_by": format_span(late) if late else None,
        "late_minutes": int(late.total_seconds() // 60) if late else None,
        "version": row.version,
    }


def list_requests(
    ws: Workspace, now: datetime, account: str | None = None, everything: bool = False
) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        account_id = find_account(conn, account).id if account else None
        return [request_document(r, now) for r in store.requests(conn, account_id, not everything)]


def close_request(
    ws: Workspace,
    request_id: int,
    now: datetime,
    login: str | None,
    at: str | None = None,
    notes: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Mark a request as answered (when: now, or `at`); answering twice, or a request no
    longer at `version` (when given), is refused."""
    within(notes, 10_000, "notes")
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        row = store.request_row(conn, request_id)
        if row is None:
            raise NotFound(f"unknown request {request_id}: see 'followup request list'")
        if row.status != "open":
            raise Conflict(f"request {request_id} was already answered")
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
        if moment < row.received_at or moment > now:
            raise InvalidInput(
                f"request {request_id} cannot be answered at {at}: before it came or in the future"
            )
        if not store.close_request(conn, request_id, moment, user.id, notes or None, version):
            if version is None:  # answered by someone else since it was read above
                raise Conflict(f"request {request_id} was already answered")
            raise Stale(f"request #{request_id}", version)
        closed = store.request_row(conn, request_id)
        assert closed is not None
        return request_document(closed, now)


def breaches(ws: Workspace, now: datetime, since: str | None, login: str | None) -> dict[str, Any]:
    """Requests answered late, or still open past their response time; per tier."""
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        moment = parse_moment(since, zone(user.timezone))[0] if since else None
        rows = store.requests(conn, None, open_only=False)
    documents = [
        request_document(r, now) for r in rows if moment is None or r.received_at >= moment
    ]
    late = [d for d in documents if d["breach"]]
    tiers: dict[str, dict[str, int]] = {}
    for document in documents:
        entry = tiers.setdefault(document["tier"] or "(no tier)", {"requests": 0, "breaches": 0})
        entry["requests"] += 1
        entry["breaches"] += int(document["breach"])
    return {
        "since": views.iso(moment),
        "requests": len(documents),
        "breaches": late,
        "tiers": [{"tier": name, **counts} for name, counts in sorted(tiers.items())],
    }
