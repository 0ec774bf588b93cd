"""The too-much guard around logging an outbound contact: breaches of the agreed gap need
confirmation and are recorded; colleagues' touches this week are reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from followup.domain.errors import FollowupError
from followup.domain.guard import COLLEAGUE_WINDOW_DAYS, Contact, Touch, Verdict, check
from followup.domain.localtime import zone
from followup.domain.model import Direction, Interaction, InteractionKind, User
from followup.services.workspace import Workspace, follow_up_of
from followup.store.intel_tables import guard_confirmations
from followup.store.tables import interactions, people, users


class NeedsConfirmation(FollowupError):
    """Logging this contact breaks the agreement: confirm (--yes) to log it anyway."""

    code = "needs_confirmation"

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.breaches) + "; log it anyway with --yes")
        self.verdict = verdict


def verdict_for(
    ws: Workspace, conn: Connection, person_id: int, user: User, interaction: Interaction
) -> Verdict:
    _, person, profile, rhythm = follow_up_of(ws, conn, person_id)
    outbound = interaction.direction is Direction.OUT
    contact = Contact(
        person, interaction.at, user.name, zone(user.timezone), outbound, person.owner_id == user.id
    )
    previous = _previous(conn, person_id, interaction.at) if outbound else None
    around = _colleagues(conn, person_id, person.account_id, interaction.at, user.id)
    return check(contact, rhythm, previous, around, profile)


def _touch(row: Any) -> Touch:
    return Touch(row.at, row.user_name, InteractionKind(row.kind), row.person_name)


def _touches() -> Any:
    return (
        select(
            interactions.c.at,
            interactions.c.kind,
            users.c.name.label("user_name"),
            people.c.name.label("person_name"),
        )
        .join(users, users.c.id == interactions.c.user_id)
        .join(people, people.c.id == interactions.c.person_id)
        .where(interactions.c.direction == Direction.OUT.value)
    )


def _previous(conn: Connection, person_id: int, at: datetime) -> Touch | None:
    """The last outbound touch of the person up to `at`, by anyone in the team."""
    query = (
        _touches()
        .where(interactions.c.person_id == person_id, interactions.c.at <= at)
        .order_by(interactions.c.at.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return _touch(row) if row else None


def _colleagues(
    conn: Connection, person_id: int, account_id: int | None, at: datetime, user_id: int
) -> list[Touch]:
    """Other users' outbound touches of the person or their account in the week to `at`."""
    since = at - timedelta(days=COLLEAGUE_WINDOW_DAYS)
    query = _touches().where(
        interactions.c.at <= at, interactions.c.at > since, interactions.c.user_id != user_id
    )
    if account_id is not None:
        query = query.where(people.c.account_id == account_id)
    else:
        query = query.where(interactions.c.person_id == person_id)
    return [_touch(row) for row in conn.execute(query.order_by(interactions.c.at.desc()))]


def record(
    conn: Connection,
    verdict: Verdict,
    interaction_id: int,
    person_id: int,
    user_id: int,
    now: datetime,
) -> None:
    """Keep every confirmed breach with the interaction it was logged with."""
    for breach in verdict.breaches:
        conn.execute(
            insert(guard_confirmations).values(
                interaction_id=interaction_id,
                person_id=person_id,
                user_id=user_id,
                breach=breach,
                confirmed_at=now,
            )
        )


def document(verdict: Verdict) -> dict[str, Any]:
    return {"breaches": list(verdict.breaches), "notices": list(verdict.notices)}


def guard_entries(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    """The person's confirmed breaches, as timeline entries at the touch they came with."""
    query = (
        select(guard_confirmations, interactions.c.at, users.c.name.label("user_name"))
        .join(interactions, interactions.c.id == guard_confirmations.c.interaction_id)
        .join(users, users.c.id == guard_confirmations.c.user_id)
        .where(guard_confirmations.c.person_id == person_id)
    )
    return [
        {
            "at": row.at.isoformat(),
            "event": "guard_confirmed",
            "breach": row.breach,
            "user": row.user_name,
            "interaction_id": row.interaction_id,
        }
        for row in conn.execute(query)
    ]
