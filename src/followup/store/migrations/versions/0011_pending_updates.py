"""pending updates: a partial index on the internal updates not yet passed on

Every agenda asks for the pending updates of ~100 accounts at once. Against the index on
(account_id, passed_at) PostgreSQL's planner preferred reading the whole table (14,000 rows
at size L, 1.1 ms per agenda) to probing it; an index of the pending rows alone it probes
(0.1 ms). SQLite takes either. No table is rebuilt, so the audit triggers stay.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

PENDING = sa.text("passed_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_account_updates_pending",
        "account_updates",
        ["account_id"],
        unique=False,
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_account_updates_pending", table_name="account_updates")
