"""What the agenda's rules read, gathered from the store for one user's day.

Each gatherer starts from an index range scan on a stored due time (people.next_due_at,
accounts.checkin_due_at, service_requests.alert_at) and then looks up only what the few
subjects found need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.cadence import rhythm_for
from followup.domain.culture import CultureProfile
from followup.domain.going_dark import dark_of
from followup.domain.model import Commitment, Dossier, Stage, Touches, User
from followup.domain.relationship import (
    ContactRole,
    ContentPiece,
    EntryPoint,
    Introducer,
    LinkKind,
    Relationship,
    rank_entry_points,
)
from followup.domain.satisfaction import AccountCheck, checkin_interval, main_contact
from followup.domain.service_levels import ServiceRequest
from followup.services.workspace import Workspace
from followup.store import agenda as queries
from followup.store import intelligence as intel
from followup.store import service as service_store
from followup.store.people import agreement_of_row, person_from_row


def dossier_of_row(
    ws: Workspace,
    row: Any,
    commitments: Sequence[Commitment] = (),
    profile: CultureProfile | None = None,
) -> Dossier:
    """A person's dossier from a people row joined with account and agreement columns;
    `profile` (an account's) overrides the person's own for etiquette and feedback."""
    person = person_from_row(row)
    own = ws.profile_of_row(row)
    return Dossier(
        person=person,
        account_name=row.account_name,
        rhythm=rhythm_for(person, agreement_of_row(row), own),
        touches=Touches(row.last_contact_at, row.last_attempt_at),
        open_commitments=tuple(commitments),
        last_notes=getattr(row, "last_notes", None),
        relationship=Relationship(profile or own, intel.replies_of_row(row)),
    )


def people_due(ws: Workspace, conn: Connection, user: User, before: datetime) -> list[Dossier]:
    """The user's people due before `before`, with what their rules need."""
    rows = queries.due_people(conn, user.id, before)
    commitments = queries.open_commitments_for(conn, [row.id for row in rows])
    dossiers = [dossier_of_row(ws, row, commitments[row.id]) for row in rows]
    return enriched(conn, dossiers, before)


def enriched(conn: Connection, dossiers: list[Dossier], before: datetime) -> list[Dossier]:
    """Internal updates to pass on (for customers' accounts), and for those gone dark by
    `before` their other ways in, mutual contacts and content to send."""
    customers = [
        d for d in dossiers if d.person.account_id and d.person.stage is not Stage.COLLEAGUE
    ]
    updates = intel.pending_updates(conn, [d.person.account_id or 0 for d in customers])
    dark = [d for d in dossiers if (found := dark_of(d)) is not None and found.since < before]
    extras = dark_extras(conn, dark) if dark else {}
    result = []
    for dossier in dossiers:
        relationship = dossier.relationship
        assert relationship is not None
        pending = updates.get(dossier.person.account_id or 0, [])
        if dossier.person.stage is Stage.COLLEAGUE:
            pending = []
        more = extras.get(dossier.person.id)
        if pending or more:  # most due people have neither: their dossier stays as read
            relationship = replace(relationship, pending_updates=tuple(pending), **(more or {}))
            dossier = replace(dossier, relationship=relationship)
        result.append(dossier)
    return result


def dark_extras(conn: Connection, dark: list[Dossier]) -> dict[int, dict[str, Any]]:
    ids = [d.person.id for d in dark]
    used = intel.points_since_reply(conn, ids)
    colleagues = intel.account_people(
        conn, [d.person.account_id for d in dark if d.person.account_id]
    )
    ways_in = {aid: _ranked_entry_points(rows) for aid, rows in colleagues.items()}
    links: dict[int, list[Any]] = {}
    for row in intel.links_of(conn, ids):
        links.setdefault(row.subject_id, []).append(row)
    interests = intel.interests_of(conn, ids)
    pieces = intel.content_on(conn, [i.topic for rows in interests.values() for i in rows])
    sent = intel.sent_to(conn, ids)
    found: dict[int, dict[str, Any]] = {}
    for dossier in dark:
        pid = dossier.person.id
        mine = [r.topic for r in interests.get(pid, [])]
        found[pid] = {
            "used_points": frozenset(used.get(pid, ())),
            "entry_points": _others(ways_in.get(dossier.person.account_id or 0, []), pid),
            "introducers": tuple(_introducers(links.get(pid, []))),
            "interests": tuple(mine),
            "content": tuple(_content(pieces, mine, sent.get(pid, set()))),
        }
    return found


ENTRY_POINTS = 3  # other ways in a silence's item offers


def _ranked_entry_points(rows: list[Any]) -> list[EntryPoint]:
    """An account's best ways in, ranked once for all its silent people: one more than
    offered, since a person is no way in to themselves."""
    return rank_entry_points((entry_point(row) for row in rows), limit=ENTRY_POINTS + 1)


def _others(ranked: list[EntryPoint], person_id: int) -> tuple[EntryPoint, ...]:
    return tuple([e for e in ranked if e.person_id != person_id][:ENTRY_POINTS])


def entry_point(row: Any) -> EntryPoint:
    return EntryPoint(
        row.id,
        row.name,
        Stage(row.stage),
        ContactRole(row.role) if row.role else None,
        row.title,
        row.last_contact_at,
    )


LINK_ORDER = {
    (LinkKind.INTRODUCED_BY, True): 0,
    (LinkKind.KNOWS, True): 1,
    (LinkKind.KNOWS, False): 1,
}


def _introducers(links: list[Any]) -> list[Introducer]:
    mine = [
        Introducer(r.other_id, r.other_name, LinkKind(r.kind), bool(r.outgoing), r.other_account)
        for r in links
    ]
    return sorted(mine, key=lambda i: LINK_ORDER.get((i.link, i.outgoing), 2))


def _content(
    pieces: dict[int, tuple[Any, list[str]]], interests: list[str], sent: set[int]
) -> list[ContentPiece]:
    """Unsent pieces on their topics: the most matching topics first, then the newest."""
    wanted = set(interests)
    if not wanted:
        return []
    matching = [
        (row, [t for t in topics if t in wanted])
        for content_id, (row, topics) in pieces.items()
        if content_id not in sent and not wanted.isdisjoint(topics)
    ]
    matching.sort(key=lambda pair: -len(pair[1]))  # stable: newest first within a count
    return [ContentPiece(row.id, row.title, row.kind, row.url, tuple(t)) for row, t in matching[:3]]


def checkins_due(
    ws: Workspace, conn: Connection, user: User, before: datetime
) -> list[AccountCheck]:
    """The user's accounts whose satisfaction check-in is due, each with whom to ask."""
    rows = intel.due_accounts(conn, user.id, before)
    if not rows:
        return []
    ids = [row.id for row in rows]
    at_account = intel.account_people(conn, ids, customers_only=True)
    chosen = {
        aid: main_contact((entry_point(r) for r in found), customers_only=True)
        for aid, found in at_account.items()
    }
    contacts = intel.contacts(conn, [c.person_id for c in chosen.values() if c])
    latest = intel.latest_feedback(conn, ids)
    tiers = service_store.tiers(conn)
    checks = []
    for row in rows:
        contact = chosen.get(row.id)
        if contact is None:
            continue  # no customer there yet: nothing to be satisfied with
        profile = ws.cultures.resolve(row.culture, row.country)
        interval, source = checkin_interval(tiers.get(row.tier or ""), profile)
        last = latest.get(row.id)
        checks.append(
            AccountCheck(
                row.id, row.name, row.checkin_due_at, interval, source,
                dossier_of_row(ws, contacts[contact.person_id], (), profile),
                last.score if last else None, last.at if last else None,
            )
        )  # fmt: skip
    return checks


def requests_due(
    ws: Workspace, conn: Connection, user: User, before: datetime
) -> list[ServiceRequest]:
    """The user's open requests whose response time is running out."""
    rows = intel.due_requests(conn, user.id, before)
    contacts = intel.contacts(conn, [row.person_id for row in rows])
    return [
        ServiceRequest(
            row.id, row.account_id, row.request_account, row.what, row.received_at, row.due_at,
            row.response_minutes, row.tier,
            dossier_of_row(
                ws, contacts[row.person_id], (),
                ws.cultures.resolve(row.request_culture, row.request_country),
            ),
        )
        for row in rows
    ]  # fmt: skip
