"""Queries behind the intelligence rules; each one an index range scan or key lookups.

1. accounts of one owner with checkin_due_at before the end of the day
   (ix_accounts_owner_checkin);
2. one owner's open service requests with alert_at before the end of the day
   (ix_service_requests_owner_status_alert), with their account and contact (primary keys);
3. for the few people the agenda lists: the other people at their accounts
   (ix_people_account_id), their links (uq_person_links_pair_kind, ix_person_links_other),
   interests (primary key), content on those topics (ix_content_topics_topic) and what
   was sent to them (ix_content_sends_person_content), their touches
   (ix_interactions_person_at) and their accounts' unpassed internal updates
   (ix_account_updates_account_passed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select, update

from followup.domain.relationship import LinkKind, PendingUpdate, Replies
from followup.store.intel_tables import (
    account_updates,
    content,
    content_sends,
    content_topics,
    feedback,
    person_interests,
    person_links,
    service_requests,
)
from followup.store.people import AGREEMENT_COLUMNS, chunks
from followup.store.records import interaction_from_row
from followup.store.tables import accounts, agreements, interactions, people

CONTACT_COLUMNS = (
    people,
    accounts.c.name.label("account_name"),
    accounts.c.country.label("account_country"),
    accounts.c.culture.label("account_culture"),
    accounts.c.tier.label("account_tier"),
    *AGREEMENT_COLUMNS,
)

DUE_ACCOUNTS: Select[Any] = (
    select(accounts)
    .where(
        accounts.c.owner_id == bindparam("owner_id"),
        accounts.c.checkin_due_at < bindparam("before"),
    )
    .order_by(accounts.c.checkin_due_at)
)

DUE_REQUESTS: Select[Any] = (
    select(
        service_requests,
        accounts.c.name.label("request_account"),
        accounts.c.country.label("request_country"),
        accounts.c.culture.label("request_culture"),
    )
    .join(accounts, accounts.c.id == service_requests.c.account_id)
    .where(
        service_requests.c.owner_id == bindparam("owner_id"),
        service_requests.c.status == "open",
        service_requests.c.alert_at < bindparam("before"),
    )
    .order_by(service_requests.c.due_at)
)


def store_replies(conn: Connection, person_id: int, replies: Replies) -> None:
    conn.execute(
        update(people)
        .where(people.c.id == person_id)
        .values(
            last_reply_at=replies.last_reply_at,
            unanswered_attempts=replies.unanswered,
            silent_since=replies.silent_since,
        )
    )


def replies_of_row(row: Any) -> Replies:
    return Replies(row.last_reply_at, row.unanswered_attempts, row.silent_since)


def due_accounts(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    return conn.execute(DUE_ACCOUNTS, {"owner_id": owner_id, "before": before}).all()


def due_requests(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    return conn.execute(DUE_REQUESTS, {"owner_id": owner_id, "before": before}).all()


def contacts(conn: Connection, person_ids: Sequence[int]) -> dict[int, Row[Any]]:
    """People by id, with account and agreement columns as the agenda's rows carry them."""
    found: dict[int, Row[Any]] = {}
    query = (
        select(*CONTACT_COLUMNS)
        .outerjoin(accounts, accounts.c.id == people.c.account_id)
        .outerjoin(agreements, agreements.c.person_id == people.c.id)
    )
    for chunk in chunks(sorted(set(person_ids)), 500):
        for row in conn.execute(query.where(people.c.id.in_(chunk))):
            found[row.id] = row
    return found


