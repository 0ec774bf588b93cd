"""The schema. Every change here comes with an Alembic revision in migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
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

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("email", String(320)),
    Column("timezone", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
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
    # What a business card or a contact export says (migration 0003).
    *[Column(name, String(200)) for name in NAME_PARTS],
    Column("nickname", String(200)),
    Column("title", String(300)),
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
    CheckConstraint("every_days > 0", name="every_positive"),
    CheckConstraint("min_gap_days IS NULL OR min_gap_days > 0", name="gap_positive"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("outcome", String(16)),
    Column("at", UTCDateTime, nullable=False),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
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
    Index("ix_commitments_person_status_due", "person_id", "status", "due_at"),
)

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
