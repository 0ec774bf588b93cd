"""Queries for capture and recap: one interaction, the promises made in it, and the names
that belong to each side of a meeting."""

from __future__ import annotations

from sqlalchemy import Connection, select

from followup.domain.model import Commitment, Interaction
from followup.store.records import commitment_from_row, interaction_from_row
from followup.store.tables import commitments, interactions, people, storable_id, users


def interaction_by_id(conn: Connection, interaction_id: int) -> Interaction | None:
    if not storable_id(interaction_id):
        return None
    # A forgotten person's interactions are anonymous stubs: nothing to recap.
    query = select(interactions).where(
        interactions.c.id == interaction_id, interactions.c.person_id.is_not(None)
    )
    row = conn.execute(query).first()
    return interaction_from_row(row) if row else None


def commitments_made_in(conn: Connection, interaction_id: int) -> list[Commitment]:
    """The promises recorded with an interaction, in due order."""
    query = (
        select(commitments)
        .where(commitments.c.interaction_id == interaction_id)
        .order_by(commitments.c.due_at, commitments.c.id)
    )
    return [commitment_from_row(row) for row in conn.execute(query)]


def user_names(conn: Connection, limit: int = 200) -> list[str]:
    return list(conn.execute(select(users.c.name).order_by(users.c.id).limit(limit)).scalars())


def names_at_account(conn: Connection, account_id: int, limit: int = 200) -> list[str]:
    """Names of the people at an account (the account_id index serves it)."""
    query = select(people.c.name).where(people.c.account_id == account_id).limit(limit)
    return list(conn.execute(query).scalars())
