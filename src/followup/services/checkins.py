"""Each account's next satisfaction check-in, stored so the agenda finds it by index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from followup.domain.errors import NotFound
from followup.domain.satisfaction import checkin_due, checkin_interval
from followup.services.workspace import Workspace
from followup.store import service as store


def refresh_checkin(ws: Workspace, conn: Connection, account_id: int) -> datetime:
    """Recompute and store an account's next satisfaction check-in: one interval (its
    tier's, else its culture's) after its last feedback, or after it was added."""
    row = store.account_row(conn, account_id)
    if row is None:
        raise NotFound(f"unknown account #{account_id}")
    profile = ws.cultures.resolve(row.culture, row.country)
    interval, _ = checkin_interval(store.tiers(conn).get(row.tier or ""), profile)
    last = store.last_feedback_at(conn, account_id)
    due = checkin_due(last or row.created_at, interval)
    store.store_checkin(conn, account_id, due, last)
    return due
