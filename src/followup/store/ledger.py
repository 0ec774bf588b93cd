"""The sent-ledger: plan reminders once, claim one by compare-and-set, record the outcome.

Every state change is a conditional UPDATE whose WHERE names the state it leaves (and the
claim it holds), so two processes racing for one reminder cannot both win: the database
serialises the two UPDATEs and the loser's finds the row no longer in the state it wanted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from followup.domain.deliveries import Reminder
from followup.domain.reminders import LEASE, ReminderChannel, ReminderStatus
from followup.store.tables import reminders, webhook_deliveries

QUEUED, SENDING = ReminderStatus.QUEUED.value, ReminderStatus.SENDING.value


def reminder_from_row(row: Row[Any]) -> Reminder:
    m = row._mapping
    return Reminder(
        id=m["id"],
        key=m["key"],
        user_id=m["user_id"],
        channel=ReminderChannel(m["channel"]),
        kind=m["kind"],
        status=ReminderStatus(m["status"]),
        attempts=m["attempts"],
        not_before=m["not_before"],
        updated_at=m["updated_at"],
        created_at=m["created_at"],
        endpoint_id=m["endpoint_id"],
        sent_at=m["sent_at"],
        claimed_at=m["claimed_at"],
        last_error=m["last_error"],
        detail=m["detail"],
        payload=m["payload"],
    )


def plan(conn: Connection, planned: Iterable[Mapping[str, Any]], now: datetime) -> int:
    """Insert each reminder whose key is new; return how many were. Keys are inserted in
    sorted order so two planners never wait on each other in opposite orders."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    count = 0
    for values in sorted(planned, key=lambda v: str(v["key"])):
        row = {
            "status": QUEUED,
            "attempts": 0,
            "not_before": now,
            **values,
            "created_at": now,
            "updated_at": now,
        }
        statement = (
            dialect.insert(reminders)
            .values(**row)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(reminders.c.id)
        )
        # RETURNING, not rowcount: drivers report -1 for a skipped insert that returns.
        count += len(conn.execute(statement).all())
    return count


def existing_keys(conn: Connection, keys: Sequence[str]) -> set[str]:
    if not keys:
        return set()
    query = select(reminders.c.key).where(reminders.c.key.in_(list(keys)))
    return set(conn.execute(query).scalars())


def due(conn: Connection, now: datetime, limit: int = 500) -> list[Reminder]:
    """Queued reminders whose moment has come, oldest first (ix_reminders_status_not_before)."""
    query = (
        select(reminders)
        .where(reminders.c.status == QUEUED, reminders.c.not_before <= now)
        .order_by(reminders.c.not_before, reminders.c.id)
        .limit(limit)
    )
    return [reminder_from_row(row) for row in conn.execute(query)]


def claim(conn: Connection, reminder_id: int, token: str, now: datetime) -> bool:
    """Take the reminder for sending; True for exactly one of any number of racers."""
    statement = (
        update(reminders)
        .where(
            reminders.c.id == reminder_id,
            reminders.c.status == QUEUED,
            reminders.c.not_before <= now,
        )
        .values(
            status=SENDING,
            claim=token,
            claimed_at=now,
            attempts=reminders.c.attempts + 1,
            updated_at=now,
        )
    )
    return conn.execute(statement).rowcount == 1


def record_sent(
    conn: Connection, reminder_id: int, token: str, now: datetime, detail: str | None
) -> bool:
    return _settle(conn, reminder_id, token, now, ReminderStatus.SENT, sent_at=now, detail=detail)


def record_failure(
    conn: Connection,
    reminder_id: int,
    token: str,
    now: datetime,
    error: str,
    again_at: datetime | None,
) -> bool:
    """Back to the queue until `again_at`, or given up (None)."""
    if again_at is None:
        return _settle(conn, reminder_id, token, now, ReminderStatus.FAILED, last_error=error)
    return _settle(
        conn, reminder_id, token, now, ReminderStatus.QUEUED, last_error=error, not_before=again_at
    )


def _settle(
    conn: Connection,
    reminder_id: int,
    token: str,
    now: datetime,
    status: ReminderStatus,
    **values: Any,
) -> bool:
    statement = (
        update(reminders)
        .where(
            reminders.c.id == reminder_id,
            reminders.c.status == SENDING,
            reminders.c.claim == token,
        )
        .values(status=status.value, updated_at=now, **values)
    )
    return conn.execute(statement).rowcount == 1


