"""audit trail: every change to the team's data, recorded by triggers; anonymous stubs

`audit_log` gets a row for every insert, update and delete of the audited tables (before
and after, who and when), written by triggers generated from SPECS below (frozen here: a
later change of what is recorded is a new revision). UPDATE and DELETE of `audit_log` are
refused by the database, except blanking the rows of a person being forgotten. SQLite
learns who acts from `audit_context`; PostgreSQL from transaction-local settings.

Interactions and service requests may lose their person: a forgotten person's touches
stay as anonymous stubs, so the team's history and counts stay right.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from followup.store import audit_triggers

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None

# fmt: off
LOG_COLUMNS = ("id", "at", "actor_id", "actor", "action", "table_name", "row_key", "person_id",
               "account_id", "deal_id", "before", "after")

# What each audited table records at this revision (audit_tables.trigger_spec, frozen).
SPECS: dict[str, dict[str, Any]] = {
    "users": {"key": ["id"], "columns": ["id", "name", "email", "timezone", "role", "created_at"]},
    "accounts": {"key": ["id"], "account": "id", "columns": [
        "id", "name", "country", "culture", "tier", "owner_id", "created_at"
    ]},
    "people": {"key": ["id"], "person": "id", "account": "account_id",
               "json": ["urls", "addresses"], "columns": [
        "id", "name", "account_id", "owner_id", "country", "timezone", "language", "culture",
        "stage", "source", "address", "notes", "snoozed_until", "created_at", "role", "title",
        "given_name", "family_name", "middle_name", "name_prefix", "name_suffix",
        "phonetic_given", "phonetic_family", "nickname", "department", "birthday", "triage",
        "urls", "addresses"
    ]},
    "person_emails": {"key": ["id"], "person": "person_id", "columns": [
        "id", "person_id", "email"
    ]},
    "person_phones": {"key": ["id"], "person": "person_id", "columns": [
        "id", "person_id", "phone"
    ]},
    "agreements": {"key": ["person_id"], "person": "person_id", "account": "about_account_id",
                   "columns": [
        "person_id", "every_days", "min_gap_days", "channel", "agreed_by", "agreed_on",
        "created_at", "max_days", "about_account_id", "topic"
    ]},
    "interactions": {"key": ["id"], "person": "person_id", "columns": [
        "id", "person_id", "user_id", "kind", "direction", "outcome", "at", "notes",
        "created_at", "point"
    ]},
    "commitments": {"key": ["id"], "person": "person_id", "columns": [
        "id", "person_id", "interaction_id", "side", "owed_by", "what", "due_at", "all_day",
        "status", "agreed", "point", "created_at", "closed_at"
    ]},
    "notify_prefs": {"key": ["user_id"], "columns": [
        "user_id", "digest_time", "email_on", "webhooks_on", "empty_digest", "quiet_weekdays",
        "holiday_country", "holiday_subdiv", "language"
    ]},
    "webhook_endpoints": {"key": ["id"], "columns": [
        "id", "user_id", "url", "events", "created_at", "removed_at"
    ]},
    "calendar_feeds": {"key": ["user_id"], "columns": [
        "user_id", "uid_domain", "created_at", "rotated_at"
    ]},
    "api_tokens": {"key": ["id"], "columns": [
        "id", "user_id", "name", "hint", "created_at", "revoked_at"
    ]},
    "deals": {"key": ["id"], "account": "account_id", "deal": "id", "columns": [
        "id", "account_id", "title", "value", "currency", "stage", "lost_reason", "decision_on",
        "live_by", "timezone", "owner_id", "template", "notes", "won_at", "closed_at",
        "created_at"
    ]},
    "deal_people": {"key": ["deal_id", "person_id", "role"], "person": "person_id",
                    "deal": "deal_id", "columns": [
        "deal_id", "person_id", "role"
    ]},
    "milestones": {"key": ["id"], "deal": "deal_id", "columns": [
        "id", "deal_id", "plan", "kind", "position", "title", "side", "owner_person_id",
        "owner_user_id", "owner_role", "due_on", "due_at", "all_day", "first_due_on", "status",
        "template_step", "notes", "created_at", "closed_at"
    ]},
    "milestone_dependencies": {"key": ["milestone_id", "depends_on_id"],
                               "deal": ["milestone_id", "milestones", "deal_id"], "columns": [
        "milestone_id", "depends_on_id"
    ]},
    "share_links": {"key": ["id"], "deal": "deal_id", "columns": [
        "id", "deal_id", "created_by", "created_at", "expires_at", "revoked_at"
    ]},
    "plan_templates": {"key": ["key"], "columns": [
        "key", "name", "body", "created_by", "created_at"
    ]},
    "culture_edits": {"key": ["profile", "field"], "columns": [
        "profile", "field", "value", "note", "edited_by", "edited_at"
    ]},
    "person_links": {"key": ["id"], "person": "person_id", "columns": [
        "id", "person_id", "other_id", "kind", "created_at"
    ]},
    "person_interests": {"key": ["person_id"], "person": "person_id", "columns": [
        "person_id", "topic", "label"
    ]},
    "content": {"key": ["id"], "columns": [
        "id", "title", "kind", "url", "created_by", "created_at"
    ]},
    "content_topics": {"key": ["content_id", "topic"], "columns": ["content_id", "topic", "label"]},
    "content_sends": {"key": ["id"], "person": "person_id", "columns": [
        "id", "content_id", "person_id", "user_id", "interaction_id", "at"
    ]},
    "service_tiers": {"key": ["id"], "columns": [
        "id", "name", "response_minutes", "checkin_days", "price", "is_default", "created_at"
    ]},
    "service_requests": {"key": ["id"], "person": "person_id", "account": "account_id", "columns": [
        "id", "account_id", "person_id", "owner_id", "what", "tier", "response_minutes",
        "received_at", "due_at", "status", "responded_at", "responded_by", "notes", "created_at"
    ]},
    "feedback": {"key": ["id"], "person": "person_id", "account": "account_id", "columns": [
        "id", "account_id", "person_id", "user_id", "score", "comment", "channel", "at",
        "created_at"
    ]},
    "guard_confirmations": {"key": ["id"], "person": "person_id", "columns": [
        "id", "interaction_id", "person_id", "user_id", "breach", "confirmed_at"
    ]},
    "account_updates": {"key": ["id"], "person": "colleague_id", "account": "account_id",
                        "columns": [
        "id", "account_id", "colleague_id", "interaction_id", "notes", "at"
    ]},
}
# fmt: on

STUBS = ("interactions", "service_requests")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_key", sa.String(length=300), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("deal_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    for subject in ("person", "account", "deal"):
        where = sa.text(f"{subject}_id IS NOT NULL")
        op.create_index(
            f"ix_audit_log_{subject}",
            "audit_log",
            [f"{subject}_id", "id"],
            sqlite_where=where,
            postgresql_where=where,
        )
    op.create_table(
        "audit_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("quiet", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("forgetting", sa.Integer(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_context_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_context")),
    )
    for table in STUBS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
    # After the rebuilds above: SQLite drops a table's triggers with the old table.
    audit_triggers.create_all(op.get_bind(), SPECS, LOG_COLUMNS)


def downgrade() -> None:
    audit_triggers.drop_all(op.get_bind(), list(SPECS))
    for table in STUBS:
        # Anonymous stubs cannot go back under a NOT NULL person.
        op.execute(f"DELETE FROM {table} WHERE person_id IS NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("audit_context")
    for subject in ("deal", "account", "person"):
        op.drop_index(f"ix_audit_log_{subject}", table_name="audit_log")
    op.drop_table("audit_log")
