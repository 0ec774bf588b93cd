"""People with their emails and phones, and the stored follow-up state per person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    Row,
    Select,
    bindparam,
    delete,
    exists,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from followup.domain.deals import REVIVABLE_STAGES
from followup.domain.model import Agreement, Channel, Person, Stage, Touches, Triage
from followup.domain.names import search_key
from followup.domain.relationship import Replies
from followup.store.intel_tables import account_updates
from followup.store.tables import (
    accounts,
    agreements,
    deal_people,
    deals,
    people,
    person_emails,
    person_phones,
    storable_id,
    users,
)

# The agreement's columns a people row is joined with (None without an agreement), as
# `agreement_of_row` reads them.
AGREEMENT_COLUMNS = (
    agreements.c.every_days,
    agreements.c.min_gap_days,
    agreements.c.channel.label("agreement_channel"),
    agreements.c.agreed_by,
    agreements.c.agreed_on,
    agreements.c.max_days,
    agreements.c.about_account_id,
    agreements.c.topic,
)

# What a dossier reads of a people row (the person, their touches and replies): the agenda
# reads some thousand rows a morning, and decoding the other columns (addresses, name
# parts, JSON) for each would be work for nothing.
DOSSIER_COLUMNS = tuple(
    people.c[name]
    for name in (
        "id", "name", "owner_id", "timezone", "created_at", "stage", "account_id", "country",
        "language", "culture", "source", "snoozed_until", "triage", "last_contact_at",
        "last_attempt_at", "next_due_at", "last_reply_at", "unanswered_attempts", "silent_since",
    )
)  # fmt: skip

PERSON_COLUMNS = (
    "name",
    "account_id",
    "owner_id",
    "country",
    "timezone",
    "language",
    "culture",
    "stage",
    "source",
    "address",
    "notes",
    "role",
    "title",
)


def person_from_row(
    row: Row[Any] | Mapping[str, Any], emails: Sequence[str] = (), phones: Sequence[str] = ()
) -> Person:
    m = row._mapping if isinstance(row, Row) else row
    return Person(
        id=m["id"],
        name=m["name"],
        owner_id=m["owner_id"],
        timezone=m["timezone"],
        created_at=m["created_at"],
        stage=Stage(m["stage"]),
        account_id=m["account_id"],
        emails=tuple(emails),
        phones=tuple(phones),
        country=m["country"],
        language=m["language"],
        culture=m["culture"],
        source=m["source"],
        snoozed_until=m["snoozed_until"],
        triage=Triage(m["triage"]) if m.get("triage") else None,
    )


def insert_person(
    conn: Connection,
    values: Mapping[str, Any],
    emails: Iterable[str],
    phones: Iterable[str],
    now: datetime,
) -> int:
    row = {key: values.get(key) for key in PERSON_COLUMNS}
    row.update(search_name=search_key(str(row["name"])), created_at=now, updated_at=now)
    key = conn.execute(insert(people).values(**row)).inserted_primary_key
    assert key is not None
    add_contacts(conn, key[0], emails, phones)
    return int(key[0])


def add_contacts(
    conn: Connection, person_id: int, emails: Iterable[str], phones: Iterable[str]
) -> None:
    known = contacts_of(conn, person_id)
    new_emails = [e for e in dict.fromkeys(emails) if e not in known[0]]
    new_phones = [p for p in dict.fromkeys(phones) if p not in known[1]]
    if new_emails:
        conn.execute(
            insert(person_emails), [{"person_id": person_id, "email": e} for e in new_emails]
        )
    if new_phones:
        conn.execute(
            insert(person_phones), [{"person_id": person_id, "phone": p} for p in new_phones]
        )


def remove_contacts(
    conn: Connection, person_id: int, emails: Iterable[str], phones: Iterable[str]
) -> None:
    for email in emails:
        conn.execute(
            delete(person_emails).where(
                person_emails.c.person_id == person_id, person_emails.c.email == email
            )
        )
    for phone in phones:
        conn.execute(
            delete(person_phones).where(
                person_phones.c.person_id == person_id, person_phones.c.phone == phone
            )
        )


def contacts_of(conn: Connection, person_id: int) -> tuple[list[str], list[str]]:
    emails = (
        conn.execute(
            select(person_emails.c.email)
            .where(person_emails.c.person_id == person_id)
            .order_by(person_emails.c.id)
        )
        .scalars()
        .all()
    )
    phones = (
        conn.execute(
            select(person_phones.c.phone)
            .where(person_phones.c.person_id == person_id)
            .order_by(person_phones.c.id)
        )
        .scalars()
        .all()
    )
    return list(emails), list(phones)


def update_person(
    conn: Connection, person_id: int, values: Mapping[str, Any], now: datetime
) -> None:
    changes = dict(values)
    if "name" in changes:
        changes["search_name"] = search_key(changes["name"])
    conn.execute(update(people).where(people.c.id == person_id).values(**changes, updated_at=now))


def person_row(conn: Connection, person_id: int) -> Row[Any] | None:
    if not storable_id(person_id):
        return None
    return conn.execute(_detailed().where(people.c.id == person_id)).first()


def load_person(conn: Connection, person_id: int) -> Person | None:
    if not storable_id(person_id):
        return None
    row = conn.execute(select(people).where(people.c.id == person_id)).first()
    if row is None:
        return None
    return person_from_row(row, *contacts_of(conn, person_id))


# The statements of the write path are built once with bound parameters: every logged
# interaction runs them, and building a statement costs more than SQLite takes to answer it.
_PERSON_EXISTS = select(people.c.id).where(people.c.id == bindparam("person_id"))
# People with what next_due_at depends on (`follow_up_row` reads one, `db check` pages):
# the dossier's columns, not the whole row (every logged touch reads one; decoding notes,
# addresses and name parts it never uses was a fifth of logging's client time).
FOLLOW_UP_ROWS = (
    select(
        *DOSSIER_COLUMNS,
        people.c.search_name,
        accounts.c.country.label("account_country"),
        accounts.c.culture.label("account_culture"),
        *AGREEMENT_COLUMNS,
    )
    .outerjoin(accounts, accounts.c.id == people.c.account_id)
    .outerjoin(agreements, agreements.c.person_id == people.c.id)
)
# Our own stage names written into the statement: an IN list of bound values is rebuilt
# on every execution (SQLAlchemy expands it then), a tenth of this query's client time.
_LIVELY: list[ColumnClause[str]] = [
    literal_column(f"'{stage.value}'") for stage in REVIVABLE_STAGES
]
# Whether logging a contact has more to do: a deal it revives, an internal update it passes
# on. Two index probes here spare every touch with nothing to do a statement of its own.
_REVIVES_DEALS = or_(
    exists()
    .where(deal_people.c.person_id == people.c.id, deals.c.id == deal_people.c.deal_id)
    .where(deals.c.stage.in_(_LIVELY)),
    exists().where(deals.c.account_id == people.c.account_id, deals.c.stage.in_(_LIVELY)),
)
_PENDING_UPDATES = exists().where(
    account_updates.c.account_id == people.c.account_id, account_updates.c.passed_at.is_(None)
)
_FOLLOW_UP_ROW = FOLLOW_UP_ROWS.add_columns(
    _REVIVES_DEALS.label("revives_deals"), _PENDING_UPDATES.label("pending_updates")
).where(people.c.id == bindparam("person_id"))


def person_exists(conn: Connection, person_id: int) -> bool:
    if not storable_id(person_id):
        return False
    return conn.execute(_PERSON_EXISTS, {"person_id": person_id}).first() is not None


def follow_up_row(conn: Connection, person_id: int) -> Row[Any] | None:
    """In one query, what next_due_at depends on: the person (with their stored touches),
    their account's culture and country, and their agreement (agreement columns are None
    without one); and for logging, whether a touch revives a deal (`revives_deals`) and
    whether their account has internal updates to pass on (`pending_updates`)."""
    return conn.execute(_FOLLOW_UP_ROW, {"person_id": person_id}).first()


_FOLLOW_UP_STATE: dict[str, Any] = {
    "last_contact_at": bindparam("new_last_contact_at"),
    "last_attempt_at": bindparam("new_last_attempt_at"),
    "next_due_at": bindparam("new_next_due_at"),
    "updated_at": bindparam("new_updated_at"),
}
_STORE_STATE = update(people).where(people.c.id == bindparam("person_id"))
# Built once, with and without the replies: every logged interaction runs one of them.
_STORE_TOUCHES = _STORE_STATE.values(**_FOLLOW_UP_STATE)
_STORE_TOUCHES_AND_REPLIES = _STORE_STATE.values(
    **_FOLLOW_UP_STATE,
    last_reply_at=bindparam("new_last_reply_at"),
    unanswered_attempts=bindparam("new_unanswered_attempts"),
    silent_since=bindparam("new_silent_since"),
)


def store_follow_up_state(
    conn: Connection,
    person_id: int,
    touches: Touches,
    next_due_at: datetime | None,
    now: datetime,
    replies: Replies | None = None,
) -> None:
    values: dict[str, Any] = {
        "person_id": person_id,
        "new_last_contact_at": touches.last_contact_at,
        "new_last_attempt_at": touches.last_attempt_at,
        "new_next_due_at": next_due_at,
        "new_updated_at": now,
    }
    if replies is None:
        conn.execute(_STORE_TOUCHES, values)
        return
    values.update(
        new_last_reply_at=replies.last_reply_at,
        new_unanswered_attempts=replies.unanswered,
        new_silent_since=replies.silent_since,
    )
    conn.execute(_STORE_TOUCHES_AND_REPLIES, values)


def ids_by_email(conn: Connection, email: str) -> list[int]:
    query = select(person_emails.c.person_id).where(person_emails.c.email == email.lower())
    return sorted(set(conn.execute(query).scalars()))


def candidates_named(conn: Connection, name: str) -> Sequence[Row[Any]]:
    query = _detailed().where(people.c.search_name == search_key(name)).order_by(people.c.id)
    return conn.execute(query).all()


def candidates_containing(conn: Connection, fragment: str, limit: int = 5) -> Sequence[Row[Any]]:
    pattern = f"%{search_key(fragment)}%"
    query = _detailed().where(people.c.search_name.like(pattern)).order_by(people.c.id)
    return conn.execute(query.limit(limit)).all()


def listing(
    conn: Connection,
    account_id: int | None = None,
    source: str | None = None,
    stage: str | None = None,
    owner_id: int | None = None,
) -> Sequence[Row[Any]]:
    query = _detailed().order_by(people.c.name, people.c.id)
    if account_id is not None:
        query = query.where(people.c.account_id == account_id)
    if source is not None:
        query = query.where(people.c.source == source)
    if stage is not None:
        query = query.where(people.c.stage == stage)
    if owner_id is not None:
        query = query.where(people.c.owner_id == owner_id)
    return conn.execute(query).all()


def contacts_for(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Emails and phones of many people at once (one query each, not one per person)."""
    found: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    for chunk in chunks(ids, 500):
        for pid, email in conn.execute(
            select(person_emails.c.person_id, person_emails.c.email)
            .where(person_emails.c.person_id.in_(chunk))
            .order_by(person_emails.c.id)
        ):
            found[pid][0].append(email)
        for pid, phone in conn.execute(
            select(person_phones.c.person_id, person_phones.c.phone)
            .where(person_phones.c.person_id.in_(chunk))
            .order_by(person_phones.c.id)
        ):
            found[pid][1].append(phone)
    return found


def chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _detailed() -> Select[Any]:
    """People with their account's and owner's names."""
    return (
        select(
            people,
            accounts.c.name.label("account_name"),
            users.c.name.label("owner_name"),
            accounts.c.country.label("account_country"),
            accounts.c.culture.label("account_culture"),
        )
        .outerjoin(accounts, accounts.c.id == people.c.account_id)
        .join(users, users.c.id == people.c.owner_id)
    )


def agreement_of_row(row: Any) -> Agreement | None:
    """The agreement joined into a people row (every_days, min_gap_days, agreement_channel,
    agreed_by, agreed_on, max_days, about_account_id, topic), or None without one."""
    if row.every_days is None:
        return None
    channel = Channel(row.agreement_channel) if row.agreement_channel else None
    return Agreement(
        row.id,
        row.every_days,
        row.min_gap_days,
        channel,
        row.agreed_by,
        row.agreed_on,
        row.max_days,
        row.about_account_id,
        row.topic,
    )
