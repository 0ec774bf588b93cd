"""Deals and the people in each decision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, func, insert, select, union, update

from followup.domain.deals import REVIVABLE_STAGES, Deal, DealPerson, DealStage, DecisionRole
from followup.store.people import chunks
from followup.store.tables import accounts, deal_people, deals, people, storable_id, users

# Deals a touch can revive: everything but the closed-for-good.
LIVELY = [s.value for s in REVIVABLE_STAGES]


def deal_from_row(row: Row[Any] | Mapping[str, Any]) -> Deal:
    m = row._mapping if isinstance(row, Row) else row
    return Deal(
        id=m["id"],
        account_id=m["account_id"],
        title=m["title"],
        owner_id=m["owner_id"],
        stage=DealStage(m["stage"]),
        timezone=m["timezone"],
        created_at=m["created_at"],
        stage_since=m["stage_since"],
        value=Decimal(m["value"]) if m["value"] is not None else None,
        currency=m["currency"],
        decision_on=m["decision_on"],
        live_by=m["live_by"],
        lost_reason=m["lost_reason"],
        last_touch_at=m["last_touch_at"],
        won_at=m["won_at"],
        template=m["template"],
        notes=m["notes"],
    )


def insert_deal(conn: Connection, values: Mapping[str, Any], now: datetime) -> int:
    row = {**values, "stage_since": now, "created_at": now, "updated_at": now}
    key = conn.execute(insert(deals).values(**row)).inserted_primary_key
    assert key is not None
    return int(key[0])


def update_deal(conn: Connection, deal_id: int, values: Mapping[str, Any], now: datetime) -> None:
    conn.execute(update(deals).where(deals.c.id == deal_id).values(**values, updated_at=now))


def _detailed() -> Any:
    return (
        select(
            deals,
            accounts.c.name.label("account_name"),
            accounts.c.country.label("account_country"),
            accounts.c.culture.label("account_culture"),
            users.c.name.label("owner_name"),
            users.c.email.label("owner_email"),
        )
        .join(accounts, accounts.c.id == deals.c.account_id)
        .join(users, users.c.id == deals.c.owner_id)
    )


def deal_row(conn: Connection, deal_id: int) -> Row[Any] | None:
    if not storable_id(deal_id):
        return None
    return conn.execute(_detailed().where(deals.c.id == deal_id)).first()


def deals_titled(conn: Connection, title: str) -> Sequence[Row[Any]]:
    """Deals whose title is `title` in any case (few: titles are short and specific)."""
    query = _detailed().where(deals.c.title.ilike(title.replace("%", r"\%"), escape="\\"))
    return conn.execute(query.order_by(deals.c.id)).all()


def listing(
    conn: Connection,
    owner_id: int | None = None,
    stages: Sequence[str] | None = None,
    account_id: int | None = None,
) -> Sequence[Row[Any]]:
    query = _filtered(_detailed(), owner_id, stages, account_id)
    return conn.execute(query.order_by(deals.c.decision_on, deals.c.id)).all()


def _filtered(
    query: Any, owner_id: int | None, stages: Sequence[str] | None, account_id: int | None
) -> Any:
    if owner_id is not None:
        query = query.where(deals.c.owner_id == owner_id)
    if stages:
        query = query.where(deals.c.stage.in_(stages))
    if account_id is not None:
        query = query.where(deals.c.account_id == account_id)
    return query


def deals_page(
    conn: Connection,
    owner_id: int | None,
    stages: Sequence[str] | None,
    account_id: int | None,
    limit: int,
    offset: int,
) -> tuple[int, Sequence[Row[Any]]]:
    """How many deals match, and `limit` of them from `offset`: soonest decision first,
    undated last (alike on both backends)."""
    counted = _filtered(select(func.count()).select_from(deals), owner_id, stages, account_id)
    total = int(conn.execute(counted).scalar_one())
    order = (deals.c.decision_on.is_(None), deals.c.decision_on, deals.c.id)
    query = _filtered(_detailed(), owner_id, stages, account_id).order_by(*order)
    return total, conn.execute(query.limit(limit).offset(offset)).all()


def _person_column(column: Any) -> Any:
    return select(column).where(people.c.id == deal_people.c.person_id).scalar_subquery()


# Built once (the agenda runs it daily); names by primary key, never a join that could
# tempt a planner to hash every person.
_PEOPLE_OF = (
    select(
        deal_people,
        _person_column(people.c.name).label("name"),
        _person_column(people.c.timezone).label("timezone"),
    )
    .where(deal_people.c.deal_id.in_(bindparam("deal_ids", expanding=True)))
    .order_by(deal_people.c.deal_id, deal_people.c.person_id)
)


def people_of(conn: Connection, deal_ids: Sequence[int]) -> dict[int, list[DealPerson]]:
    """The people in each deal's decision, with their roles."""
    found: dict[int, list[DealPerson]] = {deal_id: [] for deal_id in deal_ids}
    for chunk in chunks(deal_ids, 500):
        for row in conn.execute(_PEOPLE_OF, {"deal_ids": list(chunk)}):
            found[row.deal_id].append(
                DealPerson(row.person_id, row.name, DecisionRole(row.role), row.timezone)
            )
    return found


def add_person(conn: Connection, deal_id: int, person_id: int, role: DecisionRole) -> bool:
    """Record `person_id` in the deal with `role`; False if already there with that role."""
    exists = conn.execute(
        select(deal_people.c.deal_id).where(
            deal_people.c.deal_id == deal_id,
            deal_people.c.person_id == person_id,
            deal_people.c.role == role.value,
        )
    ).first()
    if exists:
        return False
    conn.execute(insert(deal_people).values(deal_id=deal_id, person_id=person_id, role=role.value))
    return True


def remove_person(conn: Connection, deal_id: int, person_id: int) -> int:
    result = conn.execute(
        delete(deal_people).where(
            deal_people.c.deal_id == deal_id, deal_people.c.person_id == person_id
        )
    )
    return int(result.rowcount)


# Built once: every logged interaction runs it. Two index lookups joined by UNION: an OR of
# the two conditions would read every deal.
_INVOLVED = select(deal_people.c.deal_id).where(deal_people.c.person_id == bindparam("person_id"))
_THEIR_ACCOUNT = (
    select(people.c.account_id).where(people.c.id == bindparam("person_id")).scalar_subquery()
)
_TOUCHED = union(
    select(deals.c.id, deals.c.last_touch_at).where(
        deals.c.id.in_(_INVOLVED), deals.c.stage.in_(LIVELY)
    ),
    select(deals.c.id, deals.c.last_touch_at).where(
        deals.c.account_id == _THEIR_ACCOUNT, deals.c.stage.in_(LIVELY)
    ),
)


def deals_touched_by(conn: Connection, person_id: int) -> list[tuple[int, datetime | None]]:
    """(id, last touch) of the not-yet-closed deals a touch with this person revives: deals
    they are part of, and deals at their account."""
    return [(row.id, row.last_touch_at) for row in conn.execute(_TOUCHED, {"person_id": person_id})]
