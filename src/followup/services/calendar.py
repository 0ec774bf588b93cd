"""A user's calendar: open and recently closed promises, check-ins due, meetings.

The same document serves `followup calendar export` and the secret feed URL, with the same
UIDs, so a file imported once and a subscription never disagree about what is what.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import Connection

from followup.domain.cadence import cadence_due
from followup.domain.model import Dossier, User
from followup.domain.reasons import CHANNEL_WORDS, every
from followup.formats.ical import (
    CHECKPOINT_LENGTH,
    MEETING_LENGTH,
    EventEntry,
    PromiseEntry,
    calendar_document,
    promise_entry,
)
from followup.services.agenda import due_dossiers
from followup.services.directory import current_user
from followup.services.reminders import ensure_feed
from followup.services.workspace import Workspace
from followup.store import calendar_queries, reminder_setup
from followup.store.reminder_setup import Feed

AHEAD = timedelta(days=365)
BEHIND = timedelta(days=30)  # closed promises and past meetings stay this long (as done)


def calendar_export(
    ws: Workspace, user_name: str | None, login: str | None, now: datetime
) -> bytes:
    """The .ics of the user's calendar (`followup calendar export`)."""
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        return _calendar(ws, conn, user, ensure_feed(conn, user, now), now)


def calendar_feed(ws: Workspace, secret: str, now: datetime) -> bytes | None:
    """The .ics behind a secret feed URL, or None for a secret that names no feed."""
    if not secret or len(secret) > 64:
        return None
    with ws.transaction() as conn:
        feed = reminder_setup.feed_by_secret(conn, secret)
        if feed is None:
            return None
        user = calendar_queries.user_of(conn, feed.user_id)
        return _calendar(ws, conn, user, feed, now) if user else None


def _calendar(ws: Workspace, conn: Connection, user: User, feed: Feed, now: datetime) -> bytes:
    prefs = reminder_setup.preferences_of(conn, user.id)
    dossiers = due_dossiers(ws, conn, user, now + AHEAD)
    clock, domain = prefs.digest_at, feed.uid_domain
    promises = [
        promise_entry(c, d.person.name, d.person.timezone, user.timezone, clock, domain)
        for d in dossiers
        for c in d.open_commitments
    ]
    promises += _closed(conn, user, clock, domain, now)
    events = [_checkpoint(d, domain) for d in dossiers if d.rhythm is not None]
    events += _meetings(conn, user, domain, now)
    return calendar_document(f"followup — {user.name}", user.timezone, now, promises, events)


def _closed(
    conn: Connection, user: User, clock: time, domain: str, now: datetime
) -> list[PromiseEntry]:
    """Promises closed lately, so a calendar that has them marks them done, not stale."""
    return [
        promise_entry(c, name, tz, user.timezone, clock, domain, closed_at)
        for c, name, tz, closed_at in calendar_queries.closed_since(conn, user.id, now - BEHIND)
    ]


def _checkpoint(dossier: Dossier, domain: str) -> EventEntry:
    """The next check-in the rhythm asks for, as an event that moves when it does."""
    person, rhythm = dossier.person, dossier.rhythm
    assert rhythm is not None
    due = cadence_due(person, rhythm, dossier.touches)
    if person.snoozed_until is not None:
        due = max(due, person.snoozed_until)
    agreed = "agreed" if rhythm.agreed else "their culture's default"
    return EventEntry(
        uid=f"checkpoint-{person.id}@{domain}",
        summary=f"Check in with {person.name} {CHANNEL_WORDS[rhythm.channel]}",
        description=f"Rhythm {every(rhythm.every_days)} ({agreed}). Log it with: "
        f"followup log {person.id}",
        start=due,
        length=CHECKPOINT_LENGTH,
        category="checkpoint",
    )


def _meetings(conn: Connection, user: User, domain: str, now: datetime) -> list[EventEntry]:
    return [
        EventEntry(
            uid=f"interaction-{row.id}@{domain}",
            summary=f"{row.kind.capitalize()} with {row.person_name}",
            description=row.notes or "",
            start=row.at,
            length=MEETING_LENGTH,
            category="meeting",
        )
        for row in calendar_queries.meetings(conn, user.id, now - BEHIND)
    ]
