"""Everything that moves a follow-up: agreeing a rhythm, logging a touch, promises, snoozes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.localtime import END_OF_DAY, parse_moment, start_of_day, zone
from followup.domain.model import (
    Agreement,
    Channel,
    Commitment,
    Direction,
    FollowUpPoint,
    Interaction,
    InteractionKind,
    Outcome,
    Side,
    Status,
    User,
)
from followup.domain.names import within
from followup.domain.promises import clean_what, split_promise
from followup.services import views
from followup.services.deal_files import touch_deals
from followup.services.directory import current_user
from followup.services.people import resolve_person
from followup.services.workspace import Workspace, refresh_due
from followup.store import people as people_store
from followup.store import records


@dataclass
class PromiseInput:
    side: Side
    what: str
    due: str
    agreed: bool = False
    owed_by: str | None = None
    point: FollowUpPoint = FollowUpPoint.NEXT_STEP


@dataclass
class LogInput:
    kind: InteractionKind = InteractionKind.MEETING
    direction: Direction = Direction.OUT
    outcome: Outcome | None = None
    at: str | None = None
    notes: str | None = None
    promises: list[PromiseInput] = field(default_factory=list)


def inline_promise(side: Side, text: str) -> PromiseInput:
    what, due = split_promise(text)
    return PromiseInput(side=side, what=what, due=due)


def agree(
    ws: Workspace,
    ref: str,
    every_days: int,
    now: datetime,
    min_gap_days: int | None = None,
    channel: Channel | None = None,
    agreed_by: str | None = None,
    on: str | None = None,
) -> dict[str, Any]:
    """Record the rhythm a person agreed to (replacing any earlier agreement)."""
    if every_days < 1 or (min_gap_days is not None and min_gap_days < 1):
        raise InvalidInput("a rhythm must be at least one day")
    if min_gap_days is not None and min_gap_days > every_days:
        raise InvalidInput(
            f"the minimum gap ({min_gap_days} days) cannot be longer than the rhythm "
            f"({every_days} days)"
        )
    within(agreed_by, 300, "who agreed")
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        person = _person(conn, person_id)
        agreed_on = parse_moment(on, zone(person.timezone))[0] if on else now
        agreement = Agreement(
            person_id, every_days, min_gap_days, channel, agreed_by or person.name, agreed_on
        )
        records.save_agreement(conn, agreement, now)
        refresh_due(ws, conn, person_id, now)
        return views.person_document(conn, ws, person_id)


def log_interaction(
    ws: Workspace, ref: str, entry: LogInput, now: datetime, login: str | None
) -> dict[str, Any]:
    """Log a touch (and the promises made in it) and move the person's next due time."""
    if entry.notes is not None and len(entry.notes) > 100_000:
        raise InvalidInput("notes are limited to 100,000 characters")
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        at = parse_moment(entry.at, zone(user.timezone))[0] if entry.at else now
        interaction = Interaction(
            person_id, user.id, entry.kind, entry.direction, at, entry.outcome, entry.notes or None
        )
        interaction_id = records.insert_interaction(conn, interaction, now)
        made = [
            _add_promise(conn, person_id, p, now, user, interaction_id, at) for p in entry.promises
        ]
        due = refresh_due(ws, conn, person_id, now, logged=interaction)
        if interaction.is_contact:
            touch_deals(ws, conn, person_id, at, now)
        return {
            "interaction_id": interaction_id,
            "person_id": person_id,
            "at": views.iso(at),
            "commitments": [views.commitment_document(c) for c in made],
            "next_due_at": views.iso(due),
        }


def add_commitment(
    ws: Workspace, ref: str, promise: PromiseInput, now: datetime, login: str | None
) -> dict[str, Any]:
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        commitment = _add_promise(conn, person_id, promise, now, user, None, None)
        refresh_due(ws, conn, person_id, now)
        return views.commitment_document(commitment)


def _add_promise(
    conn: Connection,
    person_id: int,
    promise: PromiseInput,
    now: datetime,
    user: User,
    interaction_id: int | None,
    said_at: datetime | None,
) -> Commitment:
    person = _person(conn, person_id)
    # "By Friday" means Friday where the person is: a date alone is the end of that day there.
    due, all_day = parse_moment(promise.due, zone(person.timezone), END_OF_DAY)
    what = clean_what(promise.what)
    if said_at is not None and due < said_at:
        raise InvalidInput(
            f"commitment {what!r} is due {promise.due}, before the interaction it came from "
            f"({views.iso(said_at)})"
        )
    within(promise.owed_by, 300, "who owes it")
    owed_by = promise.owed_by or (user.name if promise.side is Side.US else None)
    draft = Commitment(
        person_id,
        promise.side,
        what,
        due,
        all_day,
        Status.OPEN,
        promise.agreed,
        owed_by,
        promise.point,
        interaction_id,
    )
    commitment_id = records.insert_commitment(conn, draft, now)
    return Commitment(**{**draft.__dict__, "id": commitment_id})


def close_commitment(
    ws: Workspace, commitment_id: int, status: Status, now: datetime
) -> dict[str, Any]:
    """Mark a commitment done or dropped; closing twice is refused."""
    with ws.transaction() as conn:
        commitment = records.commitment_by_id(conn, commitment_id)
        if commitment is None:
            raise NotFound(f"unknown commitment {commitment_id}")
        if commitment.status is not Status.OPEN:
            raise Conflict(f"commitment {commitment_id} is already {commitment.status.value}")
        records.close_commitment(conn, commitment_id, status, now)
        refresh_due(ws, conn, commitment.person_id, now)
        closed = records.commitment_by_id(conn, commitment_id)
        assert closed is not None
        return views.commitment_document(closed)


def snooze(
    ws: Workspace, ref: str, until: str | None, now: datetime, login: str | None
) -> dict[str, Any]:
    """Keep the rhythm and their promises off the agenda until a day (None clears it)."""
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        moment = None
        if until is not None:
            tz = zone(user.timezone)
            moment = start_of_day(parse_moment(until, tz)[0], tz)
            if moment <= now:
                raise InvalidInput(f"cannot snooze until {until}: that is not in the future")
        people_store.update_person(conn, person_id, {"snoozed_until": moment}, now)
        refresh_due(ws, conn, person_id, now)
        return views.person_document(conn, ws, person_id)


def _person(conn: Connection, person_id: int) -> Any:
    person = people_store.load_person(conn, person_id)
    if person is None:
        raise NotFound(f"unknown person #{person_id}")
    return person


def commitments_for(ws: Workspace, ref: str) -> dict[str, Any]:
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        person = _person(conn, person_id)
        return {
            "person": {"id": person_id, "name": person.name},
            "commitments": [
                views.commitment_document(c) for c in records.commitments_of(conn, person_id)
            ],
        }
