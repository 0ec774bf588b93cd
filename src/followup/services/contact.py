"""Everything that moves a follow-up: agreeing a rhythm, logging a touch, promises, snoozes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import Connection

from followup.domain.errors import Conflict, InvalidInput, NotFound, Stale
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
    Stage,
    Status,
    Touches,
    User,
)
from followup.domain.names import within
from followup.domain.promises import clean_what, split_promise
from followup.services import guard, relationship, views
from followup.services.deal_files import touch_deals
from followup.services.directory import current_user, find_account
from followup.services.people import claim_version, resolve_person
from followup.services.workspace import Workspace, follow_up_of, refresh_due
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
    point: FollowUpPoint | None = None  # the natural follow-up point this touch used
    confirm: bool = False  # log it even if it breaks the agreed gap (recorded)


@dataclass
class InternalTerms:
    """What else an agreement may say: a maximum interval, and for a colleague, the
    account they report on and what they send."""

    max_days: int | None = None
    about: str | None = None  # an account: makes it an internal agreement
    topic: str | None = None

    def check(self, every_days: int) -> None:
        if self.max_days is not None and self.max_days < every_days:
            raise InvalidInput(
                f"the maximum ({self.max_days} days) cannot be shorter than the rhythm "
                f"({every_days} days)"
            )
        if self.topic is not None and self.about is None:
            raise InvalidInput("--what goes with --about ACCOUNT (an internal agreement)")
        within(self.topic, 2000, "what the colleague sends")

    def account_of(self, conn: Connection, person: Any) -> int | None:
        if self.about is None:
            return None
        if person.stage is not Stage.COLLEAGUE:
            raise InvalidInput(
                f"{person.name} is a {person.stage.value}: only a colleague reports on an "
                "account (person edit --stage colleague)"
            )
        return find_account(conn, self.about).id


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
    internal: InternalTerms | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Record the rhythm a person agreed to (replacing any earlier agreement); with
    `internal`, a colleague's rhythm of status reports about an account. The agreement is
    part of the person: `version` is theirs, and agreeing moves it on."""
    if every_days < 1 or (min_gap_days is not None and min_gap_days < 1):
        raise InvalidInput("a rhythm must be at least one day")
    if min_gap_days is not None and min_gap_days > every_days:
        raise InvalidInput(
            f"the minimum gap ({min_gap_days} days) cannot be longer than the rhythm "
            f"({every_days} days)"
        )
    terms = internal or InternalTerms()
    terms.check(every_days)
    within(agreed_by, 300, "who agreed")
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        claim_version(conn, person_id, version)
        person = _person(conn, person_id)
        about = terms.account_of(conn, person)
        agreed_on = parse_moment(on, zone(person.timezone))[0] if on else now
        agreement = Agreement(
            person_id, every_days, min_gap_days, channel, agreed_by or person.name, agreed_on,
            terms.max_days, about, terms.topic,
        )  # fmt: skip
        records.save_agreement(conn, agreement, now)
        if about is not None:
            relationship.start_status_promises(conn, person_id, about, agreed_on, now)
        refresh_due(ws, conn, person_id, now)
        return views.person_document(conn, ws, person_id)


@dataclass
class RhythmTerms:
    """What was agreed: every N days, never more often than M, the channel, who and when."""

    every_days: int
    min_gap_days: int | None = None
    channel: Channel | None = None
    agreed_by: str | None = None
    on: str | None = None  # ISO, in the person's zone; None: now


def agree_in(
    conn: Connection, ws: Workspace, person_id: int, terms: RhythmTerms, now: datetime
) -> dict[str, Any]:
    """Record a customer's agreed rhythm inside a transaction the caller holds (the
    terms checked by the caller)."""
    claim_version(conn, person_id, None)
    person = _person(conn, person_id)
    agreed_on = parse_moment(terms.on, zone(person.timezone))[0] if terms.on else now
    agreement = Agreement(
        person_id,
        terms.every_days,
        terms.min_gap_days,
        terms.channel,
        terms.agreed_by or person.name,
        agreed_on,
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
        # An id is checked by log_in, which reads the person first thing.
        return log_in(ws, conn, user, resolve_person(conn, ref, verify_id=False), entry, now)


def log_in(
    ws: Workspace, conn: Connection, user: User, person_id: int, entry: LogInput, now: datetime
) -> dict[str, Any]:
    """Log `entry` inside an open transaction (for services that log as part of more)."""
    at = parse_moment(entry.at, zone(user.timezone))[0] if entry.at else now
    interaction = Interaction(
        person_id, user.id, entry.kind, entry.direction, at, entry.outcome,
        entry.notes or None, point=entry.point,
    )  # fmt: skip
    facts = follow_up_of(ws, conn, person_id)  # as they were before this touch
    verdict = guard.verdict_for(conn, facts, user, interaction)
    interaction_id = records.insert_interaction(conn, interaction, now)
    made = [_add_promise(conn, person_id, p, now, user, interaction_id, at) for p in entry.promises]
    if not verdict.clear and not entry.confirm:  # bad input is reported first; all rolls back
        raise guard.NeedsConfirmation(verdict)
    guard.record(conn, verdict, interaction_id, person_id, user.id, now)
    replies = relationship.after_logged(conn, facts, interaction, interaction_id, now)
    touches = Touches(facts[0].last_contact_at, facts[0].last_attempt_at).after(interaction)
    # The person's row, agreement and culture are as `facts` read them: only the touches
    # and replies moved, and those are passed in.
    due = refresh_due(ws, conn, person_id, now, touches, replies, facts)
    if interaction.is_contact and facts[0].revives_deals:
        touch_deals(ws, conn, person_id, at, now)
    return {
        "interaction_id": interaction_id,
        "person_id": person_id,
        "at": views.iso(at),
        "commitments": [views.commitment_document(c) for c in made],
        "next_due_at": views.iso(due),
        "guard": guard.document(verdict),
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
    ws: Workspace, commitment_id: int, status: Status, now: datetime, version: int | None = None
) -> dict[str, Any]:
    """Mark a commitment done or dropped; closing twice, or a changed version, is refused."""
    with ws.transaction() as conn:
        if not records.close_commitment(conn, commitment_id, status, now, version):
            _refuse_close(conn, commitment_id, version)
        closed = records.commitment_by_id(conn, commitment_id)
        assert closed is not None
        refresh_due(ws, conn, closed.person_id, now)
        return views.commitment_document(closed)


def _refuse_close(conn: Connection, commitment_id: int, version: int | None) -> NoReturn:
    """Why a commitment could not be closed: unknown, closed already, or changed since."""
    commitment = records.commitment_by_id(conn, commitment_id)
    if commitment is None:
        raise NotFound(f"unknown commitment {commitment_id}")
    if commitment.status is not Status.OPEN:
        raise Conflict(f"commitment {commitment_id} is already {commitment.status.value}")
    assert version is not None  # an open commitment is closed unless its version moved
    raise Stale(f"commitment #{commitment_id}", version)


def snooze(
    ws: Workspace,
    ref: str,
    until: str | None,
    now: datetime,
    login: str | None,
    version: int | None = None,
) -> dict[str, Any]:
    """Keep the rhythm and their promises off the agenda until a day (None clears it)."""
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        claim_version(conn, person_id, version)
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
