"""Service tiers, customer requests, feedback and each account's stored check-in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from followup.domain.service_levels import Tier
from followup.store.intel_tables import feedback, service_requests, service_tiers
from followup.store.tables import accounts, people, storable_id, users
from followup.store.versions import claim


def tier_from_row(row: Any) -> Tier:
    return Tier(
        row.name,
        row.response_minutes,
        row.checkin_days,
        row.price,
        bool(row.is_default),
        row.version,
    )


def tiers(conn: Connection) -> dict[str, Tier]:
    """Every tier by name (a handful: read whole)."""
    query = select(service_tiers).order_by(service_tiers.c.response_minutes, service_tiers.c.name)
    return {row.name: tier_from_row(row) for row in conn.execute(query)}


def save_tier(
    conn: Connection, tier: Tier, now: datetime, new: bool, expected: int | None = None
) -> bool:
    """Add `tier`, or change it if still at version `expected` (when given); False if not."""
    values = {
        "response_minutes": tier.response_minutes,
        "checkin_days": tier.checkin_days,
        "price": tier.price,
        "is_default": tier.is_default,
    }
    if new:
        conn.execute(insert(service_tiers).values(name=tier.name, created_at=now, **values))
    elif not claim(conn, service_tiers, service_tiers.c.name == tier.name, expected, **values):
        return False
    if tier.is_default:  # one default at most: the one that was is changed too
        conn.execute(
            update(service_tiers)
            .where(service_tiers.c.is_default.is_(True), service_tiers.c.name != tier.name)
            .values(is_default=False, version=service_tiers.c.version + 1)
        )
    return True


def accounts_with_tier(conn: Connection, name: str) -> list[int]:
    query = select(accounts.c.id).where(accounts.c.tier == name).order_by(accounts.c.id)
    return list(conn.execute(query).scalars())


def store_checkin(
    conn: Connection, account_id: int, due: datetime, last_feedback: datetime | None
) -> None:
    conn.execute(
        update(accounts)
        .where(accounts.c.id == account_id)
        .values(checkin_due_at=due, last_feedback_at=last_feedback)
    )


def account_row(conn: Connection, account_id: int) -> Row[Any] | None:
    if not storable_id(account_id):
        return None
    return conn.execute(select(accounts).where(accounts.c.id == account_id)).first()


def insert_feedback(conn: Connection, values: dict[str, Any]) -> int:
    key = conn.execute(insert(feedback).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def last_feedback_at(conn: Connection, account_id: int) -> datetime | None:
    query = (
        select(feedback.c.at)
        .where(feedback.c.account_id == account_id)
        .order_by(feedback.c.at.desc())
        .limit(1)
    )
    moment: datetime | None = conn.execute(query).scalar()
    return moment


def feedback_rows(
    conn: Connection, since: datetime | None = None, account_id: int | None = None
) -> Sequence[Row[Any]]:
    """All feedback (a report reads it whole), or one account's, oldest first, with
    account, culture and who gave it."""
    query = (
        select(
            feedback,
            accounts.c.name.label("account_name"),
            accounts.c.country.label("account_country"),
            accounts.c.culture.label("account_culture"),
            accounts.c.checkin_due_at,
            people.c.name.label("person_name"),
        )
        .join(accounts, accounts.c.id == feedback.c.account_id)
        .outerjoin(people, people.c.id == feedback.c.person_id)
        .order_by(feedback.c.account_id, feedback.c.at, feedback.c.id)
    )
    if since is not None:
        query = query.where(feedback.c.at >= since)
    if account_id is not None:
        query = query.where(feedback.c.account_id == account_id)
    return conn.execute(query).all()


def insert_request(conn: Connection, values: dict[str, Any]) -> int:
    key = conn.execute(insert(service_requests).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def request_row(conn: Connection, request_id: int) -> Row[Any] | None:
    if not storable_id(request_id):
        return None
    return conn.execute(_requests().where(service_requests.c.id == request_id)).first()


def close_request(
    conn: Connection,
    request_id: int,
    at: datetime,
    user_id: int,
    notes: str | None,
    expected: int | None = None,
) -> bool:
    """Answer an open request (at version `expected`, when given); False if it is not
    open any more or not at that version."""
    still_open = (service_requests.c.id == request_id) & (service_requests.c.status == "open")
    values = {"status": "done", "responded_at": at, "responded_by": user_id, "notes": notes}
    return claim(conn, service_requests, still_open, expected, **values)


def requests(
    conn: Connection, account_id: int | None = None, open_only: bool = True
) -> Sequence[Row[Any]]:
    query = _requests().order_by(service_requests.c.due_at, service_requests.c.id)
    if account_id is not None:
        query = query.where(service_requests.c.account_id == account_id)
    if open_only:
        query = query.where(service_requests.c.status == "open")
    return conn.execute(query).all()


def _requests() -> Any:
    owner = users.alias("owner")
    return (
        select(
            service_requests,
            accounts.c.name.label("account_name"),
            people.c.name.label("person_name"),
            owner.c.name.label("owner_name"),
        )
        .join(accounts, accounts.c.id == service_requests.c.account_id)
        .join(people, people.c.id == service_requests.c.person_id)
        .join(owner, owner.c.id == service_requests.c.owner_id)
    )
