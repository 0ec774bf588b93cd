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

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Connection,
    Row,
    Select,
    bindparam,
    or_,
    select,
    union_all,
)

from followup.domain.model import Direction, FollowUpPoint, InteractionKind
from followup.domain.relationship import LinkKind, PendingUpdate, Replies, point_of_touch
from followup.domain.satisfaction import ASKED_AT_CHECKIN
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
from followup.store.people import AGREEMENT_COLUMNS, DOSSIER_COLUMNS, chunks
from followup.store.tables import accounts, agreements, interactions, people

CONTACT_COLUMNS = (
    *DOSSIER_COLUMNS,
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


def replies_of_row(row: Any) -> Replies:
    return Replies(row.last_reply_at, row.unanswered_attempts, row.silent_since)


def due_accounts(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    return conn.execute(DUE_ACCOUNTS, {"owner_id": owner_id, "before": before}).all()


def due_requests(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    return conn.execute(DUE_REQUESTS, {"owner_id": owner_id, "before": before}).all()


IDS: BindParameter[Any] = bindparam("ids", expanding=True)


def _batched(
    conn: Connection, statement: Select[Any] | CompoundSelect[Any], ids: Sequence[int]
) -> list[Row[Any]]:
    """`statement` (with an expanding `ids` parameter) for many ids, 500 at a time. The
    statements are built once: building one per call costs more than the database takes."""
    found: list[Row[Any]] = []
    for chunk in chunks(sorted(set(ids)), 500):
        found.extend(conn.execute(statement, {"ids": list(chunk)}))
    return found


CONTACTS: Select[Any] = (
    select(*CONTACT_COLUMNS)
    .outerjoin(accounts, accounts.c.id == people.c.account_id)
    .outerjoin(agreements, agreements.c.person_id == people.c.id)
    .where(people.c.id.in_(IDS))
)
ACCOUNT_PEOPLE: Select[Any] = (
    select(
        people.c.id,
        people.c.account_id,
        people.c.name,
        people.c.stage,
        people.c.role,
        people.c.title,
        people.c.last_contact_at,
    )
    .where(people.c.account_id.in_(IDS))
    .order_by(people.c.id)
)
ACCOUNT_CUSTOMERS = ACCOUNT_PEOPLE.where(people.c.stage.in_([s.value for s in ASKED_AT_CHECKIN]))
LATEST_FEEDBACK: Select[Any] = (
    select(feedback.c.account_id, feedback.c.score, feedback.c.at)
    .where(feedback.c.account_id.in_(IDS))
    .order_by(feedback.c.account_id, feedback.c.at.desc())
)
# Outbound touches since the person's last reply that used a follow-up point (a visit is
# its own): the only touches a silence's next suggestion depends on. Filtering here, on
# the (person, at) index, keeps the rows to a handful instead of every person's history.
POINTS_SINCE_REPLY: Select[Any] = (
    select(interactions.c.person_id, interactions.c.point, interactions.c.kind)
    .join(people, people.c.id == interactions.c.person_id)
    .where(
        interactions.c.person_id.in_(IDS),
        interactions.c.direction == Direction.OUT.value,
        or_(
            interactions.c.point.is_not(None),
            interactions.c.kind == InteractionKind.VISIT.value,
        ),
        or_(people.c.last_reply_at.is_(None), interactions.c.at > people.c.last_reply_at),
    )
)
_OTHER = people.alias("other")


def _links(mine: Any, theirs: Any) -> Select[Any]:
    return (
        select(
            mine.label("subject_id"),
            person_links.c.id.label("link_id"),
            person_links.c.kind,
            (mine == person_links.c.person_id).label("outgoing"),
            _OTHER.c.id.label("other_id"),
            _OTHER.c.name.label("other_name"),
            _OTHER.c.stage.label("other_stage"),
            accounts.c.name.label("other_account"),
        )
        .join(_OTHER, _OTHER.c.id == theirs)
        .outerjoin(accounts, accounts.c.id == _OTHER.c.account_id)
        .where(mine.in_(IDS))
    )


LINKS_FROM = _links(person_links.c.person_id, person_links.c.other_id)
LINKS_TO = _links(person_links.c.other_id, person_links.c.person_id)
# Both directions in one statement: each side still searches its own index.
LINKS_EITHER_WAY = union_all(LINKS_FROM, LINKS_TO)
INTERESTS: Select[Any] = (
    select(person_interests)
    .where(person_interests.c.person_id.in_(IDS))
    .order_by(person_interests.c.person_id, person_interests.c.topic)
)
CONTENT_ON: Select[Any] = (
    select(content, content_topics.c.topic)
    .join(content_topics, content_topics.c.content_id == content.c.id)
    .where(content_topics.c.topic.in_(bindparam("topics", expanding=True)))
    .order_by(content.c.created_at.desc(), content.c.id.desc())
)
SENT_TO: Select[Any] = select(content_sends.c.person_id, content_sends.c.content_id).where(
    content_sends.c.person_id.in_(IDS)
)
PENDING_UPDATES: Select[Any] = (
    select(account_updates, people.c.name.label("colleague"))
    .join(people, people.c.id == account_updates.c.colleague_id)
    .where(account_updates.c.account_id.in_(IDS), account_updates.c.passed_at.is_(None))
    .order_by(account_updates.c.at)
)


def contacts(conn: Connection, person_ids: Sequence[int]) -> dict[int, Row[Any]]:
    """People by id, with account and agreement columns as the agenda's rows carry them."""
    return {row.id: row for row in _batched(conn, CONTACTS, person_ids)}


def account_people(
    conn: Connection, account_ids: Sequence[int], customers_only: bool = False
) -> dict[int, list[Any]]:
    """Everyone at these accounts (id, name, stage, role, title, last contact); with
    `customers_only`, only customers and partners (whom a check-in asks)."""
    found: dict[int, list[Any]] = defaultdict(list)
    statement = ACCOUNT_CUSTOMERS if customers_only else ACCOUNT_PEOPLE
    for row in _batched(conn, statement, account_ids):
        found[row.account_id].append(row)
    return found


def latest_feedback(conn: Connection, account_ids: Sequence[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for row in _batched(conn, LATEST_FEEDBACK, account_ids):
        found.setdefault(row.account_id, row)
    return found


def points_since_reply(
    conn: Connection, person_ids: Sequence[int]
) -> dict[int, set[FollowUpPoint]]:
    """The follow-up points our touches used since each person last replied."""
    found: dict[int, set[FollowUpPoint]] = defaultdict(set)
    for row in _batched(conn, POINTS_SINCE_REPLY, person_ids):
        point = point_of_touch(
            FollowUpPoint(row.point) if row.point else None, InteractionKind(row.kind)
        )
        if point is not None:
            found[row.person_id].add(point)
    return found


def links_of(conn: Connection, person_ids: Sequence[int]) -> list[Row[Any]]:
    """Links from or to these people, with the other side's name and account."""
    rows = _batched(conn, LINKS_EITHER_WAY, person_ids)
    return sorted(rows, key=lambda row: (row.subject_id, row.link_id))


def interests_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    found: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in _batched(conn, INTERESTS, person_ids):
        found[row.person_id].append(row)
    return found


def content_on(conn: Connection, topics: Sequence[str]) -> dict[int, tuple[Row[Any], list[str]]]:
    """Content tagged with any of `topics`: by id, the piece and its matching topics."""
    found: dict[int, tuple[Row[Any], list[str]]] = {}
    if not topics:
        return found
    for row in conn.execute(CONTENT_ON, {"topics": sorted(set(topics))}):
        found.setdefault(row.id, (row, []))[1].append(row.topic)
    return found


def sent_to(conn: Connection, person_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for row in _batched(conn, SENT_TO, person_ids):
        found[row.person_id].add(row.content_id)
    return found


def pending_updates(conn: Connection, account_ids: Sequence[int]) -> dict[int, list[PendingUpdate]]:
    """Internal updates not yet passed on, oldest first, per account."""
    found: dict[int, list[PendingUpdate]] = defaultdict(list)
    for row in _batched(conn, PENDING_UPDATES, account_ids):
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
