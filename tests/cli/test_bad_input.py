"""Bad input through the real CLI on SQLite and PostgreSQL: one clear line on stderr that
names the offending value, exit code 1 (2 for usage errors), nothing on stdout, and nothing
written: every row of every table is the same before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from followup.store.engine import make_engine
from followup.store.schema import upgrade
from tests.cli.helpers import Clock, assert_error, assert_usage_error, doc, rows
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"  # Monday 23 November 2026, 08:00 in Berlin

Case = tuple[tuple[str, ...], tuple[str, ...]]


@pytest.fixture
def world(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """anna's workspace with an account, a customer with promises, and two namesakes."""
    Clock(monkeypatch, NOW)
    cli("account", "add", "ACME", "--country", "DE")
    hans = doc(cli, "person", "add", "Hans Braun", "--email", "hans@braun.de", "--account", "ACME")
    cli("agree", "Hans Braun", "--every", "14d", "--min-gap", "7d")
    logged = doc(
        cli, "log", "Hans Braun", "--at", "2026-11-10T10:00", "--outcome", "reached",
        "--we", "send the offer by 2026-11-20", "--they", "send the specs by 2026-11-18",
    )  # fmt: skip
    first = doc(cli, "person", "add", "Anna Schmidt")
    second = doc(cli, "person", "add", "Anna Schmidt", "--account", "ACME")
    return {
        "cli": cli,
        "hans": hans["id"],
        "ours": logged["commitments"][0]["id"],
        "schmidts": (first["id"], second["id"]),
    }


def refused(cli: Cli, cases: list[Case]) -> None:
    """Each case fails with one clear line naming the value, and writes nothing."""
    before = rows(cli.db_url)
    for args, needles in cases:
        result = cli(*args, ok=False)
        try:
            assert_error(result, *needles)
        except AssertionError as exc:
            raise AssertionError(f"followup {' '.join(args)}: {exc}") from None
        assert rows(cli.db_url) == before, f"followup {' '.join(args)} wrote to the database"


# --- people ----------------------------------------------------------------------------


def unknown_person(world: dict[str, Any]) -> None:
    refused(
        world["cli"],
        [
            (("person", "show", "Nobody Here"), ("unknown person 'Nobody Here'",)),
            (("log", "nobody@example.com", "--notes", "hi"), ("'nobody@example.com'",)),
            (("agree", "999", "--every", "7d"), ("unknown person #999",)),
            (("timeline", "#999"), ("unknown person #999",)),
            (("person", "show", "99999999999999999999"), ("#99999999999999999999",)),
            # str.isdigit() takes a superscript for a digit, int() does not: no crash.
            (("person", "show", "¹"), ("unknown person '¹'",)),
            (("timeline", "#²"), ("unknown person '#²'",)),
            (("history", "³"), ("unknown person '³'",)),
            (
                ("commit", "add", "Nobody", "send it", "--owner", "us", "--due", "2026-12-01"),
                ("unknown person 'Nobody'",),
            ),
            (("snooze", "Nobody", "--until", "2026-12-01"), ("unknown person 'Nobody'",)),
            (("person", "edit", "Nobody", "--notes", "x"), ("unknown person 'Nobody'",)),
            (("person", "show", "  "), ("no person given",)),
            # A part of a name is no reference, but the message suggests who was meant.
            (("person", "show", "Braun"), ("unknown person 'Braun'", "did you mean #1 Hans")),
        ],
    )


def ambiguous_name_lists_the_candidates_with_their_ids(world: dict[str, Any]) -> None:
    cli = world["cli"]
    first, second = world["schmidts"]
    candidates = f"#{first} Anna Schmidt, #{second} Anna Schmidt (ACME)"
    refused(
        cli,
        [
            (("person", "show", "anna schmidt"), ("'anna schmidt' matches 2 people", candidates)),
            (("log", "Anna Schmidt", "--notes", "Called."), (candidates, "use the id or an email")),
            (("agree", "ANNA  SCHMIDT", "--every", "7d"), (candidates,)),
            (
                ("commit", "add", "Anna Schmidt", "call", "--owner", "us", "--due", "2026-12-01"),
                (candidates,),
            ),
            (("snooze", "Anna Schmidt", "--until", "2026-12-01"), (candidates,)),
            (("person", "edit", "Anna Schmidt", "--stage", "customer"), (candidates,)),
            (("timeline", "Anna Schmidt"), (candidates,)),
        ],
    )
    assert doc(cli, "person", "show", str(second))["account"] == "ACME"  # the id resolves


