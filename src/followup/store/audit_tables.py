"""The audit trail's tables and what it records of every other table (migration 0009).

`audit_log` gets one row per change to the team's data, written by database triggers (see
store/audit_triggers.py), so no code path can change data unseen. `audit_context` is
SQLite's way to tell those triggers who is acting: one row, written at the first write of a
transaction and deleted before it commits (PostgreSQL uses transaction-local settings).

`AUDITED` says, per table, the key of a row and whose history a change belongs to (the
person, account and deal it is about); every column is recorded except the bookkeeping
ones (recomputed constantly: a change of those alone is not a change of the data) and the
secrets (never copied anywhere). Tables in `OPERATIONAL` are not audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from followup.store.tables import UTCDateTime, metadata

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    # No foreign keys: the trail outlives the users and rows it speaks of.
    Column("actor_id", Integer),
    Column("actor", String(200)),  # the user's name then; NULL: no user (migration, tool)
    Column("action", String(8), nullable=False),  # insert, update, delete or forget
    Column("table_name", String(64), nullable=False),
    Column("row_key", String(300), nullable=False),  # "12", or "3/12/champion" for a pair
    Column("person_id", Integer),
    Column("account_id", Integer),
    Column("deal_id", Integer),
    Column("before", Text),  # JSON of the recorded columns; both NULL once redacted
    Column("after", Text),
    # Partial: most rows concern a person, fewer an account or a deal; leaving the NULLs
    # out of each index halves what every recorded change costs to write.
    *[
        Index(
            f"ix_audit_log_{subject}",
            f"{subject}_id",
            "id",
            sqlite_where=text(f"{subject}_id IS NOT NULL"),
            postgresql_where=text(f"{subject}_id IS NOT NULL"),
        )
        for subject in ("person", "account", "deal")
    ],
)

audit_context = Table(
    "audit_context",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer),
    Column("actor", String(200)),
    Column("quiet", Boolean, nullable=False, server_default="0"),  # a restore, a forget
    Column("forgetting", Integer),  # the person whose audit rows may be redacted
    CheckConstraint("id = 1", name="one_row"),
)

# Recomputed from other data (the agenda does it all the time) or counters of edits.
BOOKKEEPING = frozenset(
    {
        "next_due_at",
        "last_contact_at",
        "last_attempt_at",
        "last_reply_at",
        "unanswered_attempts",
        "silent_since",
        "search_name",
        "updated_at",
        "checkin_due_at",
        "last_feedback_at",
        "stage_since",
        "last_touch_at",
        "version",
        "last_used_at",
        "alert_at",
        "passed_at",
    }
)
# Password hashes, token digests and signing secrets: never recorded, not even changed.
SECRET = frozenset({"password_hash", "digest", "token_hash", "secret"})

# The trail itself: kept through everything, even a reset of the demo workspace.
TRAIL = frozenset({"audit_log", "audit_context"})
OPERATIONAL = TRAIL | {
    "reminders",
    "webhook_deliveries",
    "notify_runs",
    "web_sessions",
    "sign_in_failures",
    "import_records",
    # A profile's version counter: the edits themselves are in culture_edits, audited.
    "culture_versions",
    # Each user's agenda as last explained: derived from the audited rows.
    "prepared_agendas",
}

# A subject is a column of the row, or (column, table, its column): looked up through a
# reference, as a milestone dependency's deal is its milestone's.
Subject = str | tuple[str, str, str] | None


@dataclass(frozen=True)
class Audited:
    key: tuple[str, ...] = ("id",)
    person: Subject = None
    account: Subject = None
    deal: Subject = None


AUDITED: dict[str, Audited] = {
    "users": Audited(),
    "accounts": Audited(account="id"),
    "people": Audited(person="id", account="account_id"),
    "person_emails": Audited(person="person_id"),
    "person_phones": Audited(person="person_id"),
    "agreements": Audited(("person_id",), person="person_id", account="about_account_id"),
    "interactions": Audited(person="person_id"),
    "commitments": Audited(person="person_id"),
    "notify_prefs": Audited(("user_id",)),
    "webhook_endpoints": Audited(),
    "calendar_feeds": Audited(("user_id",)),
    "api_tokens": Audited(),
    "deals": Audited(deal="id", account="account_id"),
    "deal_people": Audited(("deal_id", "person_id", "role"), person="person_id", deal="deal_id"),
    "milestones": Audited(deal="deal_id"),
    "milestone_dependencies": Audited(
        ("milestone_id", "depends_on_id"), deal=("milestone_id", "milestones", "deal_id")
    ),
    "share_links": Audited(deal="deal_id"),
    "plan_templates": Audited(("key",)),
    "culture_edits": Audited(("profile", "field")),
    "person_links": Audited(person="person_id"),
    # Keyed by the person alone: a topic is their data, and a key is never erased.
    "person_interests": Audited(("person_id",), person="person_id"),
    "content": Audited(),
    "content_topics": Audited(("content_id", "topic")),
    "content_sends": Audited(person="person_id"),
    "service_tiers": Audited(),
    "service_requests": Audited(person="person_id", account="account_id"),
    "feedback": Audited(person="person_id", account="account_id"),
    "guard_confirmations": Audited(person="person_id"),
    "account_updates": Audited(person="colleague_id", account="account_id"),
}


def trigger_spec(table: Table) -> dict[str, Any]:
    """What the triggers of `table` record, as plain data (the form migrations freeze)."""
    audited = AUDITED[table.name]
    spec: dict[str, Any] = {"key": list(audited.key)}
    for subject in ("person", "account", "deal"):
        value = getattr(audited, subject)
        if value is not None:
            spec[subject] = value if isinstance(value, str) else list(value)
    recorded = [c for c in table.columns if c.name not in BOOKKEEPING | SECRET]
    spec["columns"] = [c.name for c in recorded]
    json_columns = [c.name for c in recorded if isinstance(c.type, JSON)]
    if json_columns:
        spec["json"] = json_columns
    return spec


def current_specs() -> dict[str, dict[str, Any]]:
    """The trigger spec of every audited table as the code's tables have it now."""
    return {name: trigger_spec(metadata.tables[name]) for name in AUDITED}
