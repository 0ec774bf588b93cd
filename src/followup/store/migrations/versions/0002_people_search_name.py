"""people.search_name: an indexed, case- and width-folded name for finding people by name

Resolving "anna schmidt" to a person must not scan a million rows, and must match
"Anna Schmidt" and full-width "Ａｎｎａ" alike, so the folded name is stored and indexed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fold(name: str) -> str:
    # Frozen copy of followup.domain.names.search_key as of this revision: a migration
    # must keep meaning what it meant when it was written.
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_name", sa.String(length=300), nullable=True))
    people = sa.table("people", sa.column("id", sa.Integer), sa.column("name", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.name)).all()
    if rows:
        connection.execute(
            sa.text("UPDATE people SET search_name = :key WHERE id = :id"),
            [{"id": row.id, "key": _fold(row.name)} for row in rows],
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.alter_column("search_name", existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f("ix_people_search_name"), ["search_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_search_name"))
        batch_op.drop_column("search_name")
