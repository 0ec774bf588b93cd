"""A user's day of agenda, explained once, kept, and read back while no write came since.

Explaining an agenda at size L reads ~1,000 rows and words ~180 items (~30 ms); reading a
prepared day is a primary-key lookup, a JSON parse and a sort. The day holds every
subject's phases (domain/agenda_phases.py), so the clock does not end it before the
user's day does; service requests' minutes are recounted on every read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup import __version__
from followup.domain.agenda_phases import Phase, day_phases, items_at
from followup.domain.items import AgendaItem, Day
from followup.domain.model import Channel, User
from followup.domain.service_levels import ServiceRequest, Wording, restated, wording
from followup.store import directory as directory_store
from followup.store import prepared
from followup.store.prepared import Prepared


@dataclass(frozen=True)
class PreparedDay:
    """Every subject's phases over the user's day, and what requests' items recount."""

    start: datetime
    end: datetime
    phases: Sequence[Sequence[Phase]]
    requests: dict[int, Wording]

    @classmethod
    def of(cls, user: User, day: Day, subjects: Sequence[object]) -> PreparedDay:
        requests = {s.id: wording(s, day) for s in subjects if isinstance(s, ServiceRequest)}
        return cls(day.start, day.end, day_phases(user, day, subjects), requests)

    def items_at(self, at: datetime) -> list[AgendaItem]:
        """The ranked agenda at `at`, a moment of this day."""
        return items_at(self.phases, at, self._restating(at))

    def _restating(self, at: datetime) -> Callable[[AgendaItem], AgendaItem]:
        def restate(item: AgendaItem) -> AgendaItem:
            if item.kind != "service_request":
                return item
            return restated(item, self.requests[item.extra["request_id"]], at)

        return restate

    def prepared(self) -> Prepared:
        document = {
            "phases": [
                [[phase.since.isoformat(), [_raw(i) for i in phase.items]] for phase in subject]
                for subject in self.phases
            ],
            "requests": {str(k): [w.opening, w.due, w.promise] for k, w in self.requests.items()},
        }
        return Prepared(__version__, self.start, self.end, json.dumps(document, ensure_ascii=False))

    @classmethod
    def read(cls, kept: Prepared) -> PreparedDay:
        document = json.loads(kept.document)
        phases = [
            [Phase(datetime.fromisoformat(since), tuple(map(_item, raw))) for since, raw in subject]
            for subject in document["phases"]
        ]
        requests = {int(k): Wording(*v) for k, v in document["requests"].items()}
        return cls(kept.valid_from, kept.valid_until, phases, requests)


def fresh(conn: Connection, user: User, at: datetime) -> list[AgendaItem] | None:
    """The agenda at `at` from the user's prepared day, or None when none holds."""
    kept = prepared.fresh(conn, user.id, at)
    if kept is None or kept.made_by != __version__:
        return None  # explained by another followup version: its wording may differ
    return PreparedDay.read(kept).items_at(at)


def kept_days(conn: Connection, at: datetime) -> list[tuple[User, list[AgendaItem]]]:
    """Each user's agenda at `at` as their kept day has it (for `db check`)."""
    users = {u.id: u for u in directory_store.all_users(conn)}
    return [
        (users[user_id], PreparedDay.read(kept).items_at(at))
        for user_id, kept in prepared.kept(conn, at)
        if kept.made_by == __version__ and user_id in users
    ]


_FIELDS = (
    "kind", "person_id", "person_name", "account", "overdue_days", "reason", "suggestion",
    "commitment_id", "deal_id", "milestone_id", "urgent", "zone",
)  # fmt: skip


def _raw(item: AgendaItem) -> dict[str, Any]:
    raw = {name: getattr(item, name) for name in _FIELDS}
    raw["due"] = item.due.isoformat()
    raw["channel"] = item.channel.value if item.channel else None
    raw["warnings"] = list(item.warnings)
    raw["extra"] = dict(item.extra)
    return raw


def _item(raw: dict[str, Any]) -> AgendaItem:
    return AgendaItem(
        **{name: raw[name] for name in _FIELDS},
        due=datetime.fromisoformat(raw["due"]),
        channel=Channel(raw["channel"]) if raw["channel"] else None,
        warnings=tuple(raw["warnings"]),
        extra=raw["extra"],
    )
