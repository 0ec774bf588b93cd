"""The schema. Every change here comes with an Alembic revision in migrations/versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Integer keys are 32-bit on PostgreSQL: an id beyond that names no row, and must not reach
# the driver, which would fail ("integer out of range", or an OverflowError on SQLite)
# instead of finding nothing.
MAX_ID = 2**31 - 1


def storable_id(value: int) -> bool:
    """Whether `value` can be the id of a row (else no row has it)."""
    return -MAX_ID - 1 <= value <= MAX_ID


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, stored as naive UTC.

    Naive storage gives SQLite a fixed-width text form that sorts as time does (so range
    scans on the index work) and keeps PostgreSQL free of session time zone surprises.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any]:
        """One call per value instead of the decorator's two (the agenda reads thousands).

        SQLite hands back the stored ISO text, which `fromisoformat` reads in one C call;
        PostgreSQL hands back naive datetimes, which only need their zone.
        """
        if dialect.name == "sqlite":
            return _utc_from_text
        return _utc_from_naive


def _utc_from_text(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _utc_from_naive(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("email", String(320)),
    Column("timezone", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_hash", String(200)),  # argon2; None: this user cannot sign in yet
    Column("version", Integer, nullable=False, server_default="1"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("country", String(2)),
    Column("culture", String(32)),
    Column("tier", String(64)),
    Column("owner_id", Integer, ForeignKey("users.id")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_feedback_at", UTCDateTime),
    # The next satisfaction check-in: the agenda range-scans (owner_id, checkin_due_at).
    Column("checkin_due_at", UTCDateTime),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    Index("ix_accounts_owner_checkin", "owner_id", "checkin_due_at"),
)

NAME_PARTS = (
    "given_name",
    "family_name",
    "middle_name",
    "name_prefix",
    "name_suffix",
    "phonetic_given",
    "phonetic_family",
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("search_name", String(300), nullable=False, index=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), index=True),
    Column("owner_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("country", String(2)),
    Column("timezone", String(64), nullable=False),
    Column("language", String(16)),
    Column("culture", String(32)),
    Column("stage", String(16), nullable=False),
    Column("source", String(300), index=True),
    Column("address", Text),
    Column("notes", Text),
    Column("snoozed_until", UTCDateTime),
    Column("last_contact_at", UTCDateTime),
    Column("last_attempt_at", UTCDateTime),
    Column("next_due_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("role", String(32)),  # their part in the decision (ContactRole)
    Column("title", String(300)),  # job title (from a card, or set by hand)
    # Whether they answer (Replies), kept like last_contact_at for the going-dark rule.
    Column("last_reply_at", UTCDateTime),
    Column("unanswered_attempts", Integer, nullable=False, server_default="0"),
    Column("silent_since", UTCDateTime),
    # Bumped by every edit: a client editing version N is refused (409) once it moved on.
    Column("version", Integer, nullable=False, server_default="1"),
    # What a business card or a contact export says (migration 0003).
    *[Column(name, String(200)) for name in NAME_PARTS],
    Column("nickname", String(200)),
    Column("department", String(300)),
    Column("birthday", String(10)),  # 1980-03-21, or --03-21 without a year
    Column("triage", String(8)),  # meet or file (NULL: not triaged)
    Column("urls", JSON),
    Column("addresses", JSON),  # structured postal addresses; `address` is their text
    # The agenda is a range scan on this index: one owner's people by due time.
    Index("ix_people_owner_due", "owner_id", "next_due_at"),
)

person_emails = Table(
    "person_emails",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=False, index=True),
    UniqueConstraint("person_id", "email", name="uq_person_emails_person_email"),
)

person_phones = Table(
    "person_phones",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("phone", String(64), nullable=False, index=True),
    UniqueConstraint("person_id", "phone", name="uq_person_phones_person_phone"),
)

agreements = Table(
    "agreements",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("every_days", Integer, nullable=False),
    Column("min_gap_days", Integer),
    Column("channel", String(16)),
    Column("agreed_by", String(300)),
    Column("agreed_on", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("max_days", Integer),
    Column("about_account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE")),
    Column("topic", Text),
    CheckConstraint("every_days > 0", name="every_positive"),
    CheckConstraint("min_gap_days IS NULL OR min_gap_days > 0", name="gap_positive"),
    CheckConstraint("max_days IS NULL OR max_days >= every_days", name="max_not_below_every"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    # NULL: an anonymous stub, left when its person was forgotten (migration 0009).
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE")),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("outcome", String(16)),
    Column("at", UTCDateTime, nullable=False),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("point", String(32)),  # the natural follow-up point the touch used
    Index("ix_interactions_person_at", "person_id", "at"),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("interaction_id", Integer, ForeignKey("interactions.id", ondelete="SET NULL")),
    Column("side", String(8), nullable=False),
    Column("owed_by", String(300)),
    Column("what", Text, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("all_day", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("agreed", Boolean, nullable=False),
    Column("point", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    Index("ix_commitments_person_status_due", "person_id", "status", "due_at"),
)

# --- reminders (migration 0007): preferences, the sent-ledger, webhooks, calendar feeds ---

notify_prefs = Table(
    "notify_prefs",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("digest_time", String(5), nullable=False),
    Column("email_on", Boolean, nullable=False),
    Column("webhooks_on", Boolean, nullable=False),
    Column("empty_digest", Boolean, nullable=False),
    Column("quiet_weekdays", String(32), nullable=False),
    Column("holiday_country", String(3)),
    Column("holiday_subdiv", String(16)),
    Column("language", String(8), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
)

webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2000), nullable=False),
    Column("secret", String(128), nullable=False),
    Column("events", String(300), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("removed_at", UTCDateTime),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    Index("ix_webhook_endpoints_user", "user_id"),
)

# The sent-ledger: one row per reminder, its key unique, so planning twice (or in two
# processes) plans it once, and a compare-and-set on `status` lets one process send it.
reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("endpoint_id", Integer, ForeignKey("webhook_endpoints.id", ondelete="CASCADE")),
    Column("payload", Text),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("not_before", UTCDateTime, nullable=False),
    Column("claim", String(100)),
    Column("claimed_at", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("last_error", Text),
    Column("detail", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_reminders_status_not_before", "status", "not_before"),
    Index("ix_reminders_user_updated", "user_id", "updated_at"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reminder_id", Integer, ForeignKey("reminders.id", ondelete="CASCADE"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("elapsed_ms", Integer, nullable=False),
    Index("ix_webhook_deliveries_reminder", "reminder_id"),
)

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("secret", String(64), nullable=False, unique=True),
    Column("uid_domain", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("rotated_at", UTCDateTime),
)

notify_runs = Table(
    "notify_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("runner", String(200), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("sent", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Index("ix_notify_runs_started", "started_at"),
)

# Access: personal API tokens, browser sessions and the sign-in throttle. Tokens and
# session ids are stored as SHA-256 digests only, so a copy of the database opens nothing.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("hint", String(12), nullable=False),  # the token's first characters, to recognise it
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    Index("ix_api_tokens_user", "user_id"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_web_sessions_user", "user_id"),
    Index("ix_web_sessions_expires", "expires_at"),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("key", String(300), primary_key=True),  # "user:<folded name>" or "ip:<address>"
    Column("failures", Integer, nullable=False),
    Column("window_started_at", UTCDateTime, nullable=False),
    Column("blocked_until", UTCDateTime),
)

# -- deals and their mutual action plans (revision 0008) ----------------------------------------

deals = Table(
    "deals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("title", String(300), nullable=False),
    Column("value", String(32)),  # exact decimal text: currencies have 0 to 3 decimals
    Column("currency", String(3)),
    Column("stage", String(16), nullable=False),
    Column("lost_reason", Text),
    Column("decision_on", Date),
    Column("live_by", Date),
    Column("timezone", String(64), nullable=False),
    Column("owner_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("template", String(64)),
    Column("notes", Text),
    Column("stage_since", UTCDateTime, nullable=False),
    Column("last_touch_at", UTCDateTime),
    Column("won_at", UTCDateTime),
    Column("closed_at", UTCDateTime),
    Column("next_due_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    # The agenda's deal items are a range scan on this index, as for people.
    Index("ix_deals_owner_due", "owner_id", "next_due_at"),
)

deal_people = Table(
    "deal_people",
    metadata,
    Column("deal_id", Integer, ForeignKey("deals.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),
    PrimaryKeyConstraint("deal_id", "person_id", "role", name="pk_deal_people"),
    # A logged interaction finds the person's deals through this index.
    Index("ix_deal_people_person_id", "person_id"),
)

milestones = Table(
    "milestones",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("deal_id", Integer, ForeignKey("deals.id", ondelete="CASCADE"), nullable=False),
    Column("plan", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("side", String(8), nullable=False),
    Column("owner_person_id", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    Column("owner_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("owner_role", String(16)),
    Column("due_on", Date, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("all_day", Boolean, nullable=False),
    Column("first_due_on", Date),
    Column("status", String(16), nullable=False),
    Column("template_step", String(64)),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
    Index("ix_milestones_deal_status_due", "deal_id", "status", "due_at"),
)

milestone_dependencies = Table(
    "milestone_dependencies",
    metadata,
    Column(
        "milestone_id", Integer, ForeignKey("milestones.id", ondelete="CASCADE"), nullable=False
    ),
    Column(
        "depends_on_id", Integer, ForeignKey("milestones.id", ondelete="CASCADE"), nullable=False
    ),
    PrimaryKeyConstraint("milestone_id", "depends_on_id", name="pk_milestone_dependencies"),
    Index("ix_milestone_dependencies_depends_on_id", "depends_on_id"),
)

share_links = Table(
    "share_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "deal_id", Integer, ForeignKey("deals.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    # SHA-256 of the token: the token itself is never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

plan_templates = Table(
    "plan_templates",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("body", Text, nullable=False),  # the TOML the team wrote, parsed on use
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # migration 0010
)


# The intelligence tables share this MetaData; importing them here keeps `metadata` whole
# for Alembic and the tests, whichever module is imported first.
from followup.store import intel_tables  # noqa: E402, F401

# The import ledger: every contact record imported, by fingerprint, and the person it
# became. Written in the same transaction as the person, it makes a re-import (or the
# re-run of an import that was killed) skip what is already in.
import_records = Table(
    "import_records",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column(
        "person_id",
        Integer,
        ForeignKey("people.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("file_name", String(300)),
    Column("imported_at", UTCDateTime, nullable=False),
)

# The audit trail (revision 0009) and each user's prepared agenda (revision 0012), on the
# same MetaData.
from followup.store import audit_tables, prepared  # noqa: E402, F401
