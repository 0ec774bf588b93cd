"""Who knows whom, what people are interested in, and the content library (with what was
sent to whom): what a going-dark suggestion draws on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.model import Direction, FollowUpPoint, InteractionKind
from followup.domain.names import clean_name, required_name, search_key
from followup.domain.relationship import ContentKind, LinkKind
from followup.services import contact, views
from followup.services.directory import current_user
from followup.services.people import resolve_person
from followup.services.workspace import Workspace
from followup.store import intelligence as intel
from followup.store import people as people_store
from followup.store.intel_tables import (
    content,
    content_sends,
    content_topics,
    person_interests,
    person_links,
)
from followup.store.tables import storable_id

CONTENT_KINDS = tuple(kind.value for kind in ContentKind)


def _name(conn: Connection, person_id: int) -> str:
    person = people_store.load_person(conn, person_id)
    assert person is not None
    return person.name


def link(ws: Workspace, ref: str, other_ref: str, kind: LinkKind, now: datetime) -> dict[str, Any]:
    """Record that PERSON <kind> OTHER: introduced_by, knows (both ways) or reports_to."""
    with ws.transaction() as conn:
        a, b = resolve_person(conn, ref), resolve_person(conn, other_ref)
        if a == b:
            raise InvalidInput("a person cannot be linked to themselves")
        if _linked(conn, a, b, kind) or (kind is LinkKind.KNOWS and _linked(conn, b, a, kind)):
            raise Conflict(f"{_name(conn, a)} already {kind.value} {_name(conn, b)}")
        if kind is LinkKind.REPORTS_TO and _linked(conn, b, a, kind):
            raise InvalidInput(
                f"{_name(conn, b)} reports to {_name(conn, a)}: they cannot report to each other"
            )
        conn.execute(
            insert(person_links).values(person_id=a, other_id=b, kind=kind.value, created_at=now)
        )
        return {
            "person": {"id": a, "name": _name(conn, a)},
            "other": {"id": b, "name": _name(conn, b)},
            "as": kind.value,
        }


def _linked(conn: Connection, a: int, b: int, kind: LinkKind) -> bool:
    query = select(person_links.c.id).where(
        person_links.c.person_id == a,
        person_links.c.other_id == b,
        person_links.c.kind == kind.value,
    )
    return conn.execute(query).first() is not None


def unlink(ws: Workspace, ref: str, other_ref: str, kind: LinkKind | None) -> int:
    """Remove the links between two people (of one kind, if given); how many went."""
    with ws.transaction() as conn:
        a, b = resolve_person(conn, ref), resolve_person(conn, other_ref)
        pair = or_(
            (person_links.c.person_id == a) & (person_links.c.other_id == b),
            (person_links.c.person_id == b) & (person_links.c.other_id == a),
        )
        query = delete(person_links).where(pair)
        if kind is not None:
            query = query.where(person_links.c.kind == kind.value)
        removed = conn.execute(query).rowcount
        if not removed:
            raise NotFound(f"{_name(conn, a)} and {_name(conn, b)} are not linked")
        return int(removed)


def ties(ws: Workspace, ref: str) -> dict[str, Any]:
    """Whom a person is linked to (phrased from their side) and what interests them."""
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        return {
            "person": {"id": person_id, "name": _name(conn, person_id)},
            "links": intel.person_links_of(conn, person_id),
            "interests": intel.interest_labels(conn, person_id),
        }


def set_interests(ws: Workspace, ref: str, add: list[str], remove: list[str]) -> dict[str, Any]:
    """Add and remove a person's interests (topics, compared regardless of case)."""
    with ws.transaction() as conn:
        person_id = resolve_person(conn, ref)
        for label in add:
            topic, text = _topic(label)
            conn.execute(
                delete(person_interests).where(
                    person_interests.c.person_id == person_id, person_interests.c.topic == topic
                )
            )
            conn.execute(
                insert(person_interests).values(person_id=person_id, topic=topic, label=text)
            )
        for label in remove:
            conn.execute(
                delete(person_interests).where(
                    person_interests.c.person_id == person_id,
                    person_interests.c.topic == _topic(label)[0],
                )
            )
        return {
            "person": {"id": person_id, "name": _name(conn, person_id)},
            "interests": intel.interest_labels(conn, person_id),
        }


def _topic(label: str) -> tuple[str, str]:
    text = required_name(label, "topic", 100)
    return search_key(text), clean_name(text)


