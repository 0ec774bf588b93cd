"""versions: every editable record carries a version; a stale edit is refused

People and users have had a `version` since 0004. Accounts, commitments, deals,
milestones, service tiers and requests, content, plan templates, webhook endpoints and
reminder preferences get one too, and `culture_versions` holds one per culture profile
(a profile's edits are many rows, and a shipped profile has none until edited).

Columns are added with plain ALTER TABLE (no batch rebuild): rebuilding a table on SQLite
would drop the triggers other revisions put on it.

Revision ID: 0010
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = (
    "accounts",
    "commitments",
    "deals",
    "milestones",
    "service_tiers",
    "service_requests",
    "content",
    "plan_templates",
    "webhook_endpoints",
    "notify_prefs",
)


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "culture_versions",
        sa.Column("profile", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("profile", name=op.f("pk_culture_versions")),
    )


def downgrade() -> None:
    op.drop_table("culture_versions")
    for table in reversed(VERSIONED):
        op.drop_column(table, "version")