# --- dates, time zones, rhythms --------------------------------------------------------


def invalid_dates_and_time_zones(world: dict[str, Any]) -> None:
    refused(
        world["cli"],
        [
            (("log", "Hans Braun", "--at", "next Friday"), ("invalid date 'next Friday'",)),
            (("log", "Hans Braun", "--at", "2026-02-30"), ("invalid date '2026-02-30'",)),
            (("log", "Hans Braun", "--at", "2026-11-20T25:00"), ("'2026-11-20T25:00'",)),
            (
                ("commit", "add", "Hans Braun", "call", "--owner", "us", "--due", "2026-02-30"),
                ("invalid date '2026-02-30'",),
            ),
            (
                ("commit", "add", "Hans Braun", "call", "--owner", "us", "--due", "Friday"),
                ("invalid date 'Friday'",),
            ),
            (("log", "Hans Braun", "--we", "call by next Friday"), ("'next Friday'",)),
            (("snooze", "Hans Braun", "--until", "2026-13-01"), ("invalid date '2026-13-01'",)),
            (("agree", "Hans Braun", "--every", "7d", "--on", "yesterday"), ("'yesterday'",)),
            (("today", "--at", "next Friday"), ("invalid date 'next Friday'",)),
            (("person", "add", "Ma Rs", "--tz", "Mars/Olympus"), ("time zone 'Mars/Olympus'",)),
            (("person", "edit", "Hans Braun", "--tz", "Mars/Olympus"), ("'Mars/Olympus'",)),
            (("user", "add", "bob", "--tz", "Mars/Olympus"), ("time zone 'Mars/Olympus'",)),
            (("person", "add", "Ma Rs", "--country", "XX"), ("unknown country 'XX'",)),
        ],
    )


def invalid_rhythms(world: dict[str, Any]) -> None:
    refused(
        world["cli"],
        [
            (("agree", "Hans Braun", "--every", "0d"), ("invalid rhythm '0d'",)),
            (("agree", "Hans Braun", "--every", "-3d"), ("invalid rhythm '-3d'",)),
            (("agree", "Hans Braun", "--every", "fortnight"), ("invalid rhythm 'fortnight'",)),
            (("agree", "Hans Braun", "--every", "3m"), ("invalid rhythm '3m'",)),
            (("agree", "Hans Braun", "--every", "99999d"), ("'99999d'", "ten years")),
            (
                ("agree", "Hans Braun", "--every", "14d", "--min-gap", "0d"),
                ("invalid minimum gap '0d'",),
            ),
            (
                ("agree", "Hans Braun", "--every", "7d", "--min-gap", "14d"),
                ("minimum gap (14 days) cannot be longer than the rhythm (7 days)",),
            ),
        ],
    )
    agreement = doc(world["cli"], "person", "show", "Hans Braun")["agreement"]
    assert (agreement["every_days"], agreement["min_gap_days"]) == (14, 7)


# --- commitments and snoozes -----------------------------------------------------------


def invalid_commitments_and_snoozes(world: dict[str, Any]) -> None:
    refused(
        world["cli"],
        [
            # The interaction is refused with its promise: nothing of it is stored.
            (
                ("log", "Hans Braun", "--at", "2026-11-10", "--we", "send it by 2026-11-01"),
                ("'send it' is due 2026-11-01, before the interaction it came from",),
            ),
            (
                (
                    "log",
                    "Hans Braun",
                    "--at",
                    "2026-11-20T15:00",
                    "--they",
                    "call by 2026-11-20T09:00",
                ),
                ("'call' is due 2026-11-20T09:00, before the interaction",),
            ),
            (("log", "Hans Braun", "--we", "send it on Friday"), ("'send it on Friday'",)),
            (
                ("commit", "add", "Hans Braun", "   ", "--owner", "us", "--due", "2026-12-01"),
                ("a commitment needs a 'what'",),
            ),
            (("commit", "done", "999"), ("unknown commitment 999",)),
            (("commit", "drop", "99999999999999999999"), ("99999999999999999999",)),
            (
                ("snooze", "Hans Braun", "--until", "2020-01-01"),
                ("until 2020-01-01", "not in the future"),
            ),
            (
                ("snooze", "Hans Braun", "--until", "2026-11-23"),
                ("until 2026-11-23", "not in the future"),
            ),
        ],
    )


