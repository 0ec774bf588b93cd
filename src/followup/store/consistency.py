"""The reads of `followup db check`: broken references, and each table with derived columns
a batch at a time in id order (keyset pages, never the whole table in memory)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKeyConstraint,
    Row,
    Select,
    Table,
    and_,
    exists,
    func,
    or_,
    select,
    update,
)

from followup.domain.model import Commitment, Direction, Interaction, InteractionKind, Outcome
from followup.domain.reminders import LEASE, ReminderChannel, ReminderStatus
from followup.store.intel_tables import feedback, service_requests
from followup.store.records import commitment_from_row
from followup.store.tables import (
    accounts,
    commitments,
    deals,
    interactions,
    metadata,
    people,
    reminders,
    webhook_deliveries,
)

BATCH = 1000


@dataclass(frozen=True)
class BrokenReference:
    """A row whose foreign key names a row that does not exist."""

    table: str
    row: str  # the row's key, as text ("12", or "3/7" for a composite key)
    column: str
    value: str
    parent: str


def broken_references(conn: Connection) -> Iterator[BrokenReference]:
    """Every row referring to a missing row: SQLite's own check, else one anti-join per
    declared foreign key (PostgreSQL enforces them, unless a bulk load switched that off)."""
    if conn.dialect.name == "sqlite":
        yield from _sqlite_breaks(conn)
        return
    for table in metadata.sorted_tables:
        for constraint in sorted(table.foreign_key_constraints, key=lambda c: list(c.column_keys)):
            yield from _orphans(conn, table, constraint)


def _sqlite_breaks(conn: Connection) -> Iterator[BrokenReference]:
    keys: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for table, rowid, parent, fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
        if (table, fkid) not in keys:
            listed = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').all()
            for entry in listed:
                keys.setdefault((table, entry[0]), []).append((entry[3], entry[4]))
        pairs = keys[(table, fkid)]
        columns = ", ".join(f'"{child}"' for child, _ in pairs)
        values = conn.exec_driver_sql(f'SELECT {columns} FROM "{table}" WHERE rowid = ?', (rowid,))
        value = "/".join(str(v) for v in values.one())
        column = ", ".join(child for child, _ in pairs)
        yield BrokenReference(table, str(rowid), column, value, parent)


def _orphans(
    conn: Connection, table: Table, constraint: ForeignKeyConstraint
) -> Iterator[BrokenReference]:
    parent = constraint.referred_table
    pairs = [(element.parent, element.column) for element in constraint.elements]
    matching = exists().where(and_(*[p == c for c, p in pairs]))
    query = (
        select(*table.primary_key.columns, *[c for c, _ in pairs])
        .where(*[c.is_not(None) for c, _ in pairs], ~matching.correlate(table))
        .order_by(*table.primary_key.columns)
    )
    width = len(table.primary_key.columns)
    for row in conn.execution_options(yield_per=BATCH).execute(query):
        yield BrokenReference(
            table.name,
            "/".join(str(v) for v in row[:width]),
            ", ".join(c.name for c, _ in pairs),
            "/".join(str(v) for v in row[width:]),
            parent.name,
        )


def pages(conn: Connection, query: Select[Any], key: Any, size: int = BATCH) -> Iterator[list[Any]]:
    """The rows of `query` in pages of `size`, by ascending `key` (a unique column)."""
    after: Any = None
    while True:
        page = query if after is None else query.where(key > after)
        rows = list(conn.execute(page.order_by(key).limit(size)).all())
        if not rows:
            return
        yield rows
        after = rows[-1]._mapping[key.name]


# -- people -------------------------------------------------------------------------------------


def open_commitments(conn: Connection, first: int, last: int) -> dict[int, list[Commitment]]:
    """The open promises of the people with ids from `first` to `last`, by person."""
    query = select(commitments).where(
        commitments.c.person_id.between(first, last), commitments.c.status == "open"
    )
    found: dict[int, list[Commitment]] = {}
    for row in conn.execute(query):
        found.setdefault(row.person_id, []).append(commitment_from_row(row))
    return found


def histories(conn: Connection, first: int, last: int) -> dict[int, list[Interaction]]:
    """The interactions of the people with ids from `first` to `last`, in the order they
    happened (ties in the order they were logged); notes are not read."""
    columns = [interactions.c[name] for name in ("id", "person_id", "user_id", "kind")]
    columns += [interactions.c[name] for name in ("direction", "outcome", "at")]
    query = (
        select(*columns)
        .where(interactions.c.person_id.between(first, last))
        .order_by(interactions.c.person_id, interactions.c.at, interactions.c.id)
    )
    found: dict[int, list[Interaction]] = {}
    for row in conn.execute(query):
        found.setdefault(row.person_id, []).append(
            Interaction(
                row.person_id,
                row.user_id,
                InteractionKind(row.kind),
                Direction(row.direction),
                row.at,
                Outcome(row.outcome) if row.outcome else None,
                id=row.id,
            )
        )
    return found


# -- deals, accounts, service requests ----------------------------------------------------------

# What services.deal_files.build_file reads of a deal: the row and its account's culture.
DEAL_ROWS: Select[Any] = select(
    deals,
    accounts.c.name.label("account_name"),
    accounts.c.country.label("account_country"),
    accounts.c.culture.label("account_culture"),
).join(accounts, accounts.c.id == deals.c.account_id)

LAST_FEEDBACK = (
    select(func.max(feedback.c.at)).where(feedback.c.account_id == accounts.c.id).scalar_subquery()
)
ACCOUNT_ROWS: Select[Any] = select(
    accounts.c.id,
    accounts.c.name,
    accounts.c.country,
    accounts.c.culture,
    accounts.c.tier,
    accounts.c.created_at,
    accounts.c.checkin_due_at,
    accounts.c.last_feedback_at,
    LAST_FEEDBACK.label("feedback_at"),
)

REQUEST_ROWS: Select[Any] = select(
    service_requests.c.id,
    service_requests.c.received_at,
    service_requests.c.response_minutes,
    service_requests.c.due_at,
    service_requests.c.alert_at,
)


# -- the reminders ledger -------------------------------------------------------------------------

KNOWN_STATUSES = [s.value for s in ReminderStatus]
SENT, SENDING = ReminderStatus.SENT.value, ReminderStatus.SENDING.value


def ledger_faults(conn: Connection, now: datetime) -> Iterator[tuple[Row[Any], str, bool]]:
    """Ledger rows that contradict themselves: (row, what is wrong after its status, whether
    settling it is what the next `notify` run would do anyway)."""
    webhook, email = ReminderChannel.WEBHOOK.value, ReminderChannel.EMAIL.value
    faults: Sequence[tuple[Any, str, bool]] = (
        (reminders.c.status.not_in(KNOWN_STATUSES), ", a status followup does not know", False),
        (
            and_(reminders.c.status == SENT, reminders.c.sent_at.is_(None)),
            " with no sent time",
            False,
        ),
        (
            and_(reminders.c.status != SENT, reminders.c.sent_at.is_not(None)),
            " yet recorded as sent",
            False,
        ),
        (
            and_(
                reminders.c.status == SENDING,
                or_(reminders.c.claim.is_(None), reminders.c.claimed_at.is_(None)),
            ),
            " without a claim",
            False,
        ),
        (
            and_(reminders.c.status == SENDING, reminders.c.claimed_at < now - LEASE),
            " beyond its lease",
            True,
        ),
        (
            or_(
                and_(reminders.c.channel == webhook, reminders.c.endpoint_id.is_(None)),
                and_(reminders.c.channel == email, reminders.c.endpoint_id.is_not(None)),
            ),
            " with an endpoint that does not fit its channel",
            False,
        ),
    )
    for condition, fault, repairable in faults:
        query = select(reminders).where(condition).order_by(reminders.c.id)
        for row in conn.execution_options(yield_per=BATCH).execute(query):
            yield row, fault, repairable


def excess_attempts(conn: Connection) -> Iterator[tuple[int, int, int]]:
    """(reminder id, attempts counted, delivery attempts recorded) where more webhook
    attempts were recorded than the reminder counts: a send recorded twice."""
    recorded = func.count(webhook_deliveries.c.id)
    query = (
        select(reminders.c.id, reminders.c.attempts, recorded)
        .join(webhook_deliveries, webhook_deliveries.c.reminder_id == reminders.c.id)
        .group_by(reminders.c.id, reminders.c.attempts)
        .having(recorded > reminders.c.attempts)
        .order_by(reminders.c.id)
    )
    for reminder_id, attempts, count in conn.execute(query):
        yield int(reminder_id), int(attempts), int(count)


def store_request_times(
    conn: Connection, request_id: int, due_at: datetime, alert_at: datetime
) -> None:
    statement = update(service_requests).where(service_requests.c.id == request_id)
    conn.execute(statement.values(due_at=due_at, alert_at=alert_at))


def store_search_name(conn: Connection, person_id: int, search_name: str) -> None:
    conn.execute(update(people).where(people.c.id == person_id).values(search_name=search_name))
