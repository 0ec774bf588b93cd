"""Engines for SQLite (the embedded default) and PostgreSQL, and clear connection errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from followup.domain.errors import DatabaseUnavailable
from followup.store import audit


def make_engine(url: str) -> Engine:
    """An engine for `url`; nothing connects until the engine is used."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url, parsed.database)
        else:
            engine = create_engine(url, pool_pre_ping=True)
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