def closing_a_commitment_twice(world: dict[str, Any]) -> None:
    cli, ours = world["cli"], str(world["ours"])
    cli("commit", "done", ours)
    refused(
        cli,
        [
            (("commit", "done", ours), (f"commitment {ours} is already done",)),
            (("commit", "drop", ours), (f"commitment {ours} is already done",)),
        ],
    )


# --- names, accounts, contacts, users --------------------------------------------------


def invalid_names_accounts_contacts_and_users(world: dict[str, Any]) -> None:
    long_name = "Hans " + "x" * 400
    refused(
        world["cli"],
        [
            (("person", "add", ""), ("person name must not be empty",)),
            (("person", "add", "   "), ("person name must not be empty",)),
            (("person", "edit", "Hans Braun", "--name", " "), ("person name must not be empty",)),
            (("user", "add", ""), ("user name must not be empty",)),
            (("account", "add", "  "), ("account name must not be empty",)),
            (("person", "add", long_name), ("person name 'Hans xxx", "too long")),
            (("account", "add", "Initech", "--tier", "t" * 65), ("tier 'ttt", "too long")),
            (("person", "add", "Jo", "--account", "Nope"), ("unknown account 'Nope'",)),
            (("person", "edit", "Hans Braun", "--account", "Nope"), ("unknown account 'Nope'",)),
            (("person", "list", "--account", "Nope"), ("unknown account 'Nope'",)),
            (("account", "show", "Nope"), ("unknown account 'Nope'",)),
            (("account", "show", "¹"), ("unknown account '¹'",)),
            (("account", "show", "99999999999999999999"), ("'99999999999999999999'",)),
            (("deal", "show", "²"), ("unknown deal '²'",)),
            (("deal", "show", "#99999999999999999999"), ("unknown deal #99999999999999999999",)),
            (("account", "add", "acme"), ("account 'acme' already exists",)),
            (("user", "add", "ANNA"), ("user 'ANNA' already exists",)),
            (
                ("person", "add", "Hans Two", "--email", "HANS@braun.de"),
                ("email hans@braun.de already belongs to person #1",),
            ),
            (("person", "add", "Jo", "--email", "not-an-email"), ("'not-an-email'",)),
            (("person", "add", "Jo", "--phone", "call me"), ("invalid phone number 'call me'",)),
            (("person", "add", "Jo", "--culture", "martian"), ("culture profile 'martian'",)),
            (("person", "add", "Jo", "--owner", "nobody"), ("unknown user 'nobody'",)),
            (("today", "--user", "nobody"), ("unknown user 'nobody'",)),
            (("user", "add", "bob", "--email", "bob at example"), ("'bob at example'",)),
        ],
    )


def usage_errors_exit_with_2_and_write_nothing(world: dict[str, Any]) -> None:
    cli = world["cli"]
    before = rows(cli.db_url)
    cases: list[tuple[tuple[str, ...], str]] = [
        (("person", "list", "--bogus"), "--bogus"),
        (("person", "add", "Jo", "--stage", "boss"), "boss"),
        (("person", "list", "--stage", "boss"), "boss"),
        (("log", "Hans Braun", "--kind", "telegram"), "telegram"),
        (("log", "Hans Braun", "--outcome", "maybe"), "maybe"),
        (("commit", "add", "Hans Braun", "x", "--owner", "maybe", "--due", "2026-12-01"), "maybe"),
        (("agree", "Hans Braun", "--every", "7d", "--channel", "pigeon"), "pigeon"),
        (("agree", "Hans Braun"), "--every"),
        (("commit", "done", "first"), "'ID'"),
        (("snooze", "Hans Braun"), "--until"),
        (("no-such-command",), "no-such-command"),
    ]
    for args, needle in cases:
        assert_usage_error(cli(*args, ok=False), needle)
        assert rows(cli.db_url) == before, args
    stage = doc(cli, "person", "add", "Jo", "--stage", "Customer")["stage"]  # any case
    assert stage == "customer"


# One workspace per backend serves several groups of refused commands (each checked to
# write nothing), which keeps the suite fast; a failure names the command.


