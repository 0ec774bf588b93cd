"""What an import reads and writes, a batch of records at a time: the import ledger, who
already has an email or a phone, the people at an account, and bulk inserts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from followup.domain.merge import Stored
from followup.store.people import chunks, contacts_for
from followup.store.tables import accounts, import_records, people, person_emails, person_phones

BATCH = 500


def ledger_hits(conn: Connection, prints: Sequence[str]) -> dict[str, int]:
    """The person each already imported fingerprint became."""
    found: dict[str, int] = {}
    for part in _slices(prints):
        query = select(import_records.c.fingerprint, import_records.c.person_id).where(
            import_records.c.fingerprint.in_(part)
        )
        found.update({row.fingerprint: row.person_id for row in conn.execute(query)})
    return found


def email_owners(conn: Connection, emails: Sequence[str]) -> dict[str, int]:
    """The (first) person holding each email."""
    found: dict[str, int] = {}
    for part in _slices(emails):
        query = (
            select(person_emails.c.email, func.min(person_emails.c.person_id).label("pid"))
            .where(person_emails.c.email.in_(part))
            .group_by(person_emails.c.email)
        )
        found.update({row.email: row.pid for row in conn.execute(query)})
    return found


def phone_owners(conn: Connection, phones: Sequence[str]) -> list[tuple[str, int]]:
    """(phone, person) for everyone holding one of `phones`."""
    found: list[tuple[str, int]] = []
    for part in _slices(phones):
        query = select(person_phones.c.phone, person_phones.c.person_id).where(
            person_phones.c.phone.in_(part)
        )
        found += [(row.phone, row.person_id) for row in conn.execute(query)]
    return found


def people_named(conn: Connection, ids: Sequence[int]) -> list[tuple[int, str, int | None]]:
    """(id, name, account) of the given people."""
    found: list[tuple[int, str, int | None]] = []
    for part in chunks(list(ids), BATCH):
        query = select(people.c.id, people.c.name, people.c.account_id).where(people.c.id.in_(part))
        found += [(row.id, row.name, row.account_id) for row in conn.execute(query)]
    return found


def people_at(conn: Connection, account_ids: Sequence[int]) -> list[tuple[int, str, int | None]]:
    """(id, name, account) of everyone at the given accounts (ix_people_account_id)."""
    found: list[tuple[int, str, int | None]] = []
    for part in chunks(list(account_ids), BATCH):
        query = select(people.c.id, people.c.name, people.c.account_id).where(
            people.c.account_id.in_(part)
        )
        found += [(row.id, row.name, row.account_id) for row in conn.execute(query)]
    return found


def unplaced_named(conn: Connection, keys: Sequence[str]) -> list[tuple[int, str]]:
    """(id, search key) of the people at no account with one of the given search keys."""
    found: list[tuple[int, str]] = []
    for part in _slices(keys):
        query = select(people.c.id, people.c.search_name).where(
            people.c.search_name.in_(part), people.c.account_id.is_(None)
        )
        found += [(row.id, row.search_name) for row in conn.execute(query)]
    return found


def account_index(conn: Connection) -> dict[str, tuple[int, str | None]]:
    """Every account by its case-folded name: (id, country)."""
    query = select(accounts.c.id, accounts.c.name, accounts.c.country)
    return {row.name.casefold(): (row.id, row.country) for row in conn.execute(query)}


def insert_people(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert many people at once; their ids in the order given."""
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        # SQLAlchemy would insert row by row to keep RETURNING in order; SQLite gives a
        # multi-row INSERT's rows increasing rowids (each the new maximum), so the ids in
        # ascending order are the rows' in the order given.
        return sorted(row.id for row in conn.execute(insert(people).returning(people.c.id), rows))
    statement = insert(people).returning(people.c.id, sort_by_parameter_order=True)
    return [row.id for row in conn.execute(statement, list(rows))]


def insert_contacts(
    conn: Connection, emails: Iterable[tuple[int, str]], phones: Iterable[tuple[int, str]]
) -> None:
    _bulk(conn, person_emails, ("person_id", "email"), list(emails))
    _bulk(conn, person_phones, ("person_id", "phone"), list(phones))


def insert_ledger(
    conn: Connection, entries: Iterable[tuple[str, int]], file_name: str, now: datetime
) -> None:
    stamp = import_records.c.imported_at.type.bind_processor(conn.dialect)
    when = stamp(now) if stamp else now
    rows = [(fp, pid, file_name[:300], when) for fp, pid in entries]
    _bulk(conn, import_records, ("fingerprint", "person_id", "file_name", "imported_at"), rows)


def _bulk(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Many plain rows straight to the driver's executemany: for tens of thousands of
    emails, phones and ledger entries, SQLAlchemy's per-row parameter handling costs more
    than the database does. Values are already what the columns store."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)


STORED_COLUMNS = (
    "name given_name family_name middle_name name_prefix name_suffix phonetic_given "
    "phonetic_family nickname title department birthday language source country timezone "
    "notes address triage account_id"
).split()


def stored_people(conn: Connection, ids: Sequence[int]) -> dict[int, Stored]:
    """The people a batch merges into, with everything merging compares."""
    found: dict[int, Stored] = {}
    columns = [people.c[name] for name in STORED_COLUMNS]
    contacts = contacts_for(conn, list(ids))
    for part in chunks(list(ids), BATCH):
        query = (
            select(
                people.c.id,
                people.c.urls,
                people.c.addresses,
                accounts.c.name.label("company"),
                *columns,
            )
            .outerjoin(accounts, accounts.c.id == people.c.account_id)
            .where(people.c.id.in_(part))
        )
        for row in conn.execute(query):
            values = {name: row._mapping[name] for name in [*STORED_COLUMNS, "company"]}
            emails, phones = contacts[row.id]
            found[row.id] = Stored(
                row.id,
                values,
                tuple(emails),
                tuple(phones),
                tuple(row.urls or ()),
                tuple(row.addresses or ()),
            )
    return found


def _slices(values: Sequence[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), BATCH):
        yield unique[start : start + BATCH]


def export_rows(conn: Connection, filters: Mapping[str, Any]) -> Sequence[Any]:
    """People with their account's name, filtered by column values, in name order."""
    query = (
        select(people, accounts.c.name.label("account_name"))
        .outerjoin(accounts, accounts.c.id == people.c.account_id)
        .order_by(people.c.name, people.c.id)
    )
    for column, value in filters.items():
        query = query.where(people.c[column] == value)
    return conn.execute(query).all()
