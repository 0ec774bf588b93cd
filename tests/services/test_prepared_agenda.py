"""Prepared agendas on the demo workspace, SQLite and PostgreSQL: a kept day reads as the
agenda explained afresh at every moment of it, every write ends it, and no agenda older
than a committed write is ever kept (store/prepared.py has the protocol)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, text

from followup.domain.items import Day
from followup.domain.model import User
from followup.services import views
from followup.services.agenda import today
from followup.services.contact import LogInput, log_interaction
from followup.services.demo import load_demo
from followup.services.privacy import forget_person
from followup.services.workspace import Workspace
from followup.store import prepared
from followup.store.prepared import prepared_agendas

NOW = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
USERS = ("anna", "mike", "kenji", "omar")


@pytest.fixture
def demo(workspace: Workspace) -> Iterator[Workspace]:
    load_demo(workspace, NOW, reset=False)
    yield workspace


def documents(ws: Workspace, name: str, at: datetime, reuse: bool) -> list[dict[str, Any]]:
    return [views.agenda_item_document(i) for i in today(ws, at, name, None, reuse=reuse)[1]]


def kept(ws: Workspace, name: str) -> Any:
    with ws.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT stale, generation, document FROM prepared_agendas "
                "JOIN users ON users.id = user_id WHERE users.name = :n"
            ),
            {"n": name},
        ).first()


def day_of(ws: Workspace, name: str, at: datetime) -> Day:
    with ws.engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, timezone FROM users WHERE name = :n"), {"n": name}
        ).one()
    return Day.of(User(row.id, name, row.timezone), at)


def moments(day: Day) -> list[datetime]:
    """The day's edges and every half hour between (zone midnights fall on those)."""
    found = [day.start + timedelta(minutes=30 * k, seconds=k % 7) for k in range(48)]
    return [m for m in found if m < day.end] + [day.end - timedelta(microseconds=1)]


def test_a_kept_day_reads_as_the_agenda_explained_afresh_all_day(demo: Workspace) -> None:
    for name in USERS:
        first = documents(demo, name, NOW, reuse=True)
        assert first == documents(demo, name, NOW, reuse=False)
        generation = kept(demo, name).generation
        for moment in moments(day_of(demo, name, NOW)):
            assert documents(demo, name, moment, True) == documents(demo, name, moment, False)
        # Read from the kept day all along: nobody explained and kept it again.
        assert kept(demo, name).generation == generation
        assert not kept(demo, name).stale


def test_the_demo_has_items_of_every_phase_making_kind(demo: Workspace) -> None:
    """The test above means something only if the demo lists what turns during a day."""
    found = {d["kind"] for name in USERS for d in documents(demo, name, NOW, reuse=False)}
    assert {
        "our_commitment",
        "their_commitment",
        "service_request",
        "delivery",
        "going_dark",
    } <= found


def test_a_logged_interaction_ends_every_kept_agenda(demo: Workspace) -> None:
    for name in USERS:
        documents(demo, name, NOW, reuse=True)
    before = documents(demo, "anna", NOW, reuse=True)
    log_interaction(demo, before[0]["person"]["name"], LogInput(notes="Spoke."), NOW, "anna")
    for name in USERS:
        assert kept(demo, name).stale and kept(demo, name).document is None
    after = documents(demo, "anna", NOW, reuse=True)
    assert after == documents(demo, "anna", NOW, reuse=False) != before


def test_a_write_between_claim_and_keep_is_never_kept(demo: Workspace) -> None:
    documents(demo, "anna", NOW, reuse=True)
    user_id = day_of(demo, "anna", NOW).user.id
    generation = prepared.claim(demo.engine, user_id)
    assert generation is not None
    with demo.engine.begin() as conn:  # a write after the claim, before the keep
        conn.execute(
            text("UPDATE people SET notes = 'changed' WHERE id = (SELECT MIN(id) FROM people)")
        )
    made = prepared.Prepared("x", NOW, NOW + timedelta(hours=1), '{"phases": [], "requests": {}}')
    assert not prepared.keep(demo.engine, user_id, generation, made)
    with demo.engine.connect() as conn:
        assert prepared.fresh(conn, user_id, NOW) is None


def test_while_a_writer_is_busy_the_agenda_is_explained_but_not_kept(demo: Workspace) -> None:
    expected = documents(demo, "anna", NOW, reuse=False)
    with demo.engine.connect() as writer:
        busy(writer)
        assert documents(demo, "anna", NOW, reuse=True) == expected
        writer.rollback()
    assert kept(demo, "anna") is None or kept(demo, "anna").document is None


def busy(conn: Connection) -> None:
    """A write in flight: SQLite's write lock, PostgreSQL's trigger-taken advisory lock."""
    conn.execute(text("UPDATE people SET notes = notes WHERE id = (SELECT MIN(id) FROM people)"))


def test_forgetting_a_person_leaves_no_trace_in_kept_agendas(demo: Workspace) -> None:
    items = documents(demo, "anna", NOW, reuse=True)
    name = items[0]["person"]["name"]
    assert name in kept(demo, "anna").document
    forget_person(demo, name, NOW)
    with demo.engine.connect() as conn:
        stored = conn.execute(prepared_agendas.select()).all()
    assert all(row.document is None or name not in row.document for row in stored)
    assert name not in str(documents(demo, "anna", NOW, reuse=True))


def test_a_day_kept_by_another_followup_version_is_explained_again(demo: Workspace) -> None:
    expected = documents(demo, "anna", NOW, reuse=True)
    with demo.engine.begin() as conn:
        conn.execute(text("UPDATE prepared_agendas SET made_by = '0.0.1'"))
    generation = kept(demo, "anna").generation
    assert documents(demo, "anna", NOW, reuse=True) == expected
    assert kept(demo, "anna").generation == generation + 1


def test_another_day_is_explained_again(demo: Workspace) -> None:
    documents(demo, "anna", NOW, reuse=True)
    generation = kept(demo, "anna").generation
    tomorrow = NOW + timedelta(days=1)
    assert documents(demo, "anna", tomorrow, True) == documents(demo, "anna", tomorrow, False)
    assert kept(demo, "anna").generation == generation + 1


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_read_only_database_still_gives_the_agenda(demo: Workspace, db_url: str) -> None:
    """On a standby or as a read-only role nothing can be kept: the agenda is explained."""
    expected = documents(demo, "anna", NOW, reuse=False)
    read_only = Workspace.open(f"{db_url}?options=-c%20default_transaction_read_only%3Don")
    try:
        assert documents(read_only, "anna", NOW, reuse=True) == expected
    finally:
        read_only.engine.dispose()
    assert kept(demo, "anna") is None
