"""relationship intelligence: culture edits, agreement maximum and internal agreements,
who knows whom, interests and a content library (and what was sent to whom), feedback,
service tiers and requests, the too-much guard's confirmations, internal updates; stored
replies per person and the next satisfaction check-in per account

Revision ID: 0005
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "culture_edits",
        sa.Column("profile", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("edited_by", sa.String(length=200), nullable=True),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("profile", "field", name=op.f("pk_culture_edits")),
    )
    op.create_table(
        "service_tiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("response_minutes", sa.Integer(), nullable=False),
        sa.Column("checkin_days", sa.Integer(), nullable=True),
        sa.Column("price", sa.String(length=200), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "checkin_days IS NULL OR checkin_days > 0",
            name=op.f("ck_service_tiers_checkin_positive"),
        ),
        sa.CheckConstraint("response_minutes > 0", name=op.f("ck_service_tiers_response_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_tiers")),
        sa.UniqueConstraint("name", name=op.f("uq_service_tiers_name")),
    )
    op.create_table(
        "content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_content_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content")),
    )
    op.create_table(
        "content_topics",
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content.id"],
            name=op.f("fk_content_topics_content_id_content"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("content_id", "topic", name=op.f("pk_content_topics")),
    )
    with op.batch_alter_table("content_topics", schema=None) as batch_op:
        batch_op.create_index("ix_content_topics_topic", ["topic"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 10", name=op.f("ck_feedback_score_range")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_feedback_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_feedback_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_feedback_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_account_at", ["account_id", "at"], unique=False)

    op.create_table(
        "person_interests",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_interests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "topic", name=op.f("pk_person_interests")),
    )
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["people.id"],
            name=op.f("fk_person_links_other_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_links_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_links")),
        sa.UniqueConstraint("person_id", "other_id", "kind", name="uq_person_links_pair_kind"),
    )
    with op.batch_alter_table("person_links", schema=None) as batch_op:
        batch_op.create_index("ix_person_links_other", ["other_id"], unique=False)

    op.create_table(
        "service_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("tier", sa.String(length=64), nullable=True),
        sa.Column("response_minutes", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("alert_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("responded_by", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_service_requests_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_service_requests_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_service_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responded_by"], ["users.id"], name=op.f("fk_service_requests_responded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_requests_account_received", ["account_id", "received_at"], unique=False
        )
        batch_op.create_index(
            "ix_service_requests_owner_status_alert",
            ["owner_id", "status", "alert_at"],
            unique=False,
        )

    op.create_table(
        "account_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("colleague_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("passed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_updates_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["colleague_id"],
            ["people.id"],
            name=op.f("fk_account_updates_colleague_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_account_updates_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_updates")),
    )
    with op.batch_alter_table("account_updates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_account_updates_account_passed", ["account_id", "passed_at"], unique=False
        )

    op.create_table(
        "content_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content.id"],
            name=op.f("fk_content_sends_content_id_content"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_content_sends_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_content_sends_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_content_sends_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_sends")),
    )
    with op.batch_alter_table("content_sends", schema=None) as batch_op:
        batch_op.create_index(
            "ix_content_sends_person_content", ["person_id", "content_id"], unique=False
        )

    op.create_table(
        "guard_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("breach", sa.Text(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_guard_confirmations_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_guard_confirmations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_guard_confirmations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guard_confirmations")),
    )
    with op.batch_alter_table("guard_confirmations", schema=None) as batch_op:
        batch_op.create_index("ix_guard_confirmations_person", ["person_id"], unique=False)

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_feedback_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("checkin_due_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_accounts_owner_checkin", ["owner_id", "checkin_due_at"], unique=False
        )

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("about_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("topic", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_about_account_id_accounts"),
            "accounts",
            ["about_account_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_agreements_max_not_below_every"),
            "max_days IS NULL OR max_days >= every_days",
        )

    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("point", sa.String(length=32), nullable=True))

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("last_reply_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("unanswered_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("silent_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("silent_since")
        batch_op.drop_column("unanswered_attempts")
        batch_op.drop_column("last_reply_at")
        batch_op.drop_column("title")
        batch_op.drop_column("role")

    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("point")

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agreements_max_not_below_every"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_agreements_about_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("topic")
        batch_op.drop_column("about_account_id")
        batch_op.drop_column("max_days")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_accounts_owner_checkin")
        batch_op.drop_column("checkin_due_at")
        batch_op.drop_column("last_feedback_at")

    with op.batch_alter_table("guard_confirmations", schema=None) as batch_op:
        batch_op.drop_index("ix_guard_confirmations_person")

    op.drop_table("guard_confirmations")
    with op.batch_alter_table("content_sends", schema=None) as batch_op:
        batch_op.drop_index("ix_content_sends_person_content")

    op.drop_table("content_sends")
    with op.batch_alter_table("account_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_account_updates_account_passed")

    op.drop_table("account_updates")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_service_requests_owner_status_alert")
        batch_op.drop_index("ix_service_requests_account_received")

    op.drop_table("service_requests")
    with op.batch_alter_table("person_links", schema=None) as batch_op:
        batch_op.drop_index("ix_person_links_other")

    op.drop_table("person_links")
    op.drop_table("person_interests")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_account_at")

    op.drop_table("feedback")
    with op.batch_alter_table("content_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_content_topics_topic")

    op.drop_table("content_topics")
    op.drop_table("content")
    op.drop_table("service_tiers")
    op.drop_table("culture_edits")
