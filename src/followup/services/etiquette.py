"""A culture's etiquette as every account view shows it, to anyone who touches the account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from followup.domain.culture import CultureProfile
from followup.store.tables import accounts


def etiquette_document(profile: CultureProfile) -> dict[str, Any]:
    """Notes, faux pas (with where they apply), negotiation, how to ask for feedback, how
    long deliberation runs and how fast delivery must follow a yes."""
    return {
        "culture": profile.key,
        "notes": list(profile.notes),
        "faux_pas": [f.text for f in profile.faux_pas],
        "faux_pas_on": {f.text: sorted(f.on) for f in profile.faux_pas if f.on},
        "negotiation": list(profile.negotiation),
        "feedback_channel": profile.feedback_channel.value,
        "deliberation_days": profile.deliberation_days,
        "delivery_days": profile.delivery_days,
        "checkin_days": profile.checkin_days,
    }


def row_checkin(conn: Connection, account_id: int) -> datetime | None:
    query = select(accounts.c.checkin_due_at).where(accounts.c.id == account_id)
    moment: datetime | None = conn.execute(query).scalar()
    return moment
