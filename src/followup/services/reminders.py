"""Reminder set-up: preferences, webhook endpoints, calendar feed secrets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.contacts import normalise_email
from followup.domain.deliveries import parse_events
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.localtime import zone
from followup.domain.model import User
from followup.domain.reminders import (
    LANGUAGES,
    Preferences,
    format_clock,
    format_weekdays,
    holiday_region,
    parse_clock,
    parse_weekdays,
)
from followup.notify.signing import check_url, new_secret
from followup.services.directory import current_user
from followup.services.versions import refused
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import ledger, reminder_setup
from followup.store.reminder_setup import Endpoint, Feed


@dataclass(frozen=True)
class PreferenceChanges:
    """What `followup prefs` was asked to change (None: leave as it is)."""

    digest_at: str | None = None
    email: bool | None = None
    webhooks: bool | None = None
    empty_digest: bool | None = None
    quiet: str | None = None
    holidays: str | None = None
    language: str | None = None
    timezone: str | None = None
    address: str | None = None
    version: int | None = None  # the version edited; a newer stored one refuses the change

    def applied_to(self, prefs: Preferences) -> Preferences:
        """The preferences with these changes, each value checked first."""
        changed = prefs
        if self.digest_at is not None:
            changed = replace(changed, digest_at=parse_clock(self.digest_at))
        for name in ("email", "webhooks", "empty_digest"):
            if getattr(self, name) is not None:
                changed = replace(changed, **{name: getattr(self, name)})
        if self.quiet is not None:
            changed = replace(changed, quiet_weekdays=parse_weekdays(self.quiet))
        if self.holidays is not None:
            country, subdiv = holiday_region(self.holidays)
            changed = replace(changed, holiday_country=country, holiday_subdiv=subdiv)
        if self.language is not None:
            if self.language not in LANGUAGES:
                raise InvalidInput(
                    f"unknown language {self.language!r}: use one of {', '.join(LANGUAGES)}"
                )
            changed = replace(changed, language=self.language)
        return changed


def preferences_document(user: User, prefs: Preferences) -> dict[str, Any]:
    holidays = prefs.holiday_country
    if holidays and prefs.holiday_subdiv:
        holidays += f"-{prefs.holiday_subdiv}"
    return {
        "user": user.name,
        "email": user.email,
        "timezone": user.timezone,
        "digest_at": format_clock(prefs.digest_at),
        "email_digest": prefs.email,
        "webhooks": prefs.webhooks,
        "empty_digest": prefs.empty_digest,
        "quiet_days": format_weekdays(prefs.quiet_weekdays).split(",")
        if prefs.quiet_weekdays
        else [],
        "holidays": holidays,
        "language": prefs.language,
    }


def preferences(
    ws: Workspace,
    user_name: str | None,
    login: str | None,
    changes: PreferenceChanges,
    now: datetime,
) -> dict[str, Any]:
    """The user's preferences after `changes` (nothing stored if any value is refused)."""
    timezone = zone(changes.timezone).key if changes.timezone is not None else None
    address = normalise_email(changes.address) if changes.address else None
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        prefs = reminder_setup.preferences_of(conn, user.id)
        changed = changes.applied_to(prefs)
        wanted = changed != prefs or changes.version is not None
        saved = wanted and reminder_setup.save_preferences(
            conn, user.id, changed, now, changes.version
        )
        if wanted and not saved:
            raise refused(f"the reminder preferences of {user.name}", changes.version)
        if timezone or address:
            user = _update_user(conn, user, timezone, address)
        version = reminder_setup.preferences_version(conn, user.id)
        return preferences_document(user, changed) | {"version": version}


def _update_user(conn: Connection, user: User, timezone: str | None, email: str | None) -> User:
    changed = replace(user, timezone=timezone or user.timezone, email=email or user.email)
    reminder_setup.update_user_contact(conn, user.id, changed.timezone, changed.email)
    return changed


