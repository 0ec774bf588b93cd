"""The demo's relationship intelligence: service tiers, feedback, requests, who knows whom,
interests and the content library, replayed through the services like the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain.durations import parse_days
from followup.domain.relationship import LinkKind
from followup.domain.service_levels import parse_response
from followup.services import relations, satisfaction, service_levels
from followup.services.workspace import Workspace

Moment = Callable[[str, ZoneInfo], datetime]


def load_extras(
    ws: Workspace, now: datetime, moment: Moment, zones: dict[str, ZoneInfo], data: dict[str, Any]
) -> None:
    """Everything after the people: tiers first (their check-ins), then the rest."""
    main = data["users"][0]["name"]
    for tier in data.get("tiers", []):
        checkin = parse_days(tier["checkin"], "check-in rhythm") if "checkin" in tier else None
        service_levels.save_tier(
            ws, tier["name"], now, parse_response(tier["response"]), checkin,
            tier.get("price"), bool(tier.get("default", False)),
        )  # fmt: skip
    for entry in data.get("feedback", []):
        by = entry.get("by", main)
        satisfaction.record_feedback(
            ws, entry["account"], int(entry["score"]), now, by, entry.get("comment"),
            entry.get("from"), moment(entry["at"], zones[by]).isoformat(),
        )  # fmt: skip
    for entry in data.get("requests", []):
        _request(ws, now, moment, zones, entry, main)
    for link in data.get("links", []):
        relations.link(ws, link["person"], link["other"], LinkKind(link["as"]), now)
    for entry in data.get("interests", []):
        relations.set_interests(ws, entry["person"], list(entry["topics"]), [])
    for piece in data.get("content", []):
        _content(ws, now, moment, zones, piece, main)


def _request(
    ws: Workspace,
    now: datetime,
    moment: Moment,
    zones: dict[str, ZoneInfo],
    entry: dict[str, Any],
    main: str,
) -> None:
    by = entry.get("by", main)
    made = service_levels.add_request(
        ws, entry["account"], entry["what"], now, by, entry.get("from"),
        moment(entry["at"], zones[by]).isoformat(),
    )  # fmt: skip
    if "done" in entry:
        answered = moment(entry["done"], zones[by]).isoformat()
        service_levels.close_request(ws, made["id"], now, by, answered, entry.get("notes"))


def _content(
    ws: Workspace,
    now: datetime,
    moment: Moment,
    zones: dict[str, ZoneInfo],
    piece: dict[str, Any],
    main: str,
) -> None:
    added = relations.add_content(
        ws, piece["title"], piece.get("kind", "article"), list(piece["topics"]), now, main,
        piece.get("url"),
    )  # fmt: skip
    for sent in piece.get("sent", []):
        by = sent.get("by", main)
        at = moment(sent["at"], zones[by]).isoformat()
        relations.send_content(ws, added["id"], sent["to"], now, by, at, confirm=True)
