"""The demo workspace: data/demo.toml replayed through the services, dated from a moment.

Every record goes through the service functions a user's commands call, so each stored
next_due_at is exactly what the services compute. The whole load runs in one
transaction: the demo is there completely or not at all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, delete, func, select

from followup.domain.durations import parse_days
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.localtime import add_local_days, at_local, local_date, parse_moment, utc, zone
from followup.domain.model import (
    Channel,
    Direction,
    FollowUpPoint,
    InteractionKind,
    Outcome,
    Role,
    Side,
    Status,
)
from followup.services import contact, directory, people, views
from followup.services.demo_deals import load_deals
from followup.services.demo_extras import Replay, load_extras
from followup.services.workspace import Workspace
from followup.store import tables
from followup.store.audit_tables import TRAIL

# '-12d', '+2d', '-3d+10h', '-12d 10:30', '0d': days (calendar days where it applies),
# then an optional local clock time, then optional hours.
_RELATIVE = re.compile(
    r"(?:(?P<days>[+-]?\d+)d)?(?:(?P<hours>[+-]\d+)h)?(?:\s+(?P<clock>\d{1,2}:\d{2}))?"
)
# The team and its accounts were set up this long before the load moment.
SET_UP = timedelta(days=365)


def demo_data() -> dict[str, Any]:
    """The shipped demo workspace (data/demo.toml) as parsed TOML."""
    text = resources.files("followup.data").joinpath("demo.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_moment(text: str | None, now: datetime) -> datetime:
    """The moment the demo is dated from: `text` (ISO 8601; without an offset it is read
    in the main demo user's time zone, as `today --at` reads it) or `now`."""
    if not text:
        return utc(now)
    return parse_moment(text, zone(demo_data()["users"][0]["timezone"]))[0]


def load_demo(ws: Workspace, now: datetime, reset: bool) -> dict[str, Any]:
    """Load the demo workspace dated from `now`; refused if people exist, unless `reset`."""
    data = demo_data()
    now = utc(now)
    with ws.transaction() as conn:
        if reset:
            _empty(conn)
        elif _count(conn, tables.people):
            raise Conflict("the workspace is not empty; use --reset to replace it")
        loader = _Loader(_OneTransaction(ws.engine, ws.cultures, conn), Clock(now))
        try:
            loader.load(data)
        except Conflict as exc:
            # e.g. a user named like one of the demo's: only a reset makes room.
            raise Conflict(f"{exc.message}; use --reset to replace the workspace") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"invalid demo data: {exc!r}") from None
        return _summary(conn, data, now)