def endpoint_document(conn: Connection, endpoint: Endpoint, show_secret: bool) -> dict[str, Any]:
    owner = reminder_setup.owner_name(conn, endpoint.user_id)
    document: dict[str, Any] = {
        "id": endpoint.id,
        "user": owner,
        "url": endpoint.url,
        "events": endpoint.events.split(","),
        "created_at": iso(endpoint.created_at),
        "last_delivery": ledger.last_delivery(conn, endpoint.id),
        "version": endpoint.version,
    }
    if show_secret:
        document["secret"] = endpoint.secret
    return document


def add_webhook(
    ws: Workspace,
    user_name: str | None,
    login: str | None,
    url: str,
    events: str | None,
    secret: str | None,
    now: datetime,
) -> dict[str, Any]:
    """A new endpoint for the user's events; its secret is shown once, here."""
    url, wanted = check_url(url), parse_events(events)
    if secret is not None and len(secret.strip()) < 16:
        raise InvalidInput("webhook secret too short: give at least 16 characters, or none")
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        endpoint = reminder_setup.add_endpoint(
            conn, user.id, url, (secret or "").strip() or new_secret(), wanted, now
        )
        return endpoint_document(conn, endpoint, show_secret=True)


def list_webhooks(ws: Workspace, user_name: str | None, login: str | None) -> list[dict[str, Any]]:
    """Every active endpoint of the user (all users' with user_name '*')."""
    with ws.transaction() as conn:
        owner = None if user_name == "*" else current_user(conn, user_name, login).id
        found = reminder_setup.endpoints(conn, owner)
        return [endpoint_document(conn, endpoint, show_secret=False) for endpoint in found]


def remove_webhook(
    ws: Workspace,
    endpoint_id: int,
    now: datetime,
    owner: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Stop sending to the endpoint (only `owner`'s, if named); its queued events are
    cancelled, its history kept. Refused if it is no longer at `version` (when given)."""
    with ws.transaction() as conn:
        endpoint = reminder_setup.endpoint_by_id(conn, endpoint_id)
        if endpoint is not None and owner is not None:
            endpoint = endpoint if current_user(conn, owner, None).id == endpoint.user_id else None
        if endpoint is None:
            raise NotFound(f"unknown webhook #{endpoint_id}: see 'followup webhook list'")
        if not reminder_setup.remove_endpoint(conn, endpoint_id, now, version):
            raise refused(f"webhook #{endpoint_id}", version)
        cancelled = ledger.cancel_queued(conn, endpoint_id, now)
        return {"id": endpoint_id, "url": endpoint.url, "cancelled": cancelled}


def ensure_feed(conn: Connection, user: User, now: datetime, rotate: bool = False) -> Feed:
    """The user's feed (created on first use); `rotate` gives it a new secret."""
    feed = reminder_setup.feed_of(conn, user.id)
    if feed is None:
        feed = Feed(user.id, secrets.token_urlsafe(24), secrets.token_hex(6) + ".followup")
        reminder_setup.create_feed(conn, feed, now)
    elif rotate:
        feed = replace(feed, secret=secrets.token_urlsafe(24))
        reminder_setup.rotate_feed(conn, user.id, feed.secret, now)
    return feed


def calendar_feed_secret(
    ws: Workspace, user_name: str | None, login: str | None, rotate: bool, now: datetime
) -> tuple[User, Feed]:
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        return user, ensure_feed(conn, user, now, rotate)


def calendar_feed_document(
    ws: Workspace,
    user_name: str | None,
    login: str | None,
    rotate: bool,
    now: datetime,
    public_url: str | None,
) -> dict[str, Any]:
    """The user's calendar feed: its secret path, and its URL under `public_url`."""
    user, feed = calendar_feed_secret(ws, user_name, login, rotate, now)
    path = f"/calendar/{feed.secret}.ics"
    base = (public_url or "").rstrip("/")
    return {
        "user": user.name,
        "secret": feed.secret,
        "path": path,
        "url": base + path if base else None,
    }
