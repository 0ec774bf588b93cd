"""prepared agendas: each user's explained agenda, kept until a write or the clock ends it

A table of one row per user (store/prepared.py) and, on every table an agenda reads, the
triggers that mark those rows stale (store/agenda_staleness.py). The tables are frozen
here as they are at this revision; a later table gets its triggers in its own revision.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from followup.store import agenda_staleness
from followup.store.tables import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MARKED = [
    "account_updates", "accounts", "agreements", "commitments", "content", "content_sends",
    "content_topics", "culture_edits", "culture_versions", "deal_people", "deals",
    "feedback", "guard_confirmations", "interactions", "milestone_dependencies",
    "milestones", "notify_prefs", "people", "person_emails", "person_interests",
    "person_links", "person_phones", "plan_templates", "service_requests", "service_tiers",
    "share_links", "users", "webhook_endpoints",
]  # fmt: skip
FRESH = sa.text("NOT stale")


def upgrade() -> None:
    op.create_table(
        "prepared_agendas",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("stale", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("generation", sa.Integer(), server_default="0", nullable=False),
        sa.Column("made_by", sa.String(length=40), nullable=True),
        sa.Column("valid_from", UTCDateTime(), nullable=True),
        sa.Column("valid_until", UTCDateTime(), nullable=True),
        sa.Column("document", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_prepared_agendas_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_prepared_agendas")),
    )
    op.create_index(
        "ix_prepared_agendas_fresh",
        "prepared_agendas",
        ["user_id"],
        sqlite_where=FRESH,
        postgresql_where=FRESH,
    )
    agenda_staleness.create_all(op.get_bind(), MARKED, agenda_staleness.ADVISORY_KEY)


def downgrade() -> None:
    agenda_staleness.drop_all(op.get_bind(), MARKED)
    op.drop_index("ix_prepared_agendas_fresh", table_name="prepared_agendas")
    op.drop_table("prepared_agendas")
