"""What the calendar reads beyond the agenda: recently closed promises and meetings.

Both start from the owner's people (ix_people_owner_due, by its owner_id prefix) and reach
commitments and interactions through their person indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from followup.domain.model import Commitment, InteractionKind, Status, User
from followup.store.directory import user_by_id
from followup.store.records import commitment_from_row
from followup.store.tables import commitments, interactions, people

MEETING_KINDS = [InteractionKind.MEETING.value, InteractionKind.VISIT.value]


def user_of(conn: Connection, user_id: int) -> User | None:
    return user_by_id(conn, user_id)


def closed_since(
    conn: Connection, owner_id: int, since: datetime
) -> list[tuple[Commitment, str, str, datetime]]:
    """(commitment, person name, person zone, closed at) for promises closed since `since`."""
    query = (
        select(commitments, people.c.name.label("person_name"), people.c.timezone.label("tz"))
        .join(people, people.c.id == commitments.c.person_id)
        .where(
            people.c.owner_id == owner_id,
            commitments.c.status.in_([Status.DONE.value, Status.DROPPED.value]),
            commitments.c.closed_at >= since,
        )
        .order_by(commitments.c.id)
    )
    return [
        (commitment_from_row(row), row.person_name, row.tz, row.closed_at)
        for row in conn.execute(query)
    ]


def meetings(conn: Connection, owner_id: int, since: datetime) -> Sequence[Row[Any]]:
    """Meetings and visits with the owner's people from `since` on (planned ones too)."""
    query = (
        select(interactions, people.c.name.label("person_name"))
        .join(people, people.c.id == interactions.c.person_id)
        .where(
            people.c.owner_id == owner_id,
            interactions.c.kind.in_(MEETING_KINDS),
            interactions.c.at >= since,
        )
        .order_by(interactions.c.at, interactions.c.id)
    )
    return conn.execute(query).all()