def account_people(conn: Connection, account_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Everyone at these accounts (id, name, stage, role, title, last contact)."""
    found: dict[int, list[Any]] = defaultdict(list)
    columns = (
        people.c.id, people.c.account_id, people.c.name, people.c.stage,
        people.c.role, people.c.title, people.c.last_contact_at,
    )  # fmt: skip
    for chunk in chunks(sorted(set(account_ids)), 500):
        query = select(*columns).where(people.c.account_id.in_(chunk)).order_by(people.c.id)
        for row in conn.execute(query):
            found[row.account_id].append(row)
    return found


def latest_feedback(conn: Connection, account_ids: Sequence[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for chunk in chunks(sorted(set(account_ids)), 500):
        query = (
            select(feedback.c.account_id, feedback.c.score, feedback.c.at)
            .where(feedback.c.account_id.in_(chunk))
            .order_by(feedback.c.account_id, feedback.c.at.desc())
        )
        for row in conn.execute(query):
            found.setdefault(row.account_id, row)
    return found


def touches_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Every interaction of these people, as domain Interactions."""
    found: dict[int, list[Any]] = defaultdict(list)
    for chunk in chunks(sorted(set(person_ids)), 500):
        for row in conn.execute(select(interactions).where(interactions.c.person_id.in_(chunk))):
            found[row.person_id].append(interaction_from_row(row))
    return found


def links_of(conn: Connection, person_ids: Sequence[int]) -> list[Row[Any]]:
    """Links from or to these people, with the other side's name and account."""
    other = people.alias("other")
    rows: list[Row[Any]] = []
    for chunk in chunks(sorted(set(person_ids)), 500):
        for mine, theirs in (
            (person_links.c.person_id, person_links.c.other_id),
            (person_links.c.other_id, person_links.c.person_id),
        ):
            query = (
                select(
                    mine.label("subject_id"),
                    person_links.c.id.label("link_id"),
                    person_links.c.kind,
                    (mine == person_links.c.person_id).label("outgoing"),
                    other.c.id.label("other_id"),
                    other.c.name.label("other_name"),
                    other.c.stage.label("other_stage"),
                    accounts.c.name.label("other_account"),
                )
                .join(other, other.c.id == theirs)
                .outerjoin(accounts, accounts.c.id == other.c.account_id)
                .where(mine.in_(chunk))
            )
            rows.extend(conn.execute(query))
    return sorted(rows, key=lambda row: (row.subject_id, row.link_id))


def interests_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    found: dict[int, list[Row[Any]]] = defaultdict(list)
    for chunk in chunks(sorted(set(person_ids)), 500):
        query = (
            select(person_interests)
            .where(person_interests.c.person_id.in_(chunk))
            .order_by(person_interests.c.person_id, person_interests.c.topic)
        )
        for row in conn.execute(query):
            found[row.person_id].append(row)
    return found


def content_on(conn: Connection, topics: Sequence[str]) -> dict[int, tuple[Row[Any], list[str]]]:
    """Content tagged with any of `topics`: by id, the piece and its matching topics."""
    found: dict[int, tuple[Row[Any], list[str]]] = {}
    if not topics:
        return found
    query = (
        select(content, content_topics.c.topic)
        .join(content_topics, content_topics.c.content_id == content.c.id)
        .where(content_topics.c.topic.in_(sorted(set(topics))))
        .order_by(content.c.created_at.desc(), content.c.id.desc())
    )
    for row in conn.execute(query):
        found.setdefault(row.id, (row, []))[1].append(row.topic)
    return found


def sent_to(conn: Connection, person_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for chunk in chunks(sorted(set(person_ids)), 500):
        query = select(content_sends.c.person_id, content_sends.c.content_id).where(
            content_sends.c.person_id.in_(chunk)
        )
        for person_id, content_id in conn.execute(query):
            found[person_id].add(content_id)
    return found


def pending_updates(conn: Connection, account_ids: Sequence[int]) -> dict[int, list[PendingUpdate]]:
    """Internal updates not yet passed on, oldest first, per account."""
    found: dict[int, list[PendingUpdate]] = defaultdict(list)
    for chunk in chunks(sorted(set(account_ids)), 500):
        query = (
            select(account_updates, people.c.name.label("colleague"))
            .join(people, people.c.id == account_updates.c.colleague_id)
            .where(account_updates.c.account_id.in_(chunk), account_updates.c.passed_at.is_(None))
            .order_by(account_updates.c.at)
        )
        for row in conn.execute(query):
            found[row.account_id].append(PendingUpdate(row.colleague, row.at, row.notes))
    return found


def person_links_of(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    """Every link from or to a person, phrased from their side."""
    other = people.alias("other")
    found = []
    for mine, theirs, outgoing in (
        (person_links.c.person_id, person_links.c.other_id, True),
        (person_links.c.other_id, person_links.c.person_id, False),
    ):
        query = (
            select(person_links.c.kind, other.c.id, other.c.name)
            .join(other, other.c.id == theirs)
            .where(mine == person_id)
            .order_by(person_links.c.id)
        )
        for kind, other_id, name in conn.execute(query):
            found.append({"as": _phrase(LinkKind(kind), outgoing), "id": other_id, "name": name})
    return found


def _phrase(kind: LinkKind, outgoing: bool) -> str:
    if kind is LinkKind.KNOWS:
        return "knows"
    if kind is LinkKind.INTRODUCED_BY:
        return "introduced_by" if outgoing else "introduced"
    return "reports_to" if outgoing else "manages"


def interest_labels(conn: Connection, person_id: int) -> list[str]:
    query = (
        select(person_interests.c.label)
        .where(person_interests.c.person_id == person_id)
        .order_by(person_interests.c.topic)
    )
    return list(conn.execute(query).scalars())
