"""The ledger's queries use their indexes, asked of the planners on a ledger of some size
(40 users, 30 days of digests and webhook events each, ANALYZEd): the agenda's alert check
runs for every `today`, the due query for every scheduler tick."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, insert, text

from benchmarks.plans import Access, explain, full_scans, recorded, uses_index
from followup.domain.model import User
from followup.services.reminder_alerts import channel_alerts
from followup.services.workspace import Workspace
from followup.store import ledger
from followup.store.tables import reminders, users
from tests.conftest import BACKENDS

USERS, DAYS, EVENTS = 40, 30, 12
AT = datetime(2026, 11, 23, 8, tzinfo=UTC)


@pytest.fixture(scope="module", params=BACKENDS)
def big_ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    from followup.store.engine import make_engine
    from followup.store.schema import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"
    else:
        url = request.getfixturevalue("postgres").create()
    upgrade(make_engine(url))
    ws = Workspace.open(url)
    rows = []
    for user in range(1, USERS + 1):
        for day in range(DAYS):
            moment = AT - timedelta(days=day)
            for event in range(EVENTS + 1):
                kind = "digest" if event == 0 else "item.due"
                rows.append({
                    "key": f"{kind}/{user}/{day}/{event}", "user_id": user,
                    "channel": "email" if event == 0 else "webhook", "kind": kind,
                    "status": "sent", "attempts": 1, "not_before": moment, "sent_at": moment,
                    "created_at": moment, "updated_at": moment,
                })  # fmt: skip
    with ws.transaction() as conn:
        conn.execute(
            insert(users),
            [{"id": u, "name": f"u{u}", "timezone": "Europe/Berlin", "role": "member",
              "created_at": AT} for u in range(1, USERS + 1)],
        )  # fmt: skip
        conn.execute(insert(reminders), rows)
        conn.execute(text("ANALYZE"))
    yield ws
    ws.engine.dispose()


def plans_of(ws: Workspace, call: Callable[[Connection], object]) -> list[list[Access]]:
    with recorded(ws.engine) as seen, ws.transaction() as conn:
        call(conn)
    return [explain(ws.engine, statement, parameters) for statement, parameters in seen]


def test_the_agenda_alert_check_is_a_range_scan_of_the_users_recent_rows(
    big_ledger: Workspace,
) -> None:
    user = User(7, "u7", "Europe/Berlin")
    first, *others = plans_of(big_ledger, lambda conn: channel_alerts(conn, user, AT, True))
    assert uses_index(first, "reminders", "ix_reminders_user_updated"), first
    for plan in (first, *others):
        assert full_scans(plan, frozenset({"reminders"})) == [], plan


def test_the_due_query_searches_the_status_index(big_ledger: Workspace) -> None:
    [plan] = plans_of(big_ledger, lambda conn: ledger.due(conn, AT))
    assert uses_index(plan, "reminders", "ix_reminders_status_not_before"), plan