def _summary(conn: Connection, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """What was loaded: counts per table, the main user, and the accounts' countries."""
    counted = (tables.users, tables.accounts, tables.people, tables.interactions)
    return {
        "at": views.iso(now),
        "main_user": data["users"][0]["name"],
        "main_user_timezone": data["users"][0]["timezone"],
        **{table.name: _count(conn, table) for table in (*counted, tables.commitments)},
        "countries": sorted({str(account["country"]) for account in data["accounts"]}),
    }


def _empty(conn: Connection) -> None:
    # Children before parents, so no foreign key is ever left dangling. The audit trail
    # stays: it records the reset like any other change.
    for table in reversed(tables.metadata.sorted_tables):
        if table.name not in TRAIL:
            conn.execute(delete(table))


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@dataclass
class _OneTransaction(Workspace):
    """The workspace with every service's unit of work inside one open transaction."""

    conn: Connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        # No commit here: the caller's transaction commits once, after the whole demo.
        yield self.conn


@dataclass(frozen=True)
class Clock:
    """Resolves the demo's relative times against the load moment `now`."""

    now: datetime

    def moment(self, text: str, tz: ZoneInfo) -> datetime:
        """The instant `text` names, off the weekend where it applies."""
        return self._resolve(text, tz)[0]

    def due(self, text: str, tz: ZoneInfo) -> str:
        """A due date as `commit add --due` takes it: a day (due by its end) or an instant."""
        moment, exact = self._resolve(text, tz)
        return moment.isoformat() if exact else local_date(moment, tz).isoformat()

    def day(self, text: str, tz: ZoneInfo) -> str:
        """The local day `text` names, as an ISO date."""
        return local_date(self.moment(text, tz), tz).isoformat()

    def _resolve(self, text: str, tz: ZoneInfo) -> tuple[datetime, bool]:
        match = _RELATIVE.fullmatch(text.strip())
        if match is None or not (match["days"] or match["hours"]):
            raise InvalidInput(f"invalid demo time {text!r}: write e.g. -12d, +2d or -3d 10:30")
        moment = add_local_days(self.now, int(match["days"] or 0), tz)
        if match["clock"]:
            hours, minutes = (int(part) for part in match["clock"].split(":"))
            moment = at_local(local_date(moment, tz), time(hours, minutes), tz)
        moment += timedelta(hours=int(match["hours"] or 0))
        return self._weekday(moment, tz), bool(match["clock"] or match["hours"])

    def _weekday(self, moment: datetime, tz: ZoneInfo) -> datetime:
        # Nobody visits a customer on a Sunday: the past moves back to Friday, the
        # future on to Monday.
        step = -1 if moment <= self.now else 1
        while local_date(moment, tz).weekday() >= 5:
            moment = add_local_days(moment, step, tz)
        return moment


class _Loader:
    """Replays the demo data through the services, each call at the moment it happened."""

    def __init__(self, ws: Workspace, clock: Clock) -> None:
        self.ws = ws
        self.clock = clock
        self.zones: dict[str, ZoneInfo] = {}

    def load(self, data: dict[str, Any]) -> None:
        set_up = self.clock.now - SET_UP
        for user in data["users"]:
            self.zones[user["name"]] = zone(user["timezone"])
            role = Role(user.get("role", Role.MEMBER.value))
            directory.add_user(self.ws, user["name"], user["timezone"], set_up, user["email"], role)
        for account in data["accounts"]:
            directory.add_account(
                self.ws,
                account["name"],
                set_up,
                account["owner"],
                None,
                account["country"],
                account.get("tier"),
                account.get("culture"),
            )
        for person in data["people"]:
            self._person(person)
        main = data["users"][0]["name"]
        load_extras(Replay(self.ws, self.clock.now, self.clock.moment, self.zones, main), data)
        load_deals(self.ws, self.clock, self.zones, data.get("deals", []))

    def _person(self, raw: dict[str, Any]) -> None:
        owner = raw["owner"]
        logs = raw.get("log", [])
        moments = [
            self.clock.moment(entry["at"], self.zones[entry.get("by", owner)]) for entry in logs
        ]
        if "added" in raw:
            moments.append(self.clock.moment(raw["added"], self.zones[owner]))
        # Added when we first met them (or as the data says), never after a logged touch.
        added = min(moments, default=self.clock.now)
        document = people.add_person(self.ws, _fields(raw), added, owner)
        ref, tz = str(document["id"]), zone(document["timezone"])
        if "agree" in raw:
            self._agree(ref, raw["agree"], added, self.zones[owner])
        for entry in logs:
            self._log(ref, tz, entry, owner)
        if "snooze" in raw:
            until = self.clock.day(raw["snooze"], self.zones[owner])
            contact.snooze(self.ws, ref, until, self.clock.now, owner)

    def _agree(self, ref: str, raw: dict[str, Any], added: datetime, tz: ZoneInfo) -> None:
        on = self.clock.moment(raw["on"], tz) if "on" in raw else added
        gap = parse_days(raw["min_gap"], "minimum gap") if "min_gap" in raw else None
        channel = Channel(raw["channel"]) if "channel" in raw else None
        terms = contact.InternalTerms(None, raw.get("about"), raw.get("what"))
        contact.agree(
            self.ws, ref, parse_days(raw["every"]), on, gap, channel, raw.get("by"), None, terms
        )

    def _log(self, ref: str, tz: ZoneInfo, raw: dict[str, Any], owner: str) -> None:
        by = raw.get("by", owner)
        at = self.clock.moment(raw["at"], self.zones[by])
        if at > self.clock.now:
            raise InvalidInput(
                f"invalid demo data: an interaction at {raw['at']!r} is in the future"
            )
        promised = [(Side.US, p) for p in raw.get("we", [])]
        promised += [(Side.THEM, p) for p in raw.get("they", [])]
        entry = contact.LogInput(
            kind=InteractionKind(raw.get("kind", InteractionKind.MEETING.value)),
            direction=Direction(raw.get("direction", Direction.OUT.value)),
            outcome=Outcome(raw["outcome"]) if "outcome" in raw else None,
            at=at.isoformat(),
            notes=raw.get("notes"),
            promises=[self._promise(side, p, tz) for side, p in promised],
            confirm=True,  # history as it happened: a breach in it is recorded, not refused
        )
        document = contact.log_interaction(self.ws, ref, entry, at, by)
        for made, (_, promise) in zip(document["commitments"], promised, strict=True):
            self._close(made["id"], promise, at, self.zones[by])

    def _promise(self, side: Side, raw: dict[str, Any], tz: ZoneInfo) -> contact.PromiseInput:
        return contact.PromiseInput(
            side=side,
            what=raw["what"],
            due=self.clock.due(raw["due"], tz),
            agreed=bool(raw.get("agreed", False)),
            owed_by=raw.get("by"),
            point=FollowUpPoint(raw.get("point", FollowUpPoint.NEXT_STEP.value)),
        )

    def _close(self, commitment_id: int, raw: dict[str, Any], said: datetime, tz: ZoneInfo) -> None:
        for key, status in (("done", Status.DONE), ("dropped", Status.DROPPED)):
            if key in raw:
                # Kept after it was made and before now, whatever the weekend shifts did.
                when = min(max(self.clock.moment(raw[key], tz), said), self.clock.now)
                contact.close_commitment(self.ws, commitment_id, status, when)


def _fields(raw: dict[str, Any]) -> people.PersonFields:
    return people.PersonFields(
        name=raw["name"],
        account=raw.get("account"),
        country=raw.get("country"),
        timezone=raw.get("timezone"),
        stage=raw.get("stage"),
        language=raw.get("language"),
        source=raw.get("source"),
        owner=raw["owner"],
        notes=raw.get("notes"),
        role=raw.get("role"),
        title=raw.get("title"),
        emails=list(raw.get("emails", [])),
        phones=list(raw.get("phones", [])),
    )
