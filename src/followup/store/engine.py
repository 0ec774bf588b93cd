"""Engines for SQLite (the embedded default) and PostgreSQL, and clear connection errors."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError

from followup.domain.errors import DatabaseUnavailable
from followup.store import audit


def make_engine(url: str) -> Engine:
    """An engine for `url`; nothing connects until the engine is used."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url, parsed.database)
        else:
            engine = create_engine(url, connect_args=_server_connect_args(parsed))
            _ping_when_idle(engine)
        audit.install(engine)
        return engine
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseUnavailable(f"invalid database URL {safe_url(url)}: {exc}") from None


BUSY_TIMEOUT_S = 30  # how long an SQLite writer waits for another's lock


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        raise DatabaseUnavailable(
            f"cannot open database {safe_url(url)}: folder {Path(database).parent} does not exist"
        )
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers (the agenda) run beside a writer; NORMAL sync is safe with WAL
        # and keeps each logged interaction from waiting on an fsync.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted and overwritten text is zeroed, not left in free pages: a forgotten
        # person's data must not stay readable in the file (many builds do it anyway).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def _server_connect_args(parsed: URL) -> dict[str, Any]:
    if parsed.get_driver_name() != "psycopg":
        return {}
    from followup.store.pg_cursor import Cursor  # psycopg is imported only when used

    return {"cursor_factory": Cursor}


PING_AFTER_IDLE_S = 5.0  # a pooled connection unused this long is tested before use


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use if it sat idle (a server restarted or a
    firewall dropped it meanwhile), not before every use as pool_pre_ping does: that is one
    more round trip per transaction, a tenth of logging an interaction. A connection lost
    while busy fails its next transaction, and SQLAlchemy then renews the whole pool."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_from"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_from = record.info.get("idle_from")
        if idle_from is None or time.monotonic() - idle_from < PING_AFTER_IDLE_S:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()  # leave no transaction open behind the ping
        except Exception as exc:  # the driver's own error types: any failure means gone
            raise DisconnectionError(str(exc)) from exc


def check_connection(engine: Engine) -> None:
    """Connect once, turning a driver's failure into one clear line."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"cannot connect to database {safe_url(str(engine.url))}: {reason}"
        ) from None


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
