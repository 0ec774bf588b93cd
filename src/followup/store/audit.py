"""Who is acting, as the audit triggers see it, and the two narrow exceptions to recording.

The acting user rides on the engine as an execution option (`acting_engine`), so every
connection of a workspace made `acting_as` a user carries it, whichever code path opens
it. Only such engines listen to their statements: any listener puts SQLAlchemy on a
slower path for every statement (about a tenth of logging an interaction), which code
acting for nobody (migrations, the benchmarks, tools) need not pay.
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

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, text

ACTOR = "followup_actor"
_CONTEXT = "followup_audit_context"  # in a connection's info: the context is set
_WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Actor:
    id: int
    name: str


def acting_engine(engine: Engine, actor: Actor | None) -> Engine:
    """`engine` (same pool) whose connections write on behalf of `actor`."""
    acting = engine.execution_options(**{ACTOR: actor})
    if actor is not None:
        _listen(acting)
    return acting


def actor_of(conn: Connection) -> Actor | None:
    actor = conn.get_execution_options().get(ACTOR)
    return actor if isinstance(actor, Actor) else None


def _listen(target: Engine | Connection) -> None:
    """Hand the acting user to the triggers at each transaction's first write, and take
    SQLite's context row away before each commit."""
    event.listen(target, "before_cursor_execute", _before_write)
    _listen_for_the_end(target)


def _listen_for_the_end(target: Engine | Connection) -> None:
    event.listen(target, "commit", _before_commit)
    for ended in ("begin", "rollback", "rollback_savepoint"):
        event.listen(target, ended, _forget_context)


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
    if not event.contains(conn, "commit", _before_commit):
        _listen_for_the_end(conn)  # a connection acting for nobody: this one transaction
    _apply(conn, actor_of(conn))
    value: object = person_id
    if conn.dialect.name == "postgresql":
        value = "" if person_id is None else str(person_id)
    conn.execute(text(_HUSH[conn.dialect.name]), {"forgetting": value})


def _before_write(
    conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> None:
    if conn.info.get(_CONTEXT) or not statement[:12].lstrip().upper().startswith(_WRITES):
        return
    actor = actor_of(conn)
    if actor is not None:
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
    try:
        if conn.dialect.name == "postgresql":
            own.execute(
                "SELECT set_config('followup.actor_id', %s, true), "
                "set_config('followup.actor', %s, true)",
                (str(actor.id), actor.name),
            )
        else:
            own.execute(
                "INSERT INTO audit_context (id, actor_id, actor) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET actor_id = excluded.actor_id, "
                "actor = excluded.actor",
                (actor.id, actor.name),
            )
    finally:
        own.close()


def _before_commit(conn: Connection) -> None:
    if conn.info.pop(_CONTEXT, None) and conn.dialect.name == "sqlite":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute("DELETE FROM audit_context")
        finally:
            cursor.close()


def _forget_context(conn: Connection, *_: Any) -> None:
    conn.info.pop(_CONTEXT, None)
