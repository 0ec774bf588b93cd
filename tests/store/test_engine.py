"""PostgreSQL connections are pooled; one that sat idle is tested before use, so a server
restart or a dropped connection costs nobody an error."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from followup.store import engine as engine_module
from followup.store.engine import make_engine
from tests.conftest import PostgresServer


def _backend_pid(engine: Engine) -> int:
    with engine.begin() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # pg_terminate_backend only signals; wait until the session is gone (each poll its
        # own transaction: pg_stat_activity is a snapshot within one).
        deadline = time.monotonic() + 30
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            assert time.monotonic() < deadline, f"backend {pid} still there after 30 s"
            time.sleep(0.01)


@pytest.fixture
def dropped(postgres: PostgresServer) -> Iterator[tuple[Engine, int]]:
    """An engine whose one pooled connection the server has just ended, and its pid."""
    url = postgres.create()
    engine = make_engine(url)
    first = _backend_pid(engine)
    _terminate(url, first)
    yield engine, first
    engine.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    dropped: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, first = dropped
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)  # it has been idle
    assert _backend_pid(engine) != first  # no error: the ping found it gone
    with engine.connect() as conn:  # and the ping left no transaction open behind it
        status = conn.connection.dbapi_connection.info.transaction_status  # type: ignore[union-attr]
        assert status == psycopg.pq.TransactionStatus.IDLE


def test_a_connection_dropped_while_in_use_fails_once_then_the_pool_is_renewed(
    dropped: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, first = dropped
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 3600.0)  # just used: no ping
    with pytest.raises(OperationalError):
        _backend_pid(engine)
    assert _backend_pid(engine) != first


def test_results_keep_their_column_names_and_rows(postgres: PostgresServer) -> None:
    """Our cursor describes results by name and type only: what SQLAlchemy needs of them."""
    engine = make_engine(postgres.create())
    try:
        with engine.begin() as conn:
            result = conn.exec_driver_sql("SELECT 1 AS one, 'x', now() AS at")
            description = result.cursor.description  # type: ignore[union-attr]
            assert [entry[0] for entry in description] == ["one", "?column?", "at"]
            assert description[-1][0] == "at" and [e[0] for e in description[1:]] == [
                "?column?",
                "at",
            ]
            with pytest.raises(IndexError):
                description[3]
            result.close()
            row = conn.execute(text("SELECT 1 AS one, 'x', now() AS at")).one()
            assert row._fields == ("one", "?column?", "at")
            assert row.one == 1 and row[1] == "x"
            empty = conn.execute(text("SELECT 1 AS one WHERE false"))
            assert list(empty.keys()) == ["one"] and empty.all() == []
            conn.execute(text("CREATE TEMP TABLE t (id int)"))
            inserted = conn.execute(text("INSERT INTO t VALUES (1), (2)"))
            assert not inserted.returns_rows and inserted.rowcount == 2
            assert conn.execute(text("SELECT id FROM t ORDER BY id")).scalars().all() == [1, 2]
    finally:
        engine.dispose()
