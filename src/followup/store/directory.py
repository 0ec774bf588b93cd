"""Users and accounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, bindparam, func, insert, select

from followup.domain.model import Account, Role, User
from followup.store.tables import accounts, people, storable_id, users


def user_from_row(row: Row[tuple[object, ...]]) -> User:
    m = row._mapping
    return User(
        id=m["id"], name=m["name"], timezone=m["timezone"], email=m["email"], role=Role(m["role"])
    )


def insert_user(
    conn: Connection, name: str, timezone: str, email: str | None, role: Role, now: datetime
) -> User:
    values = {"name": name, "timezone": timezone, "email": email, "role": role.value}
    user_id = conn.execute(insert(users).values(**values, created_at=now)).inserted_primary_key
    assert user_id is not None
    return User(id=user_id[0], name=name, timezone=timezone, email=email, role=role)


# Built once: `user_named` runs in every command and every agenda call.
_USER_EXACTLY = select(users).where(users.c.name == bindparam("name"))
_USER_ANY_CASE = select(users).where(func.lower(users.c.name) == bindparam("lowered"))


def user_named(conn: Connection, name: str) -> User | None:
    """The user called `name`, in any case (the exact spelling is found by the unique index;
    only another spelling reads the few rows of the team)."""
    row = conn.execute(_USER_EXACTLY, {"name": name}).first()
    if row is None:
        row = conn.execute(_USER_ANY_CASE, {"lowered": name.lower()}).first()
    return user_from_row(row) if row else None


def user_by_id(conn: Connection, user_id: int) -> User | None:
    if not storable_id(user_id):
        return None
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return user_from_row(row) if row else None


def all_users(conn: Connection) -> list[User]:
    return [user_from_row(row) for row in conn.execute(select(users).order_by(users.c.id))]


def account_from_row(row: Row[tuple[object, ...]]) -> Account:
    m = row._mapping
    return Account(
        id=m["id"],
        name=m["name"],
        country=m["country"],
        culture=m["culture"],
        tier=m["tier"],
        owner_id=m["owner_id"],
        version=m["version"],
    )


def insert_account(conn: Connection, account: Account, now: datetime) -> Account:
    values = {
        "name": account.name,
        "country": account.country,
        "culture": account.culture,
        "tier": account.tier,
        "owner_id": account.owner_id,
        "created_at": now,
    }
    key = conn.execute(insert(accounts).values(**values)).inserted_primary_key
    assert key is not None
    return Account(**{**account.__dict__, "id": key[0]})


def account_named(conn: Connection, name: str) -> Account | None:
    query = select(accounts).where(func.lower(accounts.c.name) == name.lower())
    row = conn.execute(query).first()
    return account_from_row(row) if row else None


def account_by_id(conn: Connection, account_id: int) -> Account | None:
    if not storable_id(account_id):
        return None
    row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
    return account_from_row(row) if row else None


def people_at(conn: Connection, account_id: int) -> list[int]:
    """The ids of the account's people."""
    query = select(people.c.id).where(people.c.account_id == account_id).order_by(people.c.id)
    return list(conn.execute(query).scalars())


def accounts_with_counts(conn: Connection) -> Sequence[Row[tuple[object, ...]]]:
    """Each account with its owner's name and how many people it holds."""
    return conn.execute(ACCOUNTS_WITH_COUNTS).all()


_PEOPLE_AT_ACCOUNT = (
    select(func.count()).select_from(people).where(people.c.account_id == accounts.c.id)
).scalar_subquery()
# In name order (the unique index): with a LIMIT, only the rows returned are counted.
ACCOUNTS_WITH_COUNTS = (
    select(accounts, users.c.name.label("owner"), _PEOPLE_AT_ACCOUNT.label("people"))
    .outerjoin(users, users.c.id == accounts.c.owner_id)
    .order_by(accounts.c.name)
)
