"""`followup forget` and `followup export-person` through the real CLI, on SQLite and
PostgreSQL: after a forget, no table holds anything of the person; the team's touches stay
as anonymous stubs; the trail keeps one entry and nothing erased; bad input writes nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, String, cast, event, func, or_, select

from followup.store.engine import make_engine
from tests.cli.helpers import doc, rows
from tests.conftest import Cli

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hans Braun\r\nN:Braun;Hans;;;\r\nORG:Braun GmbH\r\n"
    "TITLE:Head of Procurement\r\nEMAIL:hans@braun.example\r\nTEL;TYPE=CELL:+49 30 1234567\r\n"
    "ADR;TYPE=WORK:;;Lindenallee 7;Berlin;;10115;Germany\r\nBDAY:1970-03-21\r\n"
    "URL:https://hans-braun.example/about\r\nNOTE:Likes golf on Sundays\r\nEND:VCARD\r\n"
)
# What only Hans's data holds: none of it may be left anywhere after he is forgotten.
TRACES = (
    "Hans Braun",
    "hans@braun.example",
    "1234567",
    "Lindenallee",
    "1970-03-21",
    "hans-braun.example",
    "Likes golf",
    "Head of Procurement",
    "Discussed pricing",
    "confirm budget",
    "Vintage tractors",
    "invoices confusing",
    "cannot print labels",
)


def everything_about_hans(cli: Cli, tmp_path: Path) -> None:
    """Hans in every place a person's data can be: imported from a card, an agreement,
    touches with notes and promises, a link, an interest, content sent, a deal role,
    feedback, a service request, a confirmed guard breach, a webhook event about him."""
    card = tmp_path / "hans.vcf"
    card.write_text(CARD, "utf-8")
    cli("import", str(card), "--event", "Hannover Messe")
    cli("person", "add", "Petra Lang", "--account", "Braun GmbH", "--email", "petra@x.example")
    cli("agree", "Hans Braun", "--every", "2w", "--min-gap", "7d", "--by", "Hans Braun")
    cli("log", "Hans Braun", "--kind", "call", "--at", "2026-11-10T10:00",
        "--notes", "Discussed pricing of line 3", "--we", "send proposal by 2026-11-20",
        "--they", "confirm budget by 2026-11-18")  # fmt: skip
    cli("log", "Hans Braun", "--kind", "email", "--at", "2026-11-11T10:00", "--yes")
    cli("log", "Petra Lang", "--kind", "call", "--at", "2026-11-12T10:00", "--notes", "Petra ok")
    cli("person", "link", "Hans Braun", "Petra Lang", "--as", "knows")
    cli("person", "link", "Petra Lang", "Hans Braun", "--as", "reports_to")
    cli("person", "interests", "Hans Braun", "--add", "Vintage tractors")
    cli("content", "add", "Case study line 3", "--topic", "automation")
    cli("content", "send", "1", "--to", "Hans Braun", "--at", "2026-11-13T10:00", "--yes")
    cli("deal", "add", "Braun GmbH", "Line 3 retrofit", "--contact", "Hans Braun",
        "--role", "champion", "--contact", "Petra Lang", "--role", "user")  # fmt: skip
    cli("feedback", "Braun GmbH", "--score", "6", "--from", "Hans Braun",
        "--comment", "Hans finds the invoices confusing")  # fmt: skip
    cli("request", "add", "Braun GmbH", "Hans cannot print labels", "--from", "Hans Braun")
    cli("webhook", "add", "http://127.0.0.1:9/hook")
    cli("notify", "--at", "2026-11-23T08:00", ok=False)  # the endpoint is down: kept to retry


def traces_left(url: str, traces: tuple[str, ...] = TRACES) -> list[tuple[str, str, str]]:
    """(table, column, trace) for every column of every table holding one of `traces`."""
    engine = make_engine(url)
    found = []
    try:
        with engine.connect() as conn:
            tables = MetaData()
            tables.reflect(bind=conn)
            for table in tables.sorted_tables:
                for column in table.columns:
                    as_text = func.lower(cast(column, String))
                    for trace in traces:
                        query = select(func.count()).where(
                            or_(as_text.contains(trace.lower(), autoescape=True))
                        )
                        if conn.execute(query.select_from(table)).scalar_one():
                            found.append((table.name, column.name, trace))
    finally:
        engine.dispose()
    return found


def test_forget_leaves_nothing_of_the_person_anywhere(cli: Cli, tmp_path: Path) -> None:
    everything_about_hans(cli, tmp_path)
    assert {t for _, _, t in traces_left(cli.db_url)} == set(TRACES)  # the search finds them
    counts = {name: len(found) for name, found in rows(cli.db_url).items()}
    report = doc(cli, "forget", "Hans Braun", "--yes", "--json")
    assert report["forgotten"] == {"id": 1}
    assert report["kept_anonymous"] == {"interactions": 4, "service_requests": 1, "feedback": 1}
    assert report["reminders_dropped"] >= 1 and report["audit_entries_erased"] > 10
    assert traces_left(cli.db_url) == []
    left = rows(cli.db_url)
    assert len(left["interactions"]) == counts["interactions"]  # the team's touches stay
    assert len(left["people"]) == counts["people"] - 1
    assert len(left["import_records"]) == counts["import_records"] - 1


def test_the_interactions_stay_as_anonymous_stubs(cli: Cli, tmp_path: Path) -> None:
    everything_about_hans(cli, tmp_path)
    cli("forget", "Hans Braun", "--yes")
    engine = make_engine(cli.db_url)
    with engine.connect() as conn:
        stubs = conn.exec_driver_sql(
            "SELECT kind, direction, user_id, notes FROM interactions "
            "WHERE person_id IS NULL ORDER BY at"
        ).all()
        requests = conn.exec_driver_sql("SELECT account_id, status FROM service_requests").all()
        scores = conn.exec_driver_sql("SELECT score, comment FROM feedback").all()
    engine.dispose()
    assert [tuple(s) for s in stubs] == [
        ("call", "out", 1, None),
        ("email", "out", 1, None),
        ("email", "out", 1, None),
        ("message", "in", 1, None),  # the service request came in
    ]
    assert [tuple(r) for r in requests] == [(1, "dropped")]  # nobody left to answer
    assert [tuple(s) for s in scores] == [(6, None)]
    petra = doc(cli, "timeline", "Petra Lang")
    assert [e.get("notes") for e in petra["entries"] if e["event"] == "interaction"] == ["Petra ok"]


def test_a_forgotten_person_is_nowhere_to_be_found(cli: Cli, tmp_path: Path) -> None:
    everything_about_hans(cli, tmp_path)
    cli("forget", "hans@braun.example", "--yes")
    names = [p["name"] for p in doc(cli, "person", "list")["people"]]
    assert names == ["Petra Lang"]
    agenda = doc(cli, "today", "--at", "2026-11-23T08:00")["items"]
    assert all(i["person"]["id"] != 1 for i in agenda)
    exported = cli("export", "--format", "csv").stdout
    assert "Hans" not in exported and "Petra" in exported
    assert "unknown person 'Hans Braun'" in cli("person", "show", "Hans Braun", ok=False).stderr
    # The ledger forgot his card too: importing it again makes a new person.
    again = doc(cli, "import", str(tmp_path / "hans.vcf"), "--json")
    assert (again["created"], again["unchanged"]) == (1, 0)


def test_the_trail_records_the_forget_once_and_keeps_nothing_erased(
    cli: Cli, tmp_path: Path
) -> None:
    everything_about_hans(cli, tmp_path)
    cli("forget", "Hans Braun", "--yes")
    account = doc(cli, "history", "--account", "Braun GmbH", "--limit", "1000")["changes"]
    forgot = [c for c in account if c["action"] == "forget"]
    assert len(forgot) == 1 and forgot[0]["actor"] == "anna"
    assert (forgot[0]["table"], forgot[0]["row"]) == ("people", "1")
    assert forgot[0]["before"] is None and forgot[0]["after"] is None
    erased = [c for c in account if c["table"] == "people" and c["row"] == "1"]
    assert erased and all(c["before"] is None and c["after"] is None for c in erased)
    shown = " ".join(cli("history", "--account", "Braun GmbH", "--limit", "1000").stdout.split())
    assert "forgotten" in shown and "(erased:" in shown  # Rich wraps the narrow columns
    petra = [c for c in account if c["table"] == "people" and c["row"] == "2"]
    assert petra and petra[-1]["after"]["name"] == "Petra Lang"  # others keep theirs


@pytest.fixture
def sqlite_keeping_deleted_text() -> Iterator[None]:
    """SQLite as many builds are (Debian's is not): deleted text stays in free space."""

    def keep(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA secure_delete = OFF")

    event.listen(Engine, "connect", keep)
    yield
    event.remove(Engine, "connect", keep)


@pytest.mark.usefixtures("sqlite_keeping_deleted_text")
def test_sqlite_keeps_no_copy_in_free_pages_or_the_log(
    sqlite_template: Path, tmp_path: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "followup.db")
    cli = Cli(f"sqlite:///{tmp_path / 'followup.db'}")
    cli("user", "add", "anna", "--tz", "Europe/Berlin", "--role", "admin")
    everything_about_hans(cli, tmp_path)
    engine = make_engine(cli.db_url)
    with engine.connect() as conn:  # as SQLite does every 1000 pages: into the file
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    cli("forget", "Hans Braun", "--yes")
    database = Path(cli.db_url.removeprefix("sqlite:///"))
    files = [p for p in database.parent.iterdir() if p.name.startswith(database.name)]
    for path in files:
        content = path.read_bytes()
        assert b"hans@braun.example" not in content and b"Likes golf" not in content, path


def test_export_person_gives_everything_held(cli: Cli, tmp_path: Path) -> None:
    everything_about_hans(cli, tmp_path)
    exported = doc_of(cli("export-person", "Hans Braun").stdout)
    person = exported["person"]
    assert (person["name"], person["birthday"], person["title"]) == (
        "Hans Braun",
        "1970-03-21",
        "Head of Procurement",
    )
    assert person["account"]["name"] == "Braun GmbH" and person["notes"] == "Likes golf on Sundays"
    assert exported["emails"] == ["hans@braun.example"]
    assert exported["phones"] == ["+49301234567"]
    assert exported["agreement"]["every_days"] == 14
    notes = {i["notes"] for i in exported["interactions"]}
    assert "Discussed pricing of line 3" in notes
    assert {c["what"] for c in exported["commitments"]} == {"send proposal", "confirm budget"}
    assert [(d["title"], d["role"]) for d in exported["deal_roles"]] == [
        ("Line 3 retrofit", "champion")
    ]
    assert [i["label"] for i in exported["interests"]] == ["Vintage tractors"]
    assert [l["kind"] for l in exported["links"]] == ["knows"]  # noqa: E741
    assert [l["kind"] for l in exported["linked_from"]] == ["reports_to"]  # noqa: E741
    assert exported["feedback"][0]["comment"] == "Hans finds the invoices confusing"
    assert exported["service_requests"][0]["what"] == "Hans cannot print labels"
    assert exported["content_sent"][0]["title"] == "Case study line 3"
    assert exported["guard_confirmations"] and exported["imported_from"]
    assert {c["table"] for c in exported["history"]} >= {"people", "interactions", "agreements"}


def doc_of(text: str) -> dict[str, Any]:
    document = json.loads(text)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize(
    "args, message",
    [
        (("forget", "Nobody", "--yes"), "unknown person 'Nobody'"),
        (("forget", "#99", "--yes"), "unknown person #99"),
        (("forget", "Hans Braun"), "forgetting is irreversible: pass --yes to confirm"),
        (("forget", "Anna Schmidt", "--yes"), "matches 2 people"),
        (("forget", "", "--yes"), "no person given"),
        (("export-person", "Nobody"), "unknown person 'Nobody'"),
        (("export-person", "Anna Schmidt"), "matches 2 people"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    cli("person", "add", "Hans Braun", "--email", "hans@braun.example")
    cli("person", "add", "Anna Schmidt", "--email", "a1@x.example")
    cli("person", "add", "Anna Schmidt", "--email", "a2@x.example")
    before = rows(cli.db_url)
    result = cli(*args, ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(cli.db_url) == before


def test_forgetting_twice_says_so_and_writes_nothing(cli: Cli) -> None:
    cli("person", "add", "Hans Braun", "--email", "hans@braun.example")
    cli("forget", "Hans Braun", "--yes")
    before = rows(cli.db_url)
    for again in (("forget", "1", "--yes"), ("export-person", "#1"), ("history", "1")):
        result = cli(*again, ok=False)
        assert result.exit_code == 1 and "person #1 was forgotten on" in result.stderr
    assert rows(cli.db_url) == before


def test_a_new_person_with_a_reused_id_has_only_their_own_history(cli: Cli) -> None:
    """SQLite gives the next row the highest id again once it is deleted."""
    cli("person", "add", "Hans Braun", "--notes", "old notes")
    cli("forget", "Hans Braun", "--yes")
    added = doc(cli, "person", "add", "Lena Vogel", "--json")
    history = doc(cli, "history", str(added["id"]))["changes"]
    assert [(c["action"], c["table"]) for c in history] == [("insert", "people")]
    assert history[0]["after"]["name"] == "Lena Vogel"
