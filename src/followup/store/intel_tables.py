"""The tables of relationship intelligence: culture edits, who knows whom, content, service
tiers and requests, feedback, the guard's confirmations and internal updates.

They live on the same MetaData as the core tables (store/tables.py imports this module).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from followup.store.tables import UTCDateTime, metadata

PEOPLE_ID = "people.id"

culture_edits = Table(
    "culture_edits",
    metadata,
    Column("profile", String(32), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("note", Text),
    Column("edited_by", String(200)),
    Column("edited_at", UTCDateTime, nullable=False),
)

# One version per culture profile (migration 0010): a profile's edits are many rows above,
# and a profile nobody edited yet has no row here (it is at version 1).
culture_versions = Table(
    "culture_versions",
    metadata,
    Column("profile", String(32), primary_key=True),
    Column("version", Integer, nullable=False, server_default="1"),
)

person_links = Table(
    "person_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), nullable=False),
    Column("other_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("person_id", "other_id", "kind", name="uq_person_links_pair_kind"),
    Index("ix_person_links_other", "other_id"),
)

person_interests = Table(
    "person_interests",
    metadata,
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), primary_key=True),
    Column("topic", String(100), primary_key=True),  # folded: how topics are compared
    Column("label", String(100), nullable=False),  # as the user wrote it
)

content = Table(
    "content",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("url", Text),
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
)

content_topics = Table(
    "content_topics",
    metadata,
    Column("content_id", Integer, ForeignKey("content.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(100), primary_key=True),
    Column("label", String(100), nullable=False),
    Index("ix_content_topics_topic", "topic"),
)

content_sends = Table(
    "content_sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_id", Integer, ForeignKey("content.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("interaction_id", Integer, ForeignKey("interactions.id", ondelete="SET NULL")),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_content_sends_person_content", "person_id", "content_id"),
)

service_tiers = Table(
    "service_tiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("response_minutes", Integer, nullable=False),
    Column("checkin_days", Integer),
    Column("price", String(200)),
    Column("is_default", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    CheckConstraint("response_minutes > 0", name="response_positive"),
    CheckConstraint("checkin_days IS NULL OR checkin_days > 0", name="checkin_positive"),
)

service_requests = Table(
    "service_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    # NULL once the person was forgotten: the request stays for the account's service record.
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE")),
    Column("owner_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("what", Text, nullable=False),
    Column("tier", String(64)),
    Column("response_minutes", Integer, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("alert_at", UTCDateTime, nullable=False),
    Column("status", String(8), nullable=False),
    Column("responded_at", UTCDateTime),
    Column("responded_by", Integer, ForeignKey("users.id")),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    # The agenda range-scans one owner's open requests by when they start to be listed.
    Index("ix_service_requests_owner_status_alert", "owner_id", "status", "alert_at"),
    Index("ix_service_requests_account_received", "account_id", "received_at"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="SET NULL")),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("score", Integer, nullable=False),
    Column("comment", Text),
    Column("channel", String(16)),
    Column("at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("score BETWEEN 1 AND 10", name="score_range"),
    Index("ix_feedback_account_at", "account_id", "at"),
)

guard_confirmations = Table(
    "guard_confirmations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "interaction_id", Integer, ForeignKey("interactions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("person_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("breach", Text, nullable=False),
    Column("confirmed_at", UTCDateTime, nullable=False),
    Index("ix_guard_confirmations_person", "person_id"),
)

account_updates = Table(
    "account_updates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("colleague_id", Integer, ForeignKey(PEOPLE_ID, ondelete="CASCADE"), nullable=False),
    Column(
        "interaction_id", Integer, ForeignKey("interactions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("notes", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("passed_at", UTCDateTime),
    Index("ix_account_updates_account_passed", "account_id", "passed_at"),
    # Only the updates not yet passed on (migration 0011): every agenda asks for them at
    # ~100 accounts at once, and against the full index PostgreSQL's planner preferred
    # reading the whole table (14,000 rows at L, 1.1 ms) to probing it; this small index
    # it probes (0.1 ms).
    Index(
        "ix_account_updates_pending",
        "account_id",
        sqlite_where=text("passed_at IS NULL"),
        postgresql_where=text("passed_at IS NULL"),
    ),
)
