"""The database triggers that write the audit trail, generated from a spec per table.

A spec (audit_tables.trigger_spec, frozen as plain data in each migration that installs
it) names a table's key columns, its recorded columns, its JSON columns and the person,
account and deal a change of it belongs to. Triggers, not application code, so that every
change is recorded, whichever code path (or outside tool) makes it.

An insert records the new row, a delete the old one, an update the changed columns before
and after; NULLs are left out (a missing field is empty), which keeps the trail small. An
update touching only other columns (bookkeeping) records nothing. SQLite: three triggers per
table with `json_object`, the actor from the `audit_context` row (store/audit.py).
PostgreSQL: one plpgsql function for every table, given the spec as its argument, the actor
from transaction-local settings.

SQLite drops a table's triggers when a migration rebuilds the table (batch mode): such a
migration must call `create_for` again (tests/store/test_audit_triggers.py checks head).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

Spec = Mapping[str, Any]
REFUSAL = "the audit trail cannot be changed"
ACTIONS = ("insert", "update", "delete")

_PG_RECORD = """
CREATE OR REPLACE FUNCTION followup_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    spec jsonb := TG_ARGV[0]::jsonb;
    recorded text[] := ARRAY(SELECT jsonb_array_elements_text(spec -> 'columns'));
    source jsonb;
    before_row jsonb;
    after_row jsonb;
    changed text[];
