"""The triggers that mark every prepared agenda stale when a table an agenda reads changes.

Triggers, not service code, for the reason the audit trail uses them: no code path (nor an
outside tool) can change a person, a promise or a culture and forget to say so. A change
marks *every* user's prepared agenda stale: an agenda reads far beyond its owner's people
(colleagues at an account as ways in, introducers, check-ins, requests, deals, cultures),
and a rule that marked fewer would be one more thing to get wrong. The mark drops the
document too, so a forgotten person's name does not outlive the write that forgot them.

Only the first write after an agenda was prepared finds a fresh row to mark; later ones
find none (a partial index of the fresh rows), take no row lock and cost next to nothing.
On PostgreSQL the mark runs once per statement and takes the advisory lock shared that a
reader's claim takes alone (store/prepared.py). SQLite drops a table's triggers when a
migration rebuilds it (batch mode): such a migration must call `create_for` again
(tests/store/test_prepared.py checks head).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

# Tables no agenda reads: the audit trail, sign-in bookkeeping, and the reminders' own
# records, which the morning digest writes right after preparing everyone's agenda.
UNREAD = frozenset(
    {
        "alembic_version",
        "api_tokens",
        "audit_context",
        "audit_log",
        "calendar_feeds",
        "import_records",
        "notify_runs",
        "prepared_agendas",
        "reminders",
        "sign_in_failures",
        "web_sessions",
        "webhook_deliveries",
    }
)
ACTIONS = ("insert", "update", "delete")
# Writers take this lock shared (in their trigger), a reader's claim alone (store/prepared).
ADVISORY_KEY = 7_310_024_601
_MARK = "UPDATE prepared_agendas SET stale = {true}, document = NULL WHERE NOT stale"


def marked(tables: Iterable[str]) -> list[str]:
    """The tables among `tables` whose changes mark agendas stale."""
    return sorted(t for t in tables if t not in UNREAD)


def create_all(conn: Connection, tables: Iterable[str], advisory_key: int) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_pg_function(advisory_key))
    for table in tables:
        create_for(conn, table)


def drop_all(conn: Connection, tables: Iterable[str]) -> None:
    for table in tables:
        for name in trigger_names(conn.dialect.name, table):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"' + _on(conn, table))
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS followup_agendas_stale()")


def reinstall(conn: Connection, tables: Iterable[str]) -> None:
    """Install the triggers of `tables` again (a repair), and end every kept agenda: a
    change made while they were missing went unmarked."""
    tables = list(tables)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_pg_function(ADVISORY_KEY))
    for table in tables:
        for name in trigger_names(conn.dialect.name, table):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"' + _on(conn, table))
        create_for(conn, table)
    conn.exec_driver_sql(_MARK.format(true="true" if conn.dialect.name == "postgresql" else "1"))


def create_for(conn: Connection, table: str) -> None:
    for statement in statements(conn.dialect.name, table):
        conn.exec_driver_sql(statement)


def trigger_names(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"agendas_stale_{table}"]
    return [f"agendas_stale_{table}_{action}" for action in ACTIONS]


def statements(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f'CREATE TRIGGER "agendas_stale_{table}" '
            f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION followup_agendas_stale()"
        ]
    # SQLite has row triggers only; the WHEN makes a write with nothing to mark cheap.
    fresh = "EXISTS (SELECT 1 FROM prepared_agendas WHERE NOT stale)"
    mark = _MARK.format(true="1")
    return [
        f'CREATE TRIGGER "agendas_stale_{table}_{action}" AFTER {action.upper()} '
        f'ON "{table}" WHEN {fresh} BEGIN {mark}; END'
        for action in ACTIONS
    ]


def _pg_function(advisory_key: int) -> str:
    return f"""
CREATE OR REPLACE FUNCTION followup_agendas_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({advisory_key});
    {_MARK.format(true="true")};
    RETURN NULL;
END
$$
"""


def _on(conn: Connection, table: str) -> str:
    return f' ON "{table}"' if conn.dialect.name == "postgresql" else ""


def missing(conn: Connection, tables: Iterable[str]) -> list[str]:
    """The tables among `tables` an agenda reads whose triggers are not installed as
    written here (a migration rebuilt the table, or someone dropped them)."""
    return [t for t in marked(tables) if _installed(conn, t) != _expected(conn.dialect.name, t)]


def _expected(dialect: str, table: str) -> dict[str, str | None]:
    names = trigger_names(dialect, table)
    if dialect == "postgresql":  # the definition is the one function for every table
        return dict.fromkeys(names)
    return dict(zip(names, statements(dialect, table), strict=True))


def _installed(conn: Connection, table: str) -> dict[str, str | None]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
        rows = conn.execute(text(query), {"t": table})
        return {name: sql for name, sql in rows if name.startswith("agendas_stale_")}
    query = (
        "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
        "AND NOT tgisinternal AND pg_get_triggerdef(oid) LIKE '%followup_agendas_stale()%'"
    )
    return dict.fromkeys(name for (name,) in conn.execute(text(query), {"t": table}))
