"""The agenda is index range scans, never a scan of all people: asked of the databases' own
query planners (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (FORMAT JSON)), on a
generated workspace that has been ANALYZEd. And the benchmark's generator stores exactly the
follow-up state the services would, so the benchmark measures real data."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite as sqlite_dialect

from benchmarks.agenda_parts import parts_of_one
from benchmarks.dataset import Dataset, UserSpec, load, stamper
from benchmarks.deal_dataset import add_deals, remove_deals
from benchmarks.plans import (
    BIG_TABLES,
    Access,
    agenda_plans,
    explain,
    full_scans,
    recorded,
    uses_index,
)
from followup.domain.agenda import Day
from followup.domain.model import Direction, Interaction, InteractionKind, Outcome, Touches, User
from followup.domain.relationship import replies_from
from followup.services.agenda import today
from followup.services.checkins import refresh_checkin
from followup.services.contact import LogInput, log_interaction
from followup.services.deal_agenda import deal_files
from followup.services.workspace import Workspace, refresh_due
from followup.store import deals as deal_store
from followup.store.agenda import due_people_query, open_commitments_query
from followup.store.deal_agenda import due_deals_query
from followup.store.intelligence import DUE_ACCOUNTS, DUE_REQUESTS, replies_of_row
from followup.store.plans import DEPENDENCIES_OF, PENDING_OF
from followup.store.records import interaction_from_row, interactions_of
from followup.store.tables import (
    UTCDateTime,
    accounts,
    deal_people,
    deals,
    interactions,
    people,
)
from tests.conftest import BACKENDS

# Big enough that the planners face the choices they face at a million people (an owner
# holds 1 in 40 people, an agenda touches a few dozen), small enough to build in seconds.
PEOPLE = 12_000
USERS = 40


@dataclass
class Loaded:
    backend: str
    ws: Workspace
    dataset: Dataset


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset(PEOPLE, users=USERS)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """The generated workspace, bulk-loaded and ANALYZEd, once per backend."""
    backend = str(request.param)
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'workspace.db'}"
    else:
        url = request.getfixturevalue("postgres").create()
    load(url, dataset, background=False)
    ws = Workspace.open(url)
    yield Loaded(backend, ws, dataset)
    ws.engine.dispose()


def primary_key(loaded: Loaded, table: str) -> str:
    # SQLite keeps an INTEGER primary key as the rowid itself; PostgreSQL names its index.
    return "PRIMARY KEY" if loaded.backend == "sqlite" else f"pk_{table}"


def must_be_indexed(loaded: Loaded) -> frozenset[str]:
    """The tables no plan may read whole.

    On PostgreSQL the small tables the due query joins (accounts, agreements) are left out:
    at this size (2,400 accounts, 3,600 agreements) its planner rightly hashes them whole
    rather than probe them dozens of times; at a million people it probes pk_accounts and
    pk_agreements, as `make bench SIZE=L` prints. The same holds for account_updates (a few
    hundred rows here, one per other colleague; at L it probes ix_account_updates_pending,
    migration 0011). SQLite must probe them at any size.
    """
    if loaded.backend == "sqlite":
        return BIG_TABLES
    return BIG_TABLES - {"accounts", "agreements", "account_updates"}


# -- picking realistic calls -------------------------------------------------------------------


def busiest_user(loaded: Loaded) -> UserSpec:
    """The user with the most people due (the agenda most likely to tempt a planner)."""
    with loaded.ws.engine.connect() as conn:
        counts = {
            spec.id: len(conn.execute(due_people_query(spec.id, day_end(spec, loaded))).all())
            for spec in loaded.dataset.user_specs
        }
    return loaded.dataset.user_specs[max(counts, key=lambda k: counts[k]) - 1]


def day_end(user: UserSpec, loaded: Loaded) -> datetime:
    at = loaded.dataset.agenda_moment(user)
    return Day.of(User(user.id, user.name, user.timezone), at).end


def run_and_explain(loaded: Loaded, query: Any) -> list[Access]:
    with recorded(loaded.ws.engine) as seen, loaded.ws.engine.connect() as conn:
        conn.execute(query).all()
    (statement, parameters), *_ = seen
    return explain(loaded.ws.engine, statement, parameters)


# -- the plans ----------------------------------------------------------------------------------


def test_due_people_is_a_range_scan_of_the_owner_due_index(loaded: Loaded) -> None:
    user = busiest_user(loaded)
    accesses = run_and_explain(loaded, due_people_query(user.id, day_end(user, loaded)))
    assert uses_index(accesses, "people", "ix_people_owner_due"), accesses
    # Their last interaction's notes: the newest entry of the person's (person_id, at) range.
    assert uses_index(accesses, "interactions", "ix_interactions_person_at"), accesses
    if loaded.backend == "sqlite":
        # Their account and their agreement: one primary key lookup each.
        assert uses_index(accesses, "accounts", primary_key(loaded, "accounts")), accesses
        assert uses_index(accesses, "agreements", primary_key(loaded, "agreements")), accesses
    assert full_scans(accesses, must_be_indexed(loaded)) == []


def test_open_commitments_search_the_person_status_due_index(loaded: Loaded) -> None:
    user = busiest_user(loaded)
    with loaded.ws.engine.connect() as conn:
        ids = [row.id for row in conn.execute(due_people_query(user.id, day_end(user, loaded)))]
    assert len(ids) >= 10
    accesses = run_and_explain(loaded, open_commitments_query(ids))
    assert uses_index(accesses, "commitments", "ix_commitments_person_status_due"), accesses
    assert full_scans(accesses, must_be_indexed(loaded)) == []


def test_every_query_of_the_agenda_uses_an_index(loaded: Loaded) -> None:
    """Everything `followup today` sends to the database, as the service sends it."""
    user = busiest_user(loaded)
    count, plans = agenda_plans(loaded.ws, loaded.dataset.agenda_moment(user), user.name)
    assert count > 0
    for statement, accesses in plans.items():
        assert full_scans(accesses, must_be_indexed(loaded)) == [], statement
    tables = {a.table for accesses in plans.values() for a in accesses}
    assert {"people", "commitments", "agreements", "interactions"} <= tables
    if loaded.backend == "sqlite":
        for accesses in plans.values():
            if any(a.table == "agreements" for a in accesses):
                assert uses_index(accesses, "agreements", "PRIMARY KEY"), accesses


def _busiest(loaded: Loaded, query: Any) -> UserSpec:
    """The user for whom `query` (with owner_id and before) finds the most rows."""
    with loaded.ws.engine.connect() as conn:
        counts = {
            spec.id: len(
                conn.execute(query, {"owner_id": spec.id, "before": day_end(spec, loaded)}).all()
            )
            for spec in loaded.dataset.user_specs
        }
    assert max(counts.values()) > 0
    return loaded.dataset.user_specs[max(counts, key=lambda k: counts[k]) - 1]


def test_due_checkins_are_a_range_scan_of_the_owner_checkin_index(loaded: Loaded) -> None:
    user = _busiest(loaded, DUE_ACCOUNTS)
    query = DUE_ACCOUNTS.params(owner_id=user.id, before=day_end(user, loaded))
    accesses = run_and_explain(loaded, query)
    assert uses_index(accesses, "accounts", "ix_accounts_owner_checkin"), accesses
    assert full_scans(accesses, BIG_TABLES) == []


def test_open_requests_are_a_range_scan_of_the_owner_status_alert_index(loaded: Loaded) -> None:
    user = _busiest(loaded, DUE_REQUESTS)
    query = DUE_REQUESTS.params(owner_id=user.id, before=day_end(user, loaded))
    accesses = run_and_explain(loaded, query)
    assert uses_index(accesses, "service_requests", "ix_service_requests_owner_status_alert"), (
        accesses
    )
    assert full_scans(accesses, must_be_indexed(loaded)) == []


def test_every_kind_of_agenda_query_uses_an_index(loaded: Loaded) -> None:
    """Over several users' agendas, every table the intelligence rules read is read, and
    always through an index: check-ins, requests, and the extras of people gone dark."""
    wanted = {
        "accounts", "service_requests", "feedback", "person_links", "person_interests",
        "content_sends", "account_updates", "interactions",
    }  # fmt: skip
    seen: set[str | None] = set()
    for user in loaded.dataset.user_specs[:12]:
        _, plans = agenda_plans(loaded.ws, loaded.dataset.agenda_moment(user), user.name)
        for statement, accesses in plans.items():
            assert full_scans(accesses, must_be_indexed(loaded)) == [], statement
            seen |= {a.table for a in accesses}
    assert wanted <= seen, wanted - seen


def test_logging_a_touch_uses_indexes(loaded: Loaded) -> None:
    """The guard (the last touch, colleagues' touches at the account this week) and the
    replies fold read through indexes, as the agenda does."""
    user = loaded.dataset.user_specs[0]
    with loaded.ws.engine.connect() as conn:
        person_id = conn.execute(
            select(people.c.id).where(people.c.account_id.is_not(None)).limit(1)
        ).scalar_one()
    entry = LogInput(InteractionKind.CALL, Direction.OUT, Outcome.REACHED, confirm=True)
    with recorded(loaded.ws.engine) as seen:
        log_interaction(loaded.ws, str(person_id), entry, loaded.dataset.reference, user.name)
    selects = [(s, p) for s, p in seen if s.lstrip().upper().startswith("SELECT")]
    assert selects
    for statement, parameters in selects:
        accesses = explain(loaded.ws.engine, statement, parameters)
        assert full_scans(accesses, must_be_indexed(loaded)) == [], statement


# -- the generator agrees with the services --------------------------------------------------------


def test_stored_checkins_are_what_the_services_compute(loaded: Loaded) -> None:
    with loaded.ws.engine.connect() as conn:
        rows = conn.execute(select(accounts.c.id, accounts.c.checkin_due_at).limit(300)).all()
        conn.rollback()
        for account_id, stored in rows:
            with conn.begin() as transaction:
                assert refresh_checkin(loaded.ws, conn, account_id) == stored, account_id
                transaction.rollback()
    assert len(rows) == 300


def test_stored_replies_are_the_interactions_folded(loaded: Loaded) -> None:
    with loaded.ws.engine.connect() as conn:
        for person_id in sample_people(loaded, 80):
            history = [interaction_from_row(r) for r in interactions_of(conn, person_id)]
            row = conn.execute(select(people).where(people.c.id == person_id)).one()
            assert replies_of_row(row) == replies_from(history), person_id


def sample_people(loaded: Loaded, count: int = 120) -> list[int]:
    """A spread of people, with the snoozed and the rhythm-less (colleagues) among them."""
    rng = random.Random(7)
    ids = set(rng.sample(range(1, loaded.dataset.people + 1), count))
    with loaded.ws.engine.connect() as conn:
        ids |= set(
            conn.execute(select(people.c.id).where(people.c.snoozed_until.is_not(None)).limit(10))
            .scalars()
            .all()
        )
        ids |= set(
            conn.execute(select(people.c.id).where(people.c.stage == "colleague").limit(10))
            .scalars()
            .all()
        )
    return sorted(ids)


def test_stored_next_due_at_is_what_refresh_due_computes(loaded: Loaded) -> None:
    now = loaded.dataset.reference
    checked = 0
    with loaded.ws.engine.connect() as conn:
        for person_id in sample_people(loaded):
            with conn.begin() as transaction:
                stored = conn.execute(
                    select(people.c.next_due_at).where(people.c.id == person_id)
                ).scalar_one()
                assert refresh_due(loaded.ws, conn, person_id, now) == stored, person_id
                transaction.rollback()
            checked += 1
    assert checked >= 120


def test_stored_touches_are_the_interactions_folded(loaded: Loaded) -> None:
    """last_contact_at and last_attempt_at are what logging the interactions would leave."""
    with loaded.ws.engine.connect() as conn:
        for person_id in sample_people(loaded, 60):
            touches = Touches()
            for row in reversed(interactions_of(conn, person_id)):
                touches = touches.after(
                    Interaction(
                        person_id,
                        row.user_id,
                        InteractionKind(row.kind),
                        Direction(row.direction),
                        row.at,
                        Outcome(row.outcome) if row.outcome else None,
                    )
                )
            stored = conn.execute(
                select(people.c.last_contact_at, people.c.last_attempt_at).where(
                    people.c.id == person_id
                )
            ).one()
            assert Touches(*stored) == touches, person_id


def test_every_user_has_a_working_day_of_follow_ups(loaded: Loaded) -> None:
    """Most people up to date, a minority due: 20-80 items for a typical user on the day."""
    counts = sorted(
        len(today(loaded.ws, loaded.dataset.agenda_moment(user), user.name, None)[1])
        for user in loaded.dataset.user_specs
    )
    assert 20 <= counts[len(counts) // 2] <= 80, counts
    assert counts[0] >= 10 and counts[-1] <= 100, counts
    with loaded.ws.engine.connect() as conn:
        due = conn.execute(
            select(people.c.id).where(people.c.next_due_at < loaded.dataset.reference)
        ).all()
    assert len(due) < PEOPLE / 2


def test_the_rows_hold_together(loaded: Loaded) -> None:
    """The loaders skip per-row foreign key checks: the rows must not need them."""
    with loaded.ws.engine.connect() as conn:
        orphans = conn.execute(
            select(interactions.c.id)
            .outerjoin(people, people.c.id == interactions.c.person_id)
            .where(people.c.id.is_(None))
            .limit(1)
        ).all()
        assert orphans == []
    if loaded.backend == "sqlite":
        database = loaded.ws.engine.url.database
        assert database is not None
        with sqlite3.connect(Path(database)) as raw:
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


# -- the generator itself --------------------------------------------------------------------------


def test_the_generator_is_deterministic() -> None:
    first, second = Dataset(2_500, users=20), Dataset(2_500, users=20)
    assert first.user_rows == second.user_rows
    assert first.account_rows() == second.account_rows()
    assert list(first.chunks()) == list(second.chunks())
    assert Dataset(2_500, users=20, seed=1).user_rows != first.user_rows


def test_stamps_are_the_text_the_store_writes() -> None:
    bind = (
        UTCDateTime()
        .dialect_impl(sqlite_dialect.dialect())
        .bind_processor(sqlite_dialect.dialect())
    )
    assert bind is not None
    stamp = stamper(int(datetime(2026, 11, 23, 12, tzinfo=UTC).timestamp()))
    for moment in (
        datetime(2026, 11, 23, 12, tzinfo=UTC),
        datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 12, 31, 0, 0, 1, tzinfo=UTC) + timedelta(days=30),
    ):
        assert stamp(int(moment.timestamp())) == bind(moment)


# -- the deal agenda -------------------------------------------------------------------------------

DEAL_TABLES = frozenset({"deals", "milestones", "deal_people", "milestone_dependencies"})
DEALS = 6_000  # one deal per two people


def sqlite_key(loaded: Loaded, table: str) -> str:
    """The index SQLite builds for a composite primary key."""
    return f"sqlite_autoindex_{table}_1" if loaded.backend == "sqlite" else f"pk_{table}"


@pytest.fixture
def with_deals(loaded: Loaded) -> Iterator[Loaded]:
    """The workspace with deals added (and removed again after the test), ANALYZEd."""
    assert add_deals(loaded.ws.engine, loaded.dataset.reference, DEALS) == DEALS
    yield loaded
    remove_deals(loaded.ws.engine)


def busiest_deal_owner(loaded: Loaded) -> UserSpec:
    with loaded.ws.engine.connect() as conn:
        counts = {
            spec.id: len(conn.execute(due_deals_query(spec.id, day_end(spec, loaded))).all())
            for spec in loaded.dataset.user_specs
        }
    return loaded.dataset.user_specs[max(counts, key=lambda k: counts[k]) - 1]


def test_due_deals_are_a_range_scan_of_the_owner_due_index(with_deals: Loaded) -> None:
    user = busiest_deal_owner(with_deals)
    accesses = run_and_explain(with_deals, due_deals_query(user.id, day_end(user, with_deals)))
    assert uses_index(accesses, "deals", "ix_deals_owner_due"), accesses
    if with_deals.backend == "sqlite":
        assert uses_index(accesses, "accounts", primary_key(with_deals, "accounts")), accesses
    assert full_scans(accesses, DEAL_TABLES | must_be_indexed(with_deals)) == []


def test_pending_milestones_search_the_deal_status_due_index(with_deals: Loaded) -> None:
    user = busiest_deal_owner(with_deals)
    with with_deals.ws.engine.connect() as conn:
        ids = [r.id for r in conn.execute(due_deals_query(user.id, day_end(user, with_deals)))]
    assert len(ids) >= 10
    accesses = run_and_explain(with_deals, PENDING_OF.params(deal_ids=ids))
    assert uses_index(accesses, "milestones", "ix_milestones_deal_status_due"), accesses
    assert full_scans(accesses, DEAL_TABLES | must_be_indexed(with_deals)) == []
    needs = run_and_explain(with_deals, DEPENDENCIES_OF.params(milestone_ids=list(range(1, 60))))
    key = sqlite_key(with_deals, "milestone_dependencies")
    assert uses_index(needs, "milestone_dependencies", key), needs


def test_every_query_of_the_agenda_with_deals_uses_an_index(with_deals: Loaded) -> None:
    """Everything `followup today` sends once deals are in the workspace."""
    user = busiest_deal_owner(with_deals)
    at = with_deals.dataset.agenda_moment(user)
    with with_deals.ws.engine.connect() as conn:
        spec = User(user.id, user.name, user.timezone)
        assert deal_files(with_deals.ws, conn, spec, Day.of(spec, at).end) != []
    count, plans = agenda_plans(with_deals.ws, at, user.name)
    assert count > 0
    tables = {a.table for accesses in plans.values() for a in accesses}
    assert {"deals", "milestones", "deal_people"} <= tables
    for statement, accesses in plans.items():
        assert full_scans(accesses, DEAL_TABLES | must_be_indexed(with_deals)) == [], statement
        if any(a.table == "deal_people" for a in accesses):
            assert uses_index(accesses, "deal_people", sqlite_key(with_deals, "deal_people"))


def test_a_logged_touch_finds_its_deals_by_index(with_deals: Loaded) -> None:
    with with_deals.ws.engine.connect() as conn:
        person_id = conn.execute(
            select(deal_people.c.person_id)
            .join(deals, deals.c.id == deal_people.c.deal_id)
            .where(deals.c.stage == "deliberation")
            .limit(1)
        ).scalar_one()
    with recorded(with_deals.ws.engine) as seen, with_deals.ws.engine.connect() as conn:
        assert deal_store.deals_touched_by(conn, person_id) != []
    (statement, parameters), *_ = seen
    accesses = explain(with_deals.ws.engine, statement, parameters)
    assert uses_index(accesses, "deal_people", "ix_deal_people_person_id"), accesses
    assert uses_index(accesses, "deals", "ix_deals_account_id"), accesses
    assert full_scans(accesses, DEAL_TABLES | must_be_indexed(with_deals)) == []


def test_the_agenda_broken_into_steps_is_the_agenda(loaded: Loaded) -> None:
    """benchmarks/agenda_parts.py times the agenda step by step: its steps must still make
    the agenda the service makes (else its figures describe something else)."""
    timings: dict[str, list[float]] = defaultdict(list)
    checked = 0
    for spec in loaded.dataset.user_specs[:6]:
        at = loaded.dataset.agenda_moment(spec)
        stepped = parts_of_one(loaded.ws, spec.name, at, timings)
        _, served = today(loaded.ws, at, spec.name, None)
        served = [item for item in served if item.kind != "channel_failing"]
        assert stepped == served, spec.name
        checked += len(served)
    assert checked > 0
    assert all(len(values) == 6 for values in timings.values()), timings.keys()
