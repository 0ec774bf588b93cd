"""What the Settings page and /api/cultures show: the rhythms in force."""

from __future__ import annotations

from typing import Any

from followup.services import views
from followup.services.browse import check_page
from followup.services.workspace import Workspace
from followup.store import browse


def culture_documents(ws: Workspace) -> list[dict[str, Any]]:
    """Each culture profile with its default rhythm per stage, gap, channel and etiquette."""
    return [
        {
            "key": profile.key,
            "name": profile.name,
            "countries": list(profile.countries),
            "cadence_days": {stage.value: days for stage, days in profile.cadence_days.items()},
            "min_gap_days": profile.min_gap_days,
            "channel": profile.channel.value,
            "notes": list(profile.notes),
            "faux_pas": list(profile.faux_pas),
            "source": profile.source,
        }
        for profile in ws.cultures.profiles.values()
    ]


def agreed_rhythms(ws: Workspace, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The rhythms agreed with people, by name, one page at a time (counted as people are)."""
    check_page(limit, offset)
    with ws.transaction() as conn:
        total, rows = browse.agreements_page(conn, limit, offset)
    found = [
        {
            "person": {"id": row.id, "name": row.name},
            "owner": row.owner_name,
            "every_days": row.every_days,
            "min_gap_days": row.min_gap_days,
            "channel": row.channel,
            "agreed_by": row.agreed_by,
            "agreed_on": views.iso(row.agreed_on),
        }
        for row in rows
    ]
    return {
        "agreements": found,
        "total": min(total, browse.COUNT_CAP),
        "total_exact": total <= browse.COUNT_CAP,
        "limit": limit,
        "offset": offset,
    }
