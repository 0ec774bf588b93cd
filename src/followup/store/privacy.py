"""Erasing a person's data everywhere it is held, and gathering all of it for an export.

What the team did stays as anonymous stubs: an interaction keeps its kind, direction,
outcome, time and user (not its notes); a service request its account, times and status;
feedback its score. Everything else about the person goes with the person's row (the
foreign keys cascade: emails, phones, agreement, commitments, links, interests, content
sent, guard confirmations, deal roles, the import ledger's records). Their open service
requests are dropped: nobody is left to answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, case, delete, select, update

from followup.store.intel_tables import (
    content,
    content_sends,
    feedback,
    guard_confirmations,
    person_interests,
    person_links,
    service_requests,
)
from followup.store.tables import (
    accounts,
    agreements,
    commitments,
    deal_people,
    deals,
    import_records,
    interactions,
    people,
    person_emails,
    person_phones,
    reminders,
    users,
)

ERASED_REQUEST = "(erased: the person was forgotten)"
# Nobody is left to answer: an open request of theirs leaves the agenda, not answered.
_NO_LONGER_OPEN = case(
    (service_requests.c.status == "open", "dropped"), else_=service_requests.c.status
)


@dataclass(frozen=True)
class Kept:
    """What stays of the person's history, anonymous."""

    interactions: int
    requests: int
    feedback: int
    reminders_dropped: int


def erase(conn: Connection, person_id: int) -> Kept:
    """Everything about the person, gone; the team's part kept as stubs."""
    touches = conn.execute(
        update(interactions)
        .where(interactions.c.person_id == person_id)
        .values(person_id=None, notes=None)
    ).rowcount
    requests = conn.execute(
        update(service_requests)
        .where(service_requests.c.person_id == person_id)
        .values(person_id=None, what=ERASED_REQUEST, notes=None, status=_NO_LONGER_OPEN)
    ).rowcount
    scores = conn.execute(
        update(feedback)
        .where(feedback.c.person_id == person_id)
        .values(person_id=None, comment=None)
    ).rowcount
    dropped = _drop_reminders_about(conn, person_id)
    conn.execute(delete(people).where(people.c.id == person_id))
    return Kept(int(touches), int(requests), int(scores), dropped)


def _drop_reminders_about(conn: Connection, person_id: int) -> int:
    """Webhook events planned or sent about the person: their payload names them."""
    pattern = f'%"person": {{"id": {person_id}, %'
    rows = conn.execute(
        select(reminders.c.id, reminders.c.payload).where(reminders.c.payload.like(pattern))
    ).all()
    about = [r.id for r in rows if _person_of(r.payload) == person_id]
    if about:
        conn.execute(delete(reminders).where(reminders.c.id.in_(about)))
    return len(about)


def _person_of(payload: str) -> Any:
    try:
        return json.loads(payload)["data"]["item"]["person"]["id"]
    except (ValueError, KeyError, TypeError):
        return None


def empty_log(engine: Engine) -> None:
    """Move SQLite's write-ahead log, which still holds the erased rows' old pages, into
    the file and empty it (best effort: a reader in the middle of a read may hold it).
    Free space in the file holds nothing: the engine turns secure_delete on."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def person_with_names(conn: Connection, person_id: int) -> Row[Any]:
    """The person's row with their account's name (`account`) and owner's (`owner`)."""
    query = (
        select(people, accounts.c.name.label("account"), users.c.name.label("owner"))
        .outerjoin(accounts, accounts.c.id == people.c.account_id)
        .join(users, users.c.id == people.c.owner_id)
        .where(people.c.id == person_id)
    )
    return conn.execute(query).one()


def rows_about(conn: Connection, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row held about the person, per kind, as stored."""
    simple: dict[str, tuple[Table, Any]] = {
        "emails": (person_emails, person_emails.c.person_id),
        "phones": (person_phones, person_phones.c.person_id),
        "agreement": (agreements, agreements.c.person_id),
        "commitments": (commitments, commitments.c.person_id),
        "links": (person_links, person_links.c.person_id),
        "linked_from": (person_links, person_links.c.other_id),
        "interests": (person_interests, person_interests.c.person_id),
        "feedback": (feedback, feedback.c.person_id),
        "service_requests": (service_requests, service_requests.c.person_id),
        "guard_confirmations": (guard_confirmations, guard_confirmations.c.person_id),
        "imported_from": (import_records, import_records.c.person_id),
    }
    found = {name: _all(conn, select(t).where(c == person_id)) for name, (t, c) in simple.items()}
    found["interactions"] = _all(
        conn,
        select(interactions, users.c.name.label("user"))
        .join(users, users.c.id == interactions.c.user_id)
        .where(interactions.c.person_id == person_id),
    )
    found["content_sent"] = _all(
        conn,
        select(content_sends, content.c.title)
        .join(content, content.c.id == content_sends.c.content_id)
        .where(content_sends.c.person_id == person_id),
    )
    found["deal_roles"] = _all(
        conn,
        select(deal_people, deals.c.title, accounts.c.name.label("account"))
        .join(deals, deals.c.id == deal_people.c.deal_id)
        .join(accounts, accounts.c.id == deals.c.account_id)
        .where(deal_people.c.person_id == person_id),
    )
    return found


def _all(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(query)]
