"""Which reminders are due for one user now: today's digest and the webhook events."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from followup.domain.deliveries import agenda_events, wants
from followup.domain.localtime import zone
from followup.domain.model import User
from followup.domain.reminders import (
    Preferences,
    ReminderChannel,
    digest_key,
    event_key,
    reminders_day,
)
from followup.services.agenda import today
from followup.services.views import agenda_item_document, iso
from followup.services.workspace import Workspace
from followup.store import ledger
from followup.store.reminder_setup import Endpoint


def planned_for(
    ws: Workspace,
    user: User,
    prefs: Preferences,
    hooks: list[Endpoint],
    smtp_configured: bool,
    now: datetime,
) -> list[dict[str, Any]]:
    """The ledger rows to insert for `user` at `now` (existing keys are left alone)."""
    day = reminders_day(prefs, zone(user.timezone), now)
    if day is None:
        return []
    email = prefs.email and smtp_configured
    hooks = hooks if prefs.webhooks else []
    key = digest_key(user.id, day)
    with ws.transaction() as conn:
        digest_planned = bool(ledger.existing_keys(conn, [key]))
    if (digest_planned or not email) and not hooks:
        return []
    _, items = today(ws, now, user.name, None)
    planned: list[dict[str, Any]] = []
    if email and not digest_planned and (items or prefs.empty_digest):
        planned.append(
            {
                "key": key,
                "user_id": user.id,
                "channel": ReminderChannel.EMAIL.value,
                "kind": "digest",
            }
        )
    for endpoint in hooks:
        for event in agenda_events(items):
            if not wants(endpoint.events, event.name):
                continue
            event_id = event_key(endpoint.id, event.name, event.subject)
            body = {
                "id": event_id,
                "type": event.name,
                "created_at": iso(now),
                "user": {"id": user.id, "name": user.name, "timezone": user.timezone},
                "data": {"item": agenda_item_document(event.item)},
            }
            planned.append(
                {
                    "key": event_id,
                    "user_id": user.id,
                    "channel": ReminderChannel.WEBHOOK.value,
                    "kind": event.name,
                    "endpoint_id": endpoint.id,
                    "payload": json.dumps(body, ensure_ascii=False, sort_keys=True),
                }
            )
    return planned
