"""`followup backup` / `restore`: consistent snapshots, portable between SQLite and
PostgreSQL, restorable from an older schema, all or nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from followup.store.engine import make_engine
from followup.store.schema import current_revision, head_revision, upgrade
from followup.store.snapshot import consistent_read
from tests.conftest import Cli, PostgresServer
from tests.store.test_migrations import revisions, seed

AT = "2026-11-23T08:00"


def _sqlite(tmp_path: Path, name: str) -> str:
    return f"sqlite:///{tmp_path / name}"


def _demo(url: str) -> Cli:
    cli = Cli(url)
    cli("demo", "--at", AT)
    cli("log", "Petra Lang", "--at", "2026-11-22T10:00", "--notes", "Grüße — 「テスト」 'quoted'")
    return cli


def test_sqlite_to_postgresql_and_back_gives_identical_archives(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = _demo(_sqlite(tmp_path, "source.db"))
    first, second, third = (tmp_path / n for n in ("a.jsonl", "b.jsonl", "c.jsonl"))
    source("backup", str(first))
    pg = Cli(postgres.create())
    pg("restore", str(first))
    pg("backup", str(second))
    assert second.read_bytes() == first.read_bytes()
    back = Cli(_sqlite(tmp_path, "back.db"))
    back("restore", str(second))
    back("backup", str(third))
    assert third.read_bytes() == first.read_bytes()
    # The restored workspaces work, and say the same thing.
    agenda = source.json("today", "--user", "anna", "--at", AT)
    assert pg.json("today", "--user", "anna", "--at", AT) == agenda
    assert back.json("today", "--user", "anna", "--at", AT) == agenda
    assert isinstance(agenda, dict) and agenda["items"]


def test_new_rows_after_a_restore_get_fresh_ids(
    backend: str, fresh_db_url: str, tmp_path: Path
) -> None:
    source = _demo(_sqlite(tmp_path, "source.db"))
    source("backup", str(tmp_path / "a.jsonl"))
    target = Cli(fresh_db_url)
    target("restore", str(tmp_path / "a.jsonl"))
    before = target.json("person", "list")
    assert isinstance(before, dict)
    added = target.json("person", "add", "Neu Person")
    assert isinstance(added, dict)
    assert added["id"] == max(p["id"] for p in before["people"]) + 1


def test_an_archive_of_an_older_schema_restores_and_is_upgraded(
    backend: str, fresh_db_url: str, tmp_path: Path
) -> None:
    older = revisions()[-2]
    source_url = _sqlite(tmp_path, "old.db")
    engine = make_engine(source_url)
    upgrade(engine, older)
    with engine.begin() as conn:
        seed(conn, "2026-11-23 00:00:00")
    engine.dispose()
    archive = tmp_path / "old.jsonl.gz"
    Cli(source_url)("backup", str(archive))
    with gzip.open(archive, "rt") as compressed:
        assert json.loads(compressed.readline())["schema"] == older
    target = Cli(fresh_db_url)
    result = target("restore", str(archive), "--json")
    assert json.loads(result.stdout)["schema_to"] == head_revision(make_engine(fresh_db_url))
    assert current_revision(make_engine(fresh_db_url)) == head_revision(make_engine(fresh_db_url))
    person = target.json("person", "show", "hans braun")  # found by its upgraded search key
    assert isinstance(person, dict)
    assert person["emails"] == ["hans@braun.example"]
    assert [c["what"] for c in person["commitments"]] == ["send proposal"]


def test_restore_refuses_a_database_that_is_not_empty(db_url: str, tmp_path: Path) -> None:
    source = _demo(_sqlite(tmp_path, "source.db"))
    source("backup", str(tmp_path / "a.jsonl"))
    target = Cli(db_url)
    target("user", "add", "otto")
    result = target("restore", str(tmp_path / "a.jsonl"), ok=False)
    assert result.exit_code == 1
    assert "restore needs an empty database" in result.stderr
    users = target.json("user", "list")
    assert isinstance(users, dict) and [u["name"] for u in users["users"]] == ["otto"]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda lines: lines[:-1], "without its end marker: it is truncated"),
        (lambda lines: lines[: len(lines) // 2], "truncated"),
        (lambda lines: [*lines[:5], "{not json", *lines[5:]], "line 6: not JSON"),
        (lambda lines: ["hello", *lines[1:]], "not a followup archive"),
        (lambda lines: [*lines[:-1], lines[-1].replace('"people": ', '"people": 1')], "counts"),
    ],
    ids=["no-end", "half", "bad-line", "no-header", "wrong-counts"],
)
def test_a_damaged_archive_is_refused_and_leaves_the_database_empty(
    backend: str, fresh_db_url: str, tmp_path: Path, damage: object, message: str
) -> None:
    source = _demo(_sqlite(tmp_path, "source.db"))
    good = tmp_path / "a.jsonl"
    source("backup", str(good))
    lines = good.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(damage(lines)) + "\n", "utf-8")  # type: ignore[operator]
    target = Cli(fresh_db_url)
    result = target("restore", str(bad), ok=False)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert current_revision(make_engine(fresh_db_url)) is None  # schema rolled back too
    target("restore", str(good))  # and the good archive still goes in afterwards
    restored = target.json("person", "list")
    assert restored == source.json("person", "list")


def test_an_archive_from_a_newer_followup_is_refused(
    backend: str, fresh_db_url: str, tmp_path: Path
) -> None:
    source = _demo(_sqlite(tmp_path, "source.db"))
    archive = tmp_path / "a.jsonl"
    source("backup", str(archive))
    lines = archive.read_text("utf-8").splitlines()
    header = json.loads(lines[0])
    header["schema"] = "9999"
    archive.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", "utf-8")
    result = Cli(fresh_db_url)("restore", str(archive), ok=False)
    assert "unknown to this followup" in result.stderr


def test_backup_into_a_missing_folder_fails_cleanly(db_url: str, tmp_path: Path) -> None:
    cli = Cli(db_url)
    cli("user", "add", "anna")
    result = cli("backup", str(tmp_path / "no" / "such" / "a.jsonl"), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot write")
    assert not (tmp_path / "no").exists()


def test_the_snapshot_does_not_see_writes_made_while_it_reads(db_url: str) -> None:
    Cli(db_url)("user", "add", "anna")
    engine = make_engine(db_url)
    with consistent_read(engine) as reading:
        assert reading.execute(text("SELECT COUNT(*) FROM users")).scalar_one() == 1
        with engine.begin() as writing:
            writing.execute(
                text(
                    "INSERT INTO users (name, timezone, role, created_at) "
                    "VALUES ('otto', 'UTC', 'member', '2026-11-23 00:00:00')"
                )
            )
        assert reading.execute(text("SELECT COUNT(*) FROM users")).scalar_one() == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM users")).scalar_one() == 2
    engine.dispose()