def test_unknown_and_ambiguous_people(world: dict[str, Any]) -> None:
    unknown_person(world)
    ambiguous_name_lists_the_candidates_with_their_ids(world)


def test_invalid_dates_time_zones_and_rhythms(world: dict[str, Any]) -> None:
    invalid_dates_and_time_zones(world)
    invalid_rhythms(world)


def test_invalid_commitments_and_snoozes(world: dict[str, Any]) -> None:
    invalid_commitments_and_snoozes(world)
    closing_a_commitment_twice(world)


def test_invalid_names_and_usage_errors(world: dict[str, Any]) -> None:
    invalid_names_accounts_contacts_and_users(world)
    usage_errors_exit_with_2_and_write_nothing(world)


# --- databases -------------------------------------------------------------------------


def test_database_urls_that_do_not_lead_to_a_database(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'unused.db'}")
    missing = tmp_path / "missing.db"
    cases: list[Case] = [
        (
            ("--db", "postgresql+psycopg://nobody@127.0.0.1:1/x", "person", "list"),
            ("cannot connect to database postgresql+psycopg://nobody@127.0.0.1:1/x",),
        ),
        (
            ("--db", "sqlite:////nonexistent/dir/x.db", "person", "list"),
            ("sqlite:////nonexistent/dir/x.db", "folder /nonexistent/dir does not exist"),
        ),
        (
            ("--db", f"sqlite:///{missing}", "today", "--json"),
            (str(missing), "run 'followup init'"),
        ),
        (("--db", "mysql://localhost/crm", "person", "list"), ("invalid setting db",)),
        (("--db", "sqlite:///", "person", "list"), ("run 'followup init'",)),
    ]
    for args, needles in cases:
        assert_error(cli(*args, ok=False), *needles)
    secret = assert_error(
        cli("--db", "postgresql+psycopg://nobody:s3cret@127.0.0.1:1/x", "user", "list", ok=False)
    )
    assert "s3cret" not in secret and "nobody:***@" in secret
    assert not Path("/nonexistent").exists()
    assert not missing.exists(), "a mistyped path must not leave an empty database behind"
    assert list(tmp_path.iterdir()) == []


def table_names(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_empty_database_asks_for_init(backend: str, fresh_db_url: str) -> None:
    cli = Cli(fresh_db_url)
    for args in (("person", "list"), ("user", "add", "anna"), ("today", "--json")):
        assert_error(cli(*args, ok=False), "run 'followup init'")
    assert table_names(fresh_db_url) == []
    cli("init", "--tz", "Europe/Berlin")
    assert doc(cli, "person", "list") == {"people": []}


def test_init_with_a_bad_time_zone_creates_nothing(backend: str, fresh_db_url: str) -> None:
    cli = Cli(fresh_db_url)
    assert_error(cli("init", "--tz", "Mars/Olympus", ok=False), "time zone 'Mars/Olympus'")
    assert table_names(fresh_db_url) == []


def test_older_schema_asks_for_db_upgrade(backend: str, fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    upgrade(engine, "0001")
    engine.dispose()
    cli = Cli(fresh_db_url)
    for args in (("person", "list", "--json"), ("user", "add", "anna"), ("today",)):
        assert_error(
            cli(*args, ok=False),
            "is at schema 0001, this followup needs",
            "run 'followup db upgrade'",
        )
    engine = make_engine(fresh_db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
    engine.dispose()
    assert doc(cli, "db", "current")["current"] == "0001"
    cli("db", "upgrade")
    cli("user", "add", "anna", "--tz", "Europe/Berlin")
    cli("person", "add", "Hans Braun")
    assert [p["name"] for p in doc(cli, "person", "list")["people"]] == ["Hans Braun"]


def test_an_unknown_acting_user_is_refused_not_replaced(world: dict[str, Any]) -> None:
    cli: Cli = world["cli"]
    ghost = Cli(cli.db_url, login="ghost")
    before = rows(cli.db_url)
    for args in (("person", "add", "Greta Lind"), ("today",), ("person", "list")):
        assert_error(ghost(*args, ok=False), "unknown user 'ghost'", "FOLLOWUP_USER")
    assert_error(cli("--as", "ghost", "person", "add", "Greta", ok=False), "'ghost'")
    assert rows(cli.db_url) == before
