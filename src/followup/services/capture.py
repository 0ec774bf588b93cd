"""Capture: meeting notes become proposed commitments, the user confirms them, and the
interaction, the accepted commitments and an agreed rhythm are saved together.

Plain inputs and dataclass outputs, so that the CLI and a web page can share the flow:
`draft_meeting` (reads, writes nothing) -> the user decides -> `save_meeting` (one
transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain.errors import InvalidInput
from followup.domain.localtime import local_date, parse_moment, zone
from followup.domain.model import Channel, FollowUpPoint, Side
from followup.extract import Extraction, ProposedCadence, extract
from followup.extract.dates import find_due, meeting_day
from followup.extract.languages import choose_language
from followup.services import contact
from followup.services.directory import current_user
from followup.services.people import resolve_person
from followup.services.workspace import Workspace
from followup.store import meetings
from followup.store import people as people_store

MAX_NOTES = 100_000  # what an interaction's notes may hold
UNDATED_DAYS = 7  # a promise with no date in the notes is due a week after the meeting


@dataclass(frozen=True)
class Proposal:
    """One proposed commitment, as the user reviews, edits and accepts it."""

    owner: Side
    what: str
    due: str | None  # ISO date in the person's time zone
    who: str | None = None
    agreed: bool = False
    quote: str = ""


@dataclass(frozen=True)
class MeetingDraft:
    person_id: int
    person_name: str
    timezone: str
    at: datetime
    language: str
    proposals: tuple[Proposal, ...]
    cadence: ProposedCadence | None


@dataclass(frozen=True)
class LoggedMeeting:
    interaction_id: int
    person_id: int
    at: str | None
    commitments: list[dict[str, Any]]
    agreement: dict[str, Any] | None
    next_due_at: str | None
    dated_by_default: list[str] = field(default_factory=list)  # whats given the default due

    def document(self) -> dict[str, Any]:
        return {
            "interaction_id": self.interaction_id,
            "person_id": self.person_id,
            "at": self.at,
            "commitments": self.commitments,
            "agreement": self.agreement,
            "next_due_at": self.next_due_at,
            "dated_by_default": self.dated_by_default,
        }


def extract_notes(
    text: str,
    at: str | None,
    where: tzinfo,
    now: datetime,
    us: list[str],
    them: list[str],
    lang: str | None = None,
) -> Extraction:
    """`followup extract`: the commitments in `text` of a meeting held `at` (ISO, read in
    `where`; default `now`). Nothing is read or written."""
    written = where if isinstance(where, ZoneInfo) else ZoneInfo("UTC")  # an offset in `at`
    moment = parse_moment(at, written)[0] if at else now
    return extract(text, moment, where, us, them, lang)


def draft_meeting(
    ws: Workspace,
    ref: str,
    notes: str,
    at: str | None,
    now: datetime,
    login: str | None,
    lang: str | None = None,
) -> MeetingDraft:
    """What the notes of a meeting with `ref` propose, dated in the person's time zone."""
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"notes are limited to {MAX_NOTES:,} characters")
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        person = people_store.load_person(conn, person_id)
        assert person is not None
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
        us = [user.name, *meetings.user_names(conn)]
        them = [person.name, person.name.split()[0]]
        if person.account_id is not None:
            them += meetings.names_at_account(conn, person.account_id)
    language = choose_language(lang, notes)  # the notes' language, not the customer's
    tz = zone(person.timezone)
    found = extract(notes, moment, tz, us, them, language.code)
    proposals = tuple(
        Proposal(c.owner, c.what, c.due, c.who, c.agreed, c.quote) for c in found.commitments
    )
    return MeetingDraft(
        person_id, person.name, person.timezone, moment, found.language, proposals, found.cadence
    )


def resolve_due(text: str, draft: MeetingDraft) -> str:
    """A due date the user typed while editing: ISO, or a phrase ("next Friday") counted
    from the meeting."""
    value = text.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    language = choose_language(draft.language, value)
    today = meeting_day(draft.at, zone(draft.timezone))
    found = find_due(value, today, language.dates)
    if found is None or found.day is None:
        raise InvalidInput(f"cannot tell which day {text!r} is: write 2026-11-27 or 'next Friday'")
    return found.day.isoformat()


def save_meeting(
    ws: Workspace,
    draft: MeetingDraft,
    entry: contact.LogInput,
    accepted: list[Proposal],
    cadence: ProposedCadence | None,
    now: datetime,
    login: str | None,
) -> LoggedMeeting:
    """Log the interaction with the accepted commitments, and the rhythm if accepted, in
    one transaction. A commitment without a date is due a week after the meeting."""
    promises, defaulted = _promises(draft, accepted)
    # Promises given inline (--we, --they) are kept too, and so is a confirmed breach.
    logged = replace(entry, promises=[*entry.promises, *promises])
    with ws.transaction() as conn:
        document = contact.log_in(
            ws, conn, current_user(conn, None, login), draft.person_id, logged, now
        )
        agreement = None
        if cadence is not None:
            channel = Channel(cadence.channel) if cadence.channel else None
            terms = contact.RhythmTerms(cadence.every_days, channel=channel)
            person = contact.agree_in(conn, ws, draft.person_id, terms, now)
            agreement, document["next_due_at"] = person["agreement"], person["next_due_at"]
    return LoggedMeeting(
        document["interaction_id"], draft.person_id, document["at"], document["commitments"],
        agreement, document["next_due_at"], defaulted,
    )  # fmt: skip


def log_confirmed(
    ws: Workspace,
    ref: str,
    entry: contact.LogInput,
    confirmed: list[Proposal],
    cadence: ProposedCadence | None,
    now: datetime,
    login: str | None,
    lang: str | None = None,
) -> LoggedMeeting:
    """Log a meeting with the commitments the user confirmed from its extraction (a due
    may be a phrase such as 'next Friday', counted from the meeting) and the rhythm."""
    draft = draft_meeting(ws, ref, entry.notes or "", entry.at, now, login, lang)
    accepted = [replace(p, due=resolve_due(p.due, draft) if p.due else None) for p in confirmed]
    return save_meeting(ws, draft, entry, accepted, cadence, now, login)


def _promises(
    draft: MeetingDraft, accepted: list[Proposal]
) -> tuple[list[contact.PromiseInput], list[str]]:
    """The accepted proposals as promises to save, and the whats dated by default."""
    tz = zone(draft.timezone)
    default_day = (local_date(draft.at, tz) + timedelta(days=UNDATED_DAYS)).isoformat()
    promises, defaulted = [], []
    for proposal in accepted:
        if proposal.due is None:
            defaulted.append(proposal.what)
        point = FollowUpPoint.MUTUAL_DEADLINE if proposal.agreed else FollowUpPoint.NEXT_STEP
        due = proposal.due or default_day
        promises.append(
            contact.PromiseInput(
                proposal.owner, proposal.what, due, proposal.agreed, proposal.who, point
            )
        )
    return promises, defaulted