def expire_claims(conn: Connection, now: datetime) -> list[Reminder]:
    """Mark claims older than the lease as unconfirmed (never re-sent: at most once)."""
    stale = conn.execute(
        select(reminders).where(reminders.c.status == SENDING, reminders.c.claimed_at < now - LEASE)
    ).all()
    expired = []
    for row in stale:
        statement = (
            update(reminders)
            .where(reminders.c.id == row.id, reminders.c.status == SENDING)
            .where(reminders.c.claim == row.claim)
            .values(
                status=ReminderStatus.UNCONFIRMED.value,
                updated_at=now,
                last_error="the sending process stopped before recording the outcome",
            )
        )
        if conn.execute(statement).rowcount == 1:
            expired.append(reminder_from_row(row))
    return expired


def cancel_queued(conn: Connection, endpoint_id: int, now: datetime) -> int:
    statement = (
        update(reminders)
        .where(reminders.c.endpoint_id == endpoint_id, reminders.c.status == QUEUED)
        .values(status=ReminderStatus.CANCELLED.value, updated_at=now)
    )
    return conn.execute(statement).rowcount


def requeue(conn: Connection, reminder_id: int, now: datetime) -> bool:
    """Put a failed or unconfirmed reminder back in the queue (asked for by the user)."""
    statement = (
        update(reminders)
        .where(
            reminders.c.id == reminder_id,
            reminders.c.status.in_([ReminderStatus.FAILED.value, ReminderStatus.UNCONFIRMED.value]),
        )
        .values(status=QUEUED, attempts=0, not_before=now, updated_at=now, claim=None)
    )
    return conn.execute(statement).rowcount == 1


def recent_for_user(conn: Connection, user_id: int, since: datetime) -> list[Reminder]:
    """The user's ledger rows touched since `since` (ix_reminders_user_updated)."""
    rows = conn.execute(_RECENT_FOR_USER, {"user_id": user_id, "since": since})
    return [reminder_from_row(row) for row in rows]


# Built once: every agenda runs it (a failing channel is an item on it).
_RECENT_FOR_USER = (
    select(reminders)
    .where(
        reminders.c.user_id == bindparam("user_id"), reminders.c.updated_at >= bindparam("since")
    )
    .order_by(reminders.c.updated_at, reminders.c.id)
)


def by_key(conn: Connection, key: str) -> Reminder | None:
    row = conn.execute(select(reminders).where(reminders.c.key == key)).first()
    return reminder_from_row(row) if row else None


def by_id(conn: Connection, reminder_id: int) -> Reminder | None:
    row = conn.execute(select(reminders).where(reminders.c.id == reminder_id)).first()
    return reminder_from_row(row) if row else None


def last_sent(conn: Connection, user_id: int, channel: ReminderChannel) -> Reminder | None:
    query = (
        select(reminders)
        .where(
            reminders.c.user_id == user_id,
            reminders.c.channel == channel.value,
            reminders.c.status == ReminderStatus.SENT.value,
        )
        .order_by(reminders.c.sent_at.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return reminder_from_row(row) if row else None


def counts_by_status(conn: Connection, user_id: int) -> dict[str, int]:
    query = (
        select(reminders.c.status, func.count())
        .where(reminders.c.user_id == user_id)
        .group_by(reminders.c.status)
    )
    return {str(status): int(count) for status, count in conn.execute(query).all()}


def record_attempt(conn: Connection, reminder_id: int, attempt: Mapping[str, Any]) -> None:
    conn.execute(insert(webhook_deliveries).values(reminder_id=reminder_id, **attempt))


def attempts_of(conn: Connection, reminder_id: int) -> list[Row[Any]]:
    query = (
        select(webhook_deliveries)
        .where(webhook_deliveries.c.reminder_id == reminder_id)
        .order_by(webhook_deliveries.c.attempt)
    )
    return list(conn.execute(query).all())


def last_delivery(conn: Connection, endpoint_id: int) -> dict[str, Any] | None:
    """The latest attempt to reach the endpoint: when, what it answered, which event."""
    query = (
        select(webhook_deliveries, reminders.c.kind, reminders.c.status)
        .join(reminders, reminders.c.id == webhook_deliveries.c.reminder_id)
        .where(reminders.c.endpoint_id == endpoint_id)
        .order_by(webhook_deliveries.c.at.desc(), webhook_deliveries.c.id.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    return {
        "at": row.at.isoformat(),
        "event": row.kind,
        "status_code": row.status_code,
        "error": row.error,
        "elapsed_ms": row.elapsed_ms,
    }


def waiting_for_user(conn: Connection, user_id: int, limit: int = 100) -> list[Reminder]:
    """The user's reminders queued or being sent, soonest first."""
    query = (
        select(reminders)
        .where(reminders.c.user_id == user_id, reminders.c.status.in_([QUEUED, SENDING]))
        .order_by(reminders.c.not_before, reminders.c.id)
        .limit(limit)
    )
    return [reminder_from_row(row) for row in conn.execute(query)]
