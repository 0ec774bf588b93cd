"""Who is acting, as the audit triggers see it, and the two narrow exceptions to recording.

The acting user rides on the engine as an execution option (`acting_engine`), so every
connection of a workspace made `acting_as` a user carries it, whichever code path opens
it. The engine's dialect looks at each statement as it goes to the database (`install`):
a SQLAlchemy event listener instead would put every statement on SQLAlchemy's slower
path, a tenth of the time it takes to log an interaction.
At the first write of a transaction the user is handed to the database: PostgreSQL
gets transaction-local settings, SQLite the one `audit_context` row, deleted again just
before the commit. SQLite has one writer at a time, so no other transaction can see that
row, and an outside tool writing later is recorded without an actor, as it should be. No
SQL function is registered with SQLite: a trigger calling one would fail in every other
tool that opens the file.

`quiet` (a restore loading rows that already have their history) and `forgetting` (an
erasure) are the only ways to write unrecorded, and only the latter may touch the trail.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

ACTOR = "followup_actor"
_CONTEXT = "followup_audit_context"  # in a connection's info: the context is set
_WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Actor:
    id: int
    name: str


def acting_engine(engine: Engine, actor: Actor | None) -> Engine:
    """`engine` (same pool) whose connections write on behalf of `actor`."""
    return engine.execution_options(**{ACTOR: actor})


def actor_of(conn: Connection) -> Actor | None:
    actor = conn.get_execution_options().get(ACTOR)
    return actor if isinstance(actor, Actor) else None


def install(engine: Engine) -> None:
    """Hand the acting user to the triggers at each transaction's first write, and take
    SQLite's context row away before each commit (wrapping the engine's dialect)."""
    dialect, sqlite = engine.dialect, engine.dialect.name == "sqlite"
    execute, many, bare = dialect.do_execute, dialect.do_executemany, dialect.do_execute_no_params
    commit, rollback = dialect.do_commit, dialect.do_rollback
    to_savepoint = dialect.do_rollback_to_savepoint

    def do_execute(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        _before_write(cursor, statement, context)
        execute(cursor, statement, parameters, context)

    def do_executemany(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        _before_write(cursor, statement, context)
        many(cursor, statement, parameters, context)

    def do_execute_no_params(cursor: Any, statement: str, context: Any = None) -> None:
        _before_write(cursor, statement, context)
        bare(cursor, statement, context)

    def do_commit(dbapi_connection: Any) -> None:
        if dbapi_connection.info.pop(_CONTEXT, None) and sqlite:
            _run(dbapi_connection.cursor(), "DELETE FROM audit_context", ())
        commit(dbapi_connection)

    def do_rollback(dbapi_connection: Any) -> None:
        _forget_context(dbapi_connection)
        rollback(dbapi_connection)

    def do_rollback_to_savepoint(connection: Any, name: str) -> None:
        _forget_context(connection)  # set again at the next write
        to_savepoint(connection, name)

    for wrapped in (do_execute, do_executemany, do_execute_no_params, do_commit, do_rollback,
                    do_rollback_to_savepoint):  # fmt: skip
        setattr(dialect, wrapped.__name__, wrapped)


def _forget_context(connection: Any) -> None:
    # A bare DBAPI connection (the dialect's first connect) has no info, nor a context.
    with suppress(AttributeError, NotImplementedError):
        connection.info.pop(_CONTEXT, None)


def quiet(conn: Connection) -> None:
    """Write unrecorded until this transaction ends (a restore's rows have their history)."""
    _hush(conn, None)


def forgetting(conn: Connection, person_id: int) -> None:
    """Write unrecorded, and allow blanking the trail's rows about `person_id`."""
    _hush(conn, person_id)


_HUSH = {
    "postgresql": "SELECT set_config('followup.quiet', 'on', true), "
    "set_config('followup.forgetting', :forgetting, true)",
    "sqlite": "INSERT INTO audit_context (id, quiet, forgetting) VALUES (1, 1, :forgetting) "
    "ON CONFLICT (id) DO UPDATE SET quiet = 1, forgetting = excluded.forgetting",
}


def _hush(conn: Connection, person_id: int | None) -> None:
    _apply(conn, actor_of(conn))
    value: object = person_id
    if conn.dialect.name == "postgresql":
        value = "" if person_id is None else str(person_id)
    conn.execute(text(_HUSH[conn.dialect.name]), {"forgetting": value})


def _before_write(cursor: Any, statement: str, context: Any) -> None:
    if context is None or not statement[:12].lstrip().upper().startswith(_WRITES):
        return
    conn = context.root_connection
    actor = context.execution_options.get(ACTOR)
    if actor is not None and not conn.info.get(_CONTEXT):
        _apply(conn, actor, cursor.connection.cursor())


def _apply(conn: Connection, actor: Actor | None, cursor: Any = None) -> None:
    """Give this transaction's writes `actor` (through a cursor of their own, so the
    statement about to run is not disturbed)."""
    if conn.info.get(_CONTEXT):
        return
    conn.info[_CONTEXT] = True
    if actor is None:
        return
    own = cursor or conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    _run(own, _ACTOR_SQL[conn.dialect.name], (str(actor.id), actor.name))


_ACTOR_SQL = {
    "postgresql": "SELECT set_config('followup.actor_id', %s, true), "
    "set_config('followup.actor', %s, true)",
    "sqlite": "INSERT INTO audit_context (id, actor_id, actor) VALUES (1, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET actor_id = excluded.actor_id, actor = excluded.actor",
}


def _run(cursor: Any, statement: str, parameters: tuple[Any, ...]) -> None:
    """`statement` on a cursor of its own, closed after."""
    try:
        cursor.execute(statement, parameters)
    finally:
        cursor.close()