BEGIN
    IF current_setting('followup.quiet', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        source := to_jsonb(OLD);
        before_row := (SELECT jsonb_object_agg(key, value) FROM jsonb_each(source)
                       WHERE key = ANY (recorded));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        source := to_jsonb(NEW);
        after_row := (SELECT jsonb_object_agg(key, value) FROM jsonb_each(source)
                      WHERE key = ANY (recorded));
    END IF;
    IF TG_OP = 'UPDATE' THEN  -- only what changed, on both sides
        changed := ARRAY(SELECT key FROM jsonb_each(before_row)
                         WHERE value IS DISTINCT FROM after_row -> key);
        IF cardinality(changed) = 0 THEN
            RETURN NULL;
        END IF;
        before_row := (SELECT jsonb_object_agg(k, before_row -> k) FROM unnest(changed) AS k);
        after_row := (SELECT jsonb_object_agg(k, after_row -> k) FROM unnest(changed) AS k);
    END IF;
    INSERT INTO audit_log (at, actor_id, actor, action, table_name, row_key,
                           person_id, account_id, deal_id, before, after)
    VALUES (now() AT TIME ZONE 'UTC',
            nullif(current_setting('followup.actor_id', true), '')::integer,
            nullif(current_setting('followup.actor', true), ''),
            lower(TG_OP),
            TG_TABLE_NAME,
            (SELECT string_agg(source ->> k, '/' ORDER BY n)
             FROM jsonb_array_elements_text(spec -> 'key') WITH ORDINALITY AS keys (k, n)),
            followup_audit_subject(spec -> 'person', source),
            followup_audit_subject(spec -> 'account', source),
            followup_audit_subject(spec -> 'deal', source),
            jsonb_strip_nulls(before_row)::text,
            jsonb_strip_nulls(after_row)::text);
    RETURN NULL;
END
$$
"""

_PG_SUBJECT = """
CREATE OR REPLACE FUNCTION followup_audit_subject(subject jsonb, source jsonb)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    found integer;
BEGIN
    IF subject IS NULL THEN
        RETURN NULL;
    ELSIF jsonb_typeof(subject) = 'string' THEN
        RETURN (source ->> (subject #>> '{}'))::integer;
    END IF;
    EXECUTE 'SELECT ' || quote_ident(subject ->> 2) || ' FROM ' || quote_ident(subject ->> 1)
            || ' WHERE id = $1'
        INTO found USING (source ->> (subject ->> 0))::integer;
    RETURN found;
END
$$
"""

# The one change allowed: blanking the rows about the person being forgotten.
_PG_KEPT = f"""
CREATE OR REPLACE FUNCTION followup_audit_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.before IS NULL AND NEW.after IS NULL
       AND OLD.person_id::text = current_setting('followup.forgetting', true)
       AND to_jsonb(NEW) - 'before' - 'after' = to_jsonb(OLD) - 'before' - 'after' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}';
END
$$
"""


def create_all(conn: Connection, specs: Mapping[str, Spec], log_columns: Sequence[str]) -> None:
    """The functions, every audited table's triggers, and the trail's own protection."""
    if conn.dialect.name == "postgresql":
        for function in (_PG_SUBJECT, _PG_RECORD, _PG_KEPT):
            conn.exec_driver_sql(function)
    for table, spec in specs.items():
        create_for(conn, table, spec)
    for statement in _kept_statements(conn.dialect.name, log_columns):
        conn.exec_driver_sql(statement)


def drop_all(conn: Connection, tables: Sequence[str]) -> None:
    for table in tables:
        drop_for(conn, table)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_kept ON audit_log")
        for function in ("followup_audit()", "followup_audit_kept()"):
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS followup_audit_subject(jsonb, jsonb)")
    else:
        for action in ("update", "delete"):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "audit_log_kept_{action}"')


def create_for(conn: Connection, table: str, spec: Spec) -> None:
    """(Re)create the triggers of one table, e.g. after a migration rebuilt it."""
    drop_for(conn, table)
    for statement in statements(conn.dialect.name, table, spec):
        conn.exec_driver_sql(statement)


def drop_for(conn: Connection, table: str) -> None:
    on = f' ON "{table}"' if conn.dialect.name == "postgresql" else ""
    for action in ACTIONS:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "audit_{table}_{action}"{on}')


def statements(dialect: str, table: str, spec: Spec) -> list[str]:
    """The CREATE TRIGGER statements of `table` on `dialect`, in ACTIONS order."""
    if dialect == "postgresql":
        return _postgresql(table, spec)
    return _sqlite(table, spec)


def _postgresql(table: str, spec: Spec) -> list[str]:
    argument = json.dumps(spec, sort_keys=True).replace("'", "''")
    execute = f"FOR EACH ROW EXECUTE FUNCTION followup_audit('{argument}')"
    json_columns = set(spec.get("json", ()))

    def differs(column: str) -> str:
        cast = "::text" if column in json_columns else ""  # json has no equality
        return f'OLD."{column}"{cast} IS DISTINCT FROM NEW."{column}"{cast}'

    columns = ", ".join(f'"{c}"' for c in spec["columns"])
    changed = " OR ".join(differs(c) for c in spec["columns"])
    return [
        f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" {execute}',
        f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE OF {columns} ON "{table}" '
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION followup_audit('{argument}')",
        f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" {execute}',
    ]


_SQLITE_LOUD = "NOT EXISTS (SELECT 1 FROM audit_context WHERE quiet)"


def _sqlite(table: str, spec: Spec) -> list[str]:
    columns = ", ".join(f'"{c}"' for c in spec["columns"])
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in spec["columns"])
    insert = _sqlite_record(table, spec, "insert", None, _sqlite_row(spec, "NEW"))
    update = _sqlite_record(
        table, spec, "update", _sqlite_row(spec, "OLD", True), _sqlite_row(spec, "NEW", True)
    )
    delete = _sqlite_record(table, spec, "delete", _sqlite_row(spec, "OLD"), None)
    return [
        f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" '
        f"WHEN {_SQLITE_LOUD} BEGIN {insert}; END",
        f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE OF {columns} ON "{table}" '
        f"WHEN ({changed}) AND {_SQLITE_LOUD} BEGIN {update}; END",
        f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" '
        f"WHEN {_SQLITE_LOUD} BEGIN {delete}; END",
    ]


def _sqlite_record(
    table: str, spec: Spec, action: str, before: str | None, after: str | None
) -> str:
    source = "OLD" if action == "delete" else "NEW"
    key = " || '/' || ".join(f'CAST({source}."{k}" AS TEXT)' for k in spec["key"])
    subjects = [_sqlite_subject(spec.get(s), source) for s in ("person", "account", "deal")]
    values = [
        "strftime('%Y-%m-%d %H:%M:%f', 'now')",
        "c.actor_id",
        "c.actor",
        f"'{action}'",
        f"'{table}'",
        key,
        *subjects,
        before or "NULL",
        after or "NULL",
    ]
    return (
        "INSERT INTO audit_log (at, actor_id, actor, action, table_name, row_key, "
        "person_id, account_id, deal_id, before, after) "
        f"SELECT {', '.join(values)} FROM (SELECT 1) LEFT JOIN audit_context AS c ON c.id = 1"
    )


def _sqlite_subject(subject: Any, source: str) -> str:
    if subject is None:
        return "NULL"
    if isinstance(subject, str):
        return f'{source}."{subject}"'
    via, table, column = subject
    return f'(SELECT "{column}" FROM "{table}" WHERE id = {source}."{via}")'


def _sqlite_row(spec: Spec, source: str, changed_only: bool = False) -> str:
    """The recorded columns of OLD or NEW (only those that changed, for an update) as JSON
    without NULLs: json_patch onto {} drops them."""
    json_columns = set(spec.get("json", ()))
    pairs = []
    for c in spec["columns"]:
        value = f'json({source}."{c}")' if c in json_columns else f'{source}."{c}"'
        if changed_only:
            value = f'CASE WHEN OLD."{c}" IS NOT NEW."{c}" THEN {value} END'
        pairs.append(f"'{c}', {value}")
    return f"json_patch('{{}}', json_object({', '.join(pairs)}))"


def _kept_statements(dialect: str, log_columns: Sequence[str]) -> list[str]:
    if dialect == "postgresql":
        return [
            "CREATE TRIGGER audit_log_kept BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION followup_audit_kept()"
        ]
    same = " AND ".join(
        f'NEW."{c}" IS OLD."{c}"' for c in log_columns if c not in ("before", "after")
    )
    allowed = (
        f"NEW.before IS NULL AND NEW.after IS NULL AND {same} AND EXISTS "
        "(SELECT 1 FROM audit_context WHERE forgetting = OLD.person_id)"
    )
    refuse = f"SELECT RAISE(ABORT, '{REFUSAL}')"
    return [
        f'CREATE TRIGGER "audit_log_kept_update" BEFORE UPDATE ON audit_log '
        f"WHEN NOT ({allowed}) BEGIN {refuse}; END",
        f'CREATE TRIGGER "audit_log_kept_delete" BEFORE DELETE ON audit_log BEGIN {refuse}; END',
    ]
