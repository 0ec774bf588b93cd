"""Reminder preferences, webhook endpoints, calendar feeds and the record of notify runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from followup.domain.reminders import (
    Preferences,
    format_clock,
    format_weekdays,
    parse_clock,
    parse_weekdays,
)
from followup.store.tables import (
    calendar_feeds,
    notify_prefs,
    notify_runs,
    storable_id,
    users,
    webhook_endpoints,
)
from followup.store.versions import claim, ensure, version_of


def preferences_of(conn: Connection, user_id: int) -> Preferences:
    """The user's stored preferences, or the defaults."""
    row = conn.execute(select(notify_prefs).where(notify_prefs.c.user_id == user_id)).first()
    return preferences_from_row(row) if row else Preferences()


def all_preferences(conn: Connection) -> dict[int, Preferences]:
    return {row.user_id: preferences_from_row(row) for row in conn.execute(select(notify_prefs))}


def preferences_from_row(row: Row[Any]) -> Preferences:
    return Preferences(
        digest_at=parse_clock(row.digest_time),
        email=bool(row.email_on),
        webhooks=bool(row.webhooks_on),
        empty_digest=bool(row.empty_digest),
        quiet_weekdays=parse_weekdays(row.quiet_weekdays),
        holiday_country=row.holiday_country,
        holiday_subdiv=row.holiday_subdiv,
        language=row.language,
    )


def preferences_version(conn: Connection, user_id: int) -> int:
    """The version of the user's preferences (1 while they are the defaults, never saved)."""
    return version_of(conn, notify_prefs, notify_prefs.c.user_id == user_id) or 1


def save_preferences(
    conn: Connection, user_id: int, prefs: Preferences, now: datetime, expected: int | None
) -> bool:
    """Store the user's preferences if still at version `expected` (when given); False if
    not. Never saved, they are the defaults at version 1."""
    ensure(conn, notify_prefs, user_id=user_id, **_preference_columns(Preferences(), now))
    where = notify_prefs.c.user_id == user_id
    return claim(conn, notify_prefs, where, expected, **_preference_columns(prefs, now))


def _preference_columns(prefs: Preferences, now: datetime) -> dict[str, Any]:
    return {
        "digest_time": format_clock(prefs.digest_at),
        "email_on": prefs.email,
        "webhooks_on": prefs.webhooks,
        "empty_digest": prefs.empty_digest,
        "quiet_weekdays": format_weekdays(prefs.quiet_weekdays) or "none",
        "holiday_country": prefs.holiday_country,
        "holiday_subdiv": prefs.holiday_subdiv,
        "language": prefs.language,
        "updated_at": now,
    }


@dataclass(frozen=True)
class Endpoint:
    id: int
    user_id: int
    url: str
    secret: str
    events: str
    created_at: datetime
    version: int = 1


def endpoint_from_row(row: Row[Any]) -> Endpoint:
    return Endpoint(
        row.id, row.user_id, row.url, row.secret, row.events, row.created_at, row.version
    )


def add_endpoint(
    conn: Connection, user_id: int, url: str, secret: str, events: str, now: datetime
) -> Endpoint:
    values = {"user_id": user_id, "url": url, "secret": secret, "events": events}
    key = conn.execute(insert(webhook_endpoints).values(**values, created_at=now))
    assert key.inserted_primary_key is not None
    return Endpoint(key.inserted_primary_key[0], user_id, url, secret, events, now)


def endpoints(conn: Connection, user_id: int | None = None) -> list[Endpoint]:
    """Active endpoints (of one user, or of everyone)."""
    query = select(webhook_endpoints).where(webhook_endpoints.c.removed_at.is_(None))
    if user_id is not None:
        query = query.where(webhook_endpoints.c.user_id == user_id)
    return [endpoint_from_row(row) for row in conn.execute(query.order_by(webhook_endpoints.c.id))]


def endpoint_by_id(conn: Connection, endpoint_id: int) -> Endpoint | None:
    if not storable_id(endpoint_id):
        return None
    query = select(webhook_endpoints).where(
        webhook_endpoints.c.id == endpoint_id, webhook_endpoints.c.removed_at.is_(None)
    )
    row = conn.execute(query).first()
    return endpoint_from_row(row) if row else None


def remove_endpoint(
    conn: Connection, endpoint_id: int, now: datetime, expected: int | None = None
) -> bool:
    """Kept with `removed_at`, so its deliveries stay in the ledger; False if it was
    removed already or is no longer at version `expected` (when given)."""
    active = (webhook_endpoints.c.id == endpoint_id) & webhook_endpoints.c.removed_at.is_(None)
    return claim(conn, webhook_endpoints, active, expected, removed_at=now)


@dataclass(frozen=True)
class Feed:
    user_id: int
    secret: str
    uid_domain: str


def feed_of(conn: Connection, user_id: int) -> Feed | None:
    row = conn.execute(select(calendar_feeds).where(calendar_feeds.c.user_id == user_id)).first()
    return Feed(row.user_id, row.secret, row.uid_domain) if row else None


def feed_by_secret(conn: Connection, secret: str) -> Feed | None:
    row = conn.execute(select(calendar_feeds).where(calendar_feeds.c.secret == secret)).first()
    return Feed(row.user_id, row.secret, row.uid_domain) if row else None


def create_feed(conn: Connection, feed: Feed, now: datetime) -> None:
    values = {"user_id": feed.user_id, "secret": feed.secret, "uid_domain": feed.uid_domain}
    conn.execute(insert(calendar_feeds).values(**values, created_at=now))


def rotate_feed(conn: Connection, user_id: int, secret: str, now: datetime) -> None:
    """A new secret (the old URL stops working); the UIDs stay, so calendars update."""
    statement = update(calendar_feeds).where(calendar_feeds.c.user_id == user_id)
    conn.execute(statement.values(secret=secret, rotated_at=now))


def start_run(conn: Connection, runner: str, now: datetime) -> int:
    values = {"runner": runner, "started_at": now, "sent": 0, "failed": 0}
    key = conn.execute(insert(notify_runs).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def finish_run(conn: Connection, run_id: int, now: datetime, sent: int, failed: int) -> None:
    statement = update(notify_runs).where(notify_runs.c.id == run_id)
    conn.execute(statement.values(finished_at=now, sent=sent, failed=failed))


def last_run(conn: Connection) -> Row[Any] | None:
    query = select(notify_runs).order_by(notify_runs.c.started_at.desc()).limit(1)
    return conn.execute(query).first()


def owner_name(conn: Connection, user_id: int) -> str | None:
    query = select(users.c.name).where(users.c.id == user_id)
    name = conn.execute(query).scalar_one_or_none()
    return str(name) if name is not None else None


def update_user_contact(conn: Connection, user_id: int, timezone: str, email: str | None) -> None:
    """The user's zone and address, as `followup prefs --tz/--email` changes them (an edit
    of the user: their version moves on)."""
    claim(conn, users, users.c.id == user_id, None, timezone=timezone, email=email)
