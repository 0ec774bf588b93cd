"""Agreements, interactions and commitments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, select

from followup.domain.model import (
    Agreement,
    Channel,
    Commitment,
    Direction,
    FollowUpPoint,
    Interaction,
    InteractionKind,
    Outcome,
    Side,
    Status,
)
from followup.store.tables import agreements, commitments, interactions, storable_id, users
from followup.store.versions import claim


def agreement_from_row(row: Row[Any]) -> Agreement:
    m = row._mapping
    return Agreement(
        person_id=m["person_id"],
        every_days=m["every_days"],
        min_gap_days=m["min_gap_days"],
        channel=Channel(m["channel"]) if m["channel"] else None,
        agreed_by=m["agreed_by"],
        agreed_on=m["agreed_on"],
        max_days=m["max_days"],
        about_account_id=m["about_account_id"],
        topic=m["topic"],
    )


def agreement_of(conn: Connection, person_id: int) -> Agreement | None:
    row = conn.execute(select(agreements).where(agreements.c.person_id == person_id)).first()
    return agreement_from_row(row) if row else None


def save_agreement(conn: Connection, agreement: Agreement, now: datetime) -> None:
    """Store `agreement`, replacing any earlier one with the same person."""
    conn.execute(delete(agreements).where(agreements.c.person_id == agreement.person_id))
    values = {
        "person_id": agreement.person_id,
        "every_days": agreement.every_days,
        "min_gap_days": agreement.min_gap_days,
        "channel": agreement.channel.value if agreement.channel else None,
        "agreed_by": agreement.agreed_by,
        "agreed_on": agreement.agreed_on,
        "max_days": agreement.max_days,
        "about_account_id": agreement.about_account_id,
        "topic": agreement.topic,
        "created_at": now,
    }
    conn.execute(insert(agreements).values(**values))


_INSERT_INTERACTION = insert(interactions)
_OPEN_COMMITMENTS_OF = (
    select(commitments)
    .where(
        commitments.c.person_id == bindparam("person_id"),
        commitments.c.status == Status.OPEN.value,
    )
    .order_by(commitments.c.due_at)
)


def insert_interaction(conn: Connection, interaction: Interaction, now: datetime) -> int:
    values = {
        "person_id": interaction.person_id,
        "user_id": interaction.user_id,
        "kind": interaction.kind.value,
        "direction": interaction.direction.value,
        "outcome": interaction.outcome.value if interaction.outcome else None,
        "at": interaction.at,
        "notes": interaction.notes,
        "point": interaction.point.value if interaction.point else None,
        "created_at": now,
    }
    key = conn.execute(_INSERT_INTERACTION, values).inserted_primary_key
    assert key is not None
    return int(key[0])


def interaction_from_row(row: Row[Any]) -> Interaction:
    m = row._mapping
    return Interaction(
        id=m["id"],
        person_id=m["person_id"],
        user_id=m["user_id"],
        kind=InteractionKind(m["kind"]),
        direction=Direction(m["direction"]),
        outcome=Outcome(m["outcome"]) if m["outcome"] else None,
        at=m["at"],
        notes=m["notes"],
        point=FollowUpPoint(m["point"]) if m["point"] else None,
    )


def interactions_of(conn: Connection, person_id: int) -> Sequence[Row[Any]]:
    """A person's interactions, newest first, with the name of who logged each."""
    query = (
        select(interactions, users.c.name.label("user_name"))
        .join(users, users.c.id == interactions.c.user_id)
        .where(interactions.c.person_id == person_id)
        .order_by(interactions.c.at.desc(), interactions.c.id.desc())
    )
    return conn.execute(query).all()


def commitment_from_row(row: Row[Any]) -> Commitment:
    m = row._mapping
    return Commitment(
        id=m["id"],
        person_id=m["person_id"],
        side=Side(m["side"]),
        what=m["what"],
        due_at=m["due_at"],
        all_day=bool(m["all_day"]),
        status=Status(m["status"]),
        agreed=bool(m["agreed"]),
        owed_by=m["owed_by"],
        point=FollowUpPoint(m["point"]),
        interaction_id=m["interaction_id"],
        version=m["version"],
    )


def insert_commitment(conn: Connection, commitment: Commitment, now: datetime) -> int:
    values = {
        "person_id": commitment.person_id,
        "interaction_id": commitment.interaction_id,
        "side": commitment.side.value,
        "owed_by": commitment.owed_by,
        "what": commitment.what,
        "due_at": commitment.due_at,
        "all_day": commitment.all_day,
        "status": commitment.status.value,
        "agreed": commitment.agreed,
        "point": commitment.point.value,
        "created_at": now,
    }
    key = conn.execute(insert(commitments).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def commitment_by_id(conn: Connection, commitment_id: int) -> Commitment | None:
    if not storable_id(commitment_id):
        return None
    row = conn.execute(select(commitments).where(commitments.c.id == commitment_id)).first()
    return commitment_from_row(row) if row else None


def close_commitment(
    conn: Connection,
    commitment_id: int,
    status: Status,
    now: datetime,
    expected: int | None = None,
) -> bool:
    """Close an open commitment (at version `expected`, when given); False if it is not
    open any more, not at that version, or unknown."""
    if not storable_id(commitment_id):
        return False
    still_open = (commitments.c.id == commitment_id) & (commitments.c.status == Status.OPEN.value)
    return claim(conn, commitments, still_open, expected, status=status.value, closed_at=now)


def open_commitments_of(conn: Connection, person_id: int) -> list[Commitment]:
    rows = conn.execute(_OPEN_COMMITMENTS_OF, {"person_id": person_id})
    return [commitment_from_row(row) for row in rows]


def commitments_of(conn: Connection, person_id: int) -> list[Commitment]:
    query = (
        select(commitments)
        .where(commitments.c.person_id == person_id)
        .order_by(commitments.c.due_at, commitments.c.id)
    )
    return [commitment_from_row(row) for row in conn.execute(query)]
