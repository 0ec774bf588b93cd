"""The demo's relationship intelligence: service tiers, feedback, requests, who knows whom,
interests and the content library, replayed through the services like the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain.durations import parse_days
from followup.domain.relationship import LinkKind
from followup.domain.service_levels import parse_response
from followup.services import relations, satisfaction, service_levels
from followup.services.workspace import Workspace


@dataclass(frozen=True)
class Replay:
    """The demo's clock and team: relative times resolved where the acting user is."""

    ws: Workspace
    now: datetime
    moment: Callable[[str, ZoneInfo], datetime]
    zones: dict[str, ZoneInfo]
    main: str

    def at(self, entry: dict[str, Any], key: str = "at") -> tuple[str, str]:
        """(who acts, when as ISO) for an entry with `by` and a relative time."""
        by = entry.get("by", self.main)
        return by, self.moment(entry[key], self.zones[by]).isoformat()


def load_extras(replay: Replay, data: dict[str, Any]) -> None:
    """Everything after the people: tiers first (their check-ins), then the rest."""
    ws, now = replay.ws, replay.now
    for tier in data.get("tiers", []):
        checkin = parse_days(tier["checkin"], "check-in rhythm") if "checkin" in tier else None
        service_levels.save_tier(
            ws, tier["name"], now, parse_response(tier["response"]), checkin,
            tier.get("price"), bool(tier.get("default", False)),
        )  # fmt: skip
    for entry in data.get("feedback", []):
        by, at = replay.at(entry)
        satisfaction.record_feedback(
            ws, entry["account"], int(entry["score"]), now, by, entry.get("comment"),
            entry.get("from"), at,
        )  # fmt: skip
    for entry in data.get("requests", []):
        by, at = replay.at(entry)
        made = service_levels.add_request(
            ws, entry["account"], entry["what"], now, by, entry.get("from"), at
        )
        if "done" in entry:
            answered = replay.at(entry, "done")[1]
            service_levels.close_request(ws, made["id"], now, by, answered, entry.get("notes"))
    for link in data.get("links", []):
        relations.link(ws, link["person"], link["other"], LinkKind(link["as"]), now)
    for entry in data.get("interests", []):
        relations.set_interests(ws, entry["person"], list(entry["topics"]), [])
    for piece in data.get("content", []):
        added = relations.add_content(
            ws, piece["title"], piece.get("kind", "article"), list(piece["topics"]), now,
            replay.main, piece.get("url"),
        )  # fmt: skip
        for sent in piece.get("sent", []):
            by, at = replay.at(sent)
            relations.send_content(ws, added["id"], sent["to"], now, by, at, confirm=True)