def add_content(
    ws: Workspace,
    title: str,
    kind: str,
    topics: list[str],
    now: datetime,
    login: str | None,
    url: str | None = None,
) -> dict[str, Any]:
    """A piece for the library: an article, case study or release note, tagged by topic."""
    title = required_name(title, "title", 300)
    if kind not in CONTENT_KINDS:
        raise InvalidInput(f"invalid kind {kind!r}: choose one of {', '.join(CONTENT_KINDS)}")
    if not topics:
        raise InvalidInput(
            "tag the piece with at least one --topic, e.g. --topic 'predictive maintenance'"
        )
    if url is not None and not url.strip().lower().startswith(("http://", "https://")):
        raise InvalidInput(f"invalid url {url!r}: give an http:// or https:// address")
    tagged = dict(_topic(t) for t in topics)
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        key = conn.execute(
            insert(content).values(
                title=title, kind=kind, url=url.strip() if url else None,
                created_by=user.id, created_at=now,
            )
        ).inserted_primary_key  # fmt: skip
        assert key is not None
        content_id = int(key[0])
        conn.execute(
            insert(content_topics),
            [{"content_id": content_id, "topic": t, "label": label} for t, label in tagged.items()],
        )
        return _piece(conn, content_id)


def _piece(conn: Connection, content_id: int) -> dict[str, Any]:
    row = conn.execute(select(content).where(content.c.id == content_id)).one()
    topics = conn.execute(
        select(content_topics.c.label)
        .where(content_topics.c.content_id == content_id)
        .order_by(content_topics.c.topic)
    ).scalars()
    sent = conn.execute(
        select(func.count())
        .select_from(content_sends)
        .where(content_sends.c.content_id == content_id)
    ).scalar_one()
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "url": row.url,
        "topics": list(topics),
        "sent": int(sent),
        "added": views.iso(row.created_at),
        "version": row.version,
    }


def list_content(
    ws: Workspace, topic: str | None = None, person: str | None = None
) -> dict[str, Any]:
    """The library, by topic; for a person, the pieces on their interests not sent yet."""
    with ws.transaction() as conn:
        query = select(content.c.id).order_by(content.c.created_at.desc(), content.c.id.desc())
        if topic:
            query = query.join(content_topics, content_topics.c.content_id == content.c.id).where(
                content_topics.c.topic == _topic(topic)[0]
            )
        ids = list(conn.execute(query).scalars())
        document: dict[str, Any] = {}
        if person:
            person_id = resolve_person(conn, person)
            wanted = {search_key(i) for i in intel.interest_labels(conn, person_id)}
            sent = set(
                conn.execute(
                    select(content_sends.c.content_id).where(content_sends.c.person_id == person_id)
                ).scalars()
            )
            ids = [i for i in ids if i not in sent and wanted & _topics(conn, i)]
            document["person"] = {"id": person_id, "name": _name(conn, person_id)}
        document["content"] = [_piece(conn, i) for i in ids]
        return document


def _topics(conn: Connection, content_id: int) -> set[str]:
    query = select(content_topics.c.topic).where(content_topics.c.content_id == content_id)
    return set(conn.execute(query).scalars())


def send_content(
    ws: Workspace,
    content_id: int,
    ref: str,
    now: datetime,
    login: str | None,
    at: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Record that a piece went to a person: logged as an outbound email that used the
    'article' follow-up point (and weighed by the too-much guard like any contact)."""
    with ws.transaction() as conn:
        if not storable_id(content_id):
            raise NotFound(f"unknown content {content_id}")
        row = conn.execute(select(content).where(content.c.id == content_id)).first()
        if row is None:
            raise NotFound(f"unknown content {content_id}: see 'followup content list'")
        user = current_user(conn, None, login)
        person_id = resolve_person(conn, ref)
        entry = contact.LogInput(
            InteractionKind.EMAIL, Direction.OUT, None, at, f"Sent “{row.title}”",
            point=FollowUpPoint.ARTICLE, confirm=confirm,
        )  # fmt: skip
        logged = contact.log_in(ws, conn, user, person_id, entry, now)
        conn.execute(
            insert(content_sends).values(
                content_id=content_id, person_id=person_id, user_id=user.id,
                interaction_id=logged["interaction_id"], at=datetime.fromisoformat(logged["at"]),
            )
        )  # fmt: skip
        return {**logged, "content": _piece(conn, content_id)}
