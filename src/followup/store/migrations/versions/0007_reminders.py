"""reminders: the sent-ledger, webhook endpoints and deliveries, preferences, calendar feeds

`reminders` holds one row per reminder (a user's digest for a day, a webhook event for an
endpoint) under a unique key: planning it twice, or in two processes, plans it once, and a
compare-and-set on its status lets exactly one process send it. `notify_runs` records each
run, so a scheduler that stopped running shows instead of staying silent.

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_runs")),
    )
    op.create_index("ix_notify_runs_started", "notify_runs", ["started_at"])

    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("uid_domain", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rotated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("secret", name=op.f("uq_calendar_feeds_secret")),
    )
    op.create_table(
        "notify_prefs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest_time", sa.String(length=5), nullable=False),
        sa.Column("email_on", sa.Boolean(), nullable=False),
        sa.Column("webhooks_on", sa.Boolean(), nullable=False),
        sa.Column("empty_digest", sa.Boolean(), nullable=False),
        sa.Column("quiet_weekdays", sa.String(length=32), nullable=False),
        sa.Column("holiday_country", sa.String(length=3), nullable=True),
        sa.Column("holiday_subdiv", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notify_prefs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notify_prefs")),
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("events", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_webhook_endpoints_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_index("ix_webhook_endpoints_user", "webhook_endpoints", ["user_id"])

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(), nullable=False),
        sa.Column("claim", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_reminders_endpoint_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("key", name=op.f("uq_reminders_key")),
    )
    op.create_index("ix_reminders_status_not_before", "reminders", ["status", "not_before"])
    op.create_index("ix_reminders_user_updated", "reminders", ["user_id", "updated_at"])

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["reminders.id"],
            name=op.f("fk_webhook_deliveries_reminder_id_reminders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    op.create_index("ix_webhook_deliveries_reminder", "webhook_deliveries", ["reminder_id"])


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_reminder", table_name="webhook_deliveries")

    op.drop_table("webhook_deliveries")
    op.drop_index("ix_reminders_user_updated", table_name="reminders")
    op.drop_index("ix_reminders_status_not_before", table_name="reminders")

    op.drop_table("reminders")
    op.drop_index("ix_webhook_endpoints_user", table_name="webhook_endpoints")

    op.drop_table("webhook_endpoints")
    op.drop_table("notify_prefs")
    op.drop_table("calendar_feeds")
    op.drop_index("ix_notify_runs_started", table_name="notify_runs")

    op.drop_table("notify_runs")
