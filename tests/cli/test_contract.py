"""The public contract of DESIGN.md, end to end through the real CLI on SQLite and PostgreSQL:
every command with its minimum signature, and the JSON documents exactly as promised."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from followup.cli.main import app
from tests.cli.helpers import Clock, doc, item_for
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"  # Monday 23 November 2026, 08:00 in Berlin
AT = "2026-11-23T08:00"

PERSON_KEYS = {
    "id",
    "name",
    "emails",
    "phones",
    "account",
    "country",
    "timezone",
    "stage",
    "source",
    "next_due_at",
}
SHOW_KEYS = PERSON_KEYS | {"address", "notes", "commitments"}
COMMITMENT_KEYS = {"id", "owner", "what", "due", "status"}
ITEM_KEYS = {"kind", "person", "account", "due", "reason", "channel", "suggestion", "warnings"}
KINDS = {
    "our_commitment",
    "their_commitment",
    "cadence",
    "going_dark",
    "deal_stalled",
    "milestone",
    "delivery",
    "satisfaction",
    "service_request",
}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, NOW)


@pytest.fixture
def hans(cli: Cli, clock: Clock) -> dict[str, Any]:
    """A customer at ACME with an agreed rhythm, one meeting and a promise on each side."""
    cli("account", "add", "ACME", "--country", "DE", "--tier", "gold")
    cli(
        "person", "add", "Hans Braun", "--email", "hans@braun.de", "--phone", "+49 30 1234567",
        "--account", "ACME", "--stage", "customer",
    )  # fmt: skip
    cli("agree", "hans@braun.de", "--every", "14d", "--min-gap", "7d", "--channel", "phone")
    cli(
        "log", "Hans Braun", "--kind", "meeting", "--at", "2026-11-02T10:00",
        "--direction", "out", "--outcome", "reached", "--notes", "Visited the plant.",
        "--we", "send the revised proposal by 2026-11-20",
        "--they", "send the parts list by 2026-11-18",
    )  # fmt: skip
    return doc(cli, "person", "show", "hans@braun.de")


def assert_iso_aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None and moment.utcoffset() is not None, value
    return moment


def assert_person_summary(person: dict[str, Any]) -> None:
    assert set(person) >= PERSON_KEYS, set(person) ^ PERSON_KEYS
    assert isinstance(person["id"], int)
    assert isinstance(person["name"], str) and person["name"]
    assert isinstance(person["emails"], list) and all(isinstance(e, str) for e in person["emails"])
    assert isinstance(person["phones"], list) and all(isinstance(p, str) for p in person["phones"])
    assert person["account"] is None or isinstance(person["account"], str)
    assert person["next_due_at"] is None or assert_iso_aware(person["next_due_at"])


# --- init, users, accounts -------------------------------------------------------------


def test_init_creates_the_schema_and_a_user_named_after_followup_user(
    backend: str, fresh_db_url: str
) -> None:
    cli = Cli(fresh_db_url, login="carla")
    first = cli("init", "--tz", "Europe/Berlin")
    assert "carla" in first.stdout
    assert doc(cli, "db", "current")["current"] == doc(cli, "db", "current")["head"]
    users = doc(cli, "user", "list")["users"]
    assert [(u["name"], u["timezone"], u["role"]) for u in users] == [
        ("carla", "Europe/Berlin", "admin")
    ]
    cli("init")  # again: nothing new, nothing broken
    assert len(doc(cli, "user", "list")["users"]) == 1
    cli("person", "add", "Hans Braun")
    assert doc(cli, "person", "list")["people"][0]["timezone"] == "Europe/Berlin"


def test_init_without_followup_user_takes_the_login_and_the_system_time_zone(
    backend: str, fresh_db_url: str
) -> None:
    env = {
        "FOLLOWUP_DB": fresh_db_url,
        "FOLLOWUP_USER": None,
        "LOGNAME": "dora",
        "USER": "dora",
        "TZ": "Asia/Tokyo",
    }
    result = CliRunner().invoke(app, ["init"], env=env)
    assert result.exit_code == 0, result.stderr
    users = doc(Cli(fresh_db_url, login="dora"), "user", "list")["users"]
    assert [(u["name"], u["timezone"], u["role"]) for u in users] == [
        ("dora", "Asia/Tokyo", "admin")
    ]


def test_user_add_with_email_and_time_zone(cli: Cli) -> None:
    bob = doc(cli, "user", "add", "bob", "--email", "bob@example.com", "--tz", "America/Chicago")
    assert bob == {
        "id": bob["id"],
        "name": "bob",
        "email": "bob@example.com",
        "timezone": "America/Chicago",
        "role": "member",
    }
    assert [u["name"] for u in doc(cli, "user", "list")["users"]] == ["anna", "bob"]
    cli("user", "add", "carl")  # the minimum signature
    assert [u["name"] for u in doc(cli, "user", "list")["users"]] == ["anna", "bob", "carl"]


def test_account_add_list_show(cli: Cli) -> None:
    cli("account", "add", "Initech")  # the minimum signature
    acme = doc(cli, "account", "add", "ACME", "--country", "de", "--tier", "gold")
    assert (acme["name"], acme["country"], acme["tier"]) == ("ACME", "DE", "gold")
    accounts = doc(cli, "account", "list")["accounts"]
    assert [(a["name"], a["country"], a["tier"], a["people"]) for a in accounts] == [
        ("ACME", "DE", "gold", 0),
        ("Initech", None, None, 0),
    ]
    cli("person", "add", "Hans Braun", "--account", "acme")
    shown = doc(cli, "account", "show", "ACME")
    assert (shown["name"], shown["country"], shown["tier"], shown["owner"]) == (
        "ACME",
        "DE",
        "gold",
        "anna",
    )
    assert [p["name"] for p in shown["people"]] == ["Hans Braun"]
    assert doc(cli, "account", "show", str(acme["id"]))["name"] == "ACME"
    for listing in ("account list", "account show ACME"):
        human = cli(*listing.split())
        assert "ACME" in human.stdout and human.stderr == ""


# --- people ----------------------------------------------------------------------------


def test_person_add_with_every_option_and_the_listing_document(cli: Cli, clock: Clock) -> None:
    cli("account", "add", "Sakura Trading", "--country", "JP")
    added = doc(
        cli, "person", "add", "Sato Kenji",
        "--email", "Kenji.Sato@Sakura.example", "--email", "k.sato@example.jp",
        "--phone", "+81 3-1234-5678", "--phone", "090 1234 5678",
        "--account", "Sakura Trading", "--country", "JP", "--tz", "Asia/Tokyo",
        "--stage", "prospect",
    )  # fmt: skip
    cli("person", "add", "Hans Braun")  # the minimum signature
    people = doc(cli, "person", "list")["people"]
    assert [p["name"] for p in people] == ["Hans Braun", "Sato Kenji"]
    for person in people:
        assert_person_summary(person)
    sato = people[1]
    assert sato["id"] == added["id"]
    assert sato["emails"] == ["kenji.sato@sakura.example", "k.sato@example.jp"]
    assert sato["phones"] == ["+81312345678", "09012345678"]
    assert (sato["account"], sato["country"], sato["timezone"], sato["stage"]) == (
        "Sakura Trading",
        "JP",
        "Asia/Tokyo",
        "prospect",
    )
    assert sato["source"] is None
    hans = people[0]
    assert (hans["account"], hans["stage"], hans["timezone"]) == (None, "lead", "Europe/Berlin")
    # Without an agreement the culture's default rhythm schedules the first contact.
    assert assert_iso_aware(sato["next_due_at"]) > assert_iso_aware(NOW)


def test_person_list_filters_by_account_and_event(cli: Cli) -> None:
    cli("account", "add", "ACME")
    cli("person", "add", "Hans Braun", "--account", "ACME", "--source", "Hannover Messe")
    cli("person", "add", "Jane Roe", "--source", "Web Summit")
    by_account = doc(cli, "person", "list", "--account", "ACME")["people"]
    assert [p["name"] for p in by_account] == ["Hans Braun"]
    by_event = doc(cli, "person", "list", "--event", "Web Summit")["people"]
    assert [(p["name"], p["source"]) for p in by_event] == [("Jane Roe", "Web Summit")]


def test_person_show_document(cli: Cli, hans: dict[str, Any]) -> None:
    assert set(hans) >= SHOW_KEYS
    assert_person_summary(hans)
    assert (hans["account"], hans["address"], hans["notes"]) == ("ACME", None, None)
    commitments = hans["commitments"]
    assert [(c["owner"], c["what"], c["status"]) for c in commitments] == [
        ("them", "send the parts list", "open"),
        ("us", "send the revised proposal", "open"),
    ]
    for commitment in commitments:
        assert set(commitment) >= COMMITMENT_KEYS
        assert isinstance(commitment["id"], int)
        due = assert_iso_aware(commitment["due"])
        # "by 2026-11-20" means the end of that day where Hans is.
        assert due.date().isoformat() in {"2026-11-18", "2026-11-20"}
    # The agreed rhythm: 14 days after the meeting of 2 November, 10:00 in Berlin.
    assert hans["next_due_at"] == "2026-11-16T09:00:00+00:00"


def test_person_is_found_by_id_email_and_unique_name(cli: Cli) -> None:
    added = doc(cli, "person", "add", "Hans Braun", "--email", "hans@braun.de")
    cli("person", "add", "Hans Brauner")
    pid = added["id"]
    for ref in (str(pid), f"#{pid}", "hans@braun.de", "HANS@Braun.DE", " hans@braun.de "):
        assert doc(cli, "person", "show", ref)["id"] == pid, ref
    for ref in ("Hans Braun", "hans braun", "  HANS   braun ", "Hans\tBraun"):
        assert doc(cli, "person", "show", ref)["id"] == pid, ref


def test_person_edit_changes_only_what_is_given(cli: Cli) -> None:
    cli("account", "add", "ACME")
    cli("person", "add", "Hans Braun", "--email", "hans@braun.de", "--country", "DE")
    edited = doc(
        cli, "person", "edit", "hans braun", "--name", "Hans-Peter Braun",
        "--email", "hp@braun.de", "--remove-email", "hans@braun.de", "--phone", "+49 89 555 0101",
        "--account", "ACME", "--stage", "customer", "--address", "Hauptstr. 1, München",
        "--notes", "Prefers calls before noon.",
    )  # fmt: skip
    assert edited["name"] == "Hans-Peter Braun"
    shown = doc(cli, "person", "show", "hp@braun.de")
    assert (shown["emails"], shown["phones"]) == (["hp@braun.de"], ["+49895550101"])
    assert (shown["account"], shown["stage"], shown["country"]) == ("ACME", "customer", "DE")
    assert shown["address"] == "Hauptstr. 1, München"
    assert shown["notes"] == "Prefers calls before noon."
    cli("person", "edit", str(shown["id"]), "--tz", "Europe/Vienna")
    again = doc(cli, "person", "show", "Hans-Peter Braun")
    assert again["timezone"] == "Europe/Vienna"
    assert again["notes"] == "Prefers calls before noon."


# --- rhythm, interactions, commitments, snoozes ----------------------------------------


def test_agree_records_the_rhythm(cli: Cli, clock: Clock) -> None:
    cli("person", "add", "Hans Braun", "--email", "hans@braun.de")
    agreed = doc(
        cli, "agree", "hans@braun.de", "--every", "14d", "--min-gap", "7d", "--channel", "phone"
    )
    assert agreed["agreement"]["every_days"] == 14
    assert agreed["agreement"]["min_gap_days"] == 7
    assert agreed["agreement"]["channel"] == "phone"
    assert agreed["rhythm"]["source"] == "agreement"
    # Never contacted: the rhythm counts from when the person was added.
    assert agreed["next_due_at"] == "2026-12-07T07:00:00+00:00"
    again = doc(cli, "agree", "Hans Braun", "--every", "2w")  # weeks; replaces the first
    assert (again["agreement"]["every_days"], again["agreement"]["min_gap_days"]) == (14, None)
    assert "Agreed with Hans Braun" in cli("agree", "Hans Braun", "--every", "3w").stdout


def test_log_with_every_option_and_inline_promises(cli: Cli, clock: Clock) -> None:
    cli("person", "add", "Hans Braun", "--email", "hans@braun.de")
    logged = doc(
        cli, "log", "hans@braun.de", "--kind", "call", "--at", "2026-11-20T15:30",
        "--direction", "in", "--outcome", "replied", "--notes", "Asked for a new quote.",
        "--we", "send the new quote by 2026-11-25", "--they", "confirm the volume by 2026-11-27",
    )  # fmt: skip
    assert logged["at"] == "2026-11-20T14:30:00+00:00"  # 15:30 in anna's Berlin
    made = logged["commitments"]
    assert [(c["owner"], c["what"], c["status"]) for c in made] == [
        ("us", "send the new quote", "open"),
        ("them", "confirm the volume", "open"),
    ]
    assert {c["interaction_id"] for c in made} == {logged["interaction_id"]}
    assert cli("log", "Hans Braun").exit_code == 0  # the minimum signature: a meeting, now
    entries = doc(cli, "timeline", "Hans Braun")["entries"]
    touches = [e for e in entries if e["event"] == "interaction"]
    assert [(e["kind"], e["direction"]) for e in touches] == [("meeting", "out"), ("call", "in")]
    call = touches[1]
    assert (call["outcome"], call["notes"], call["user"]) == (
        "replied",
        "Asked for a new quote.",
        "anna",
    )


def test_commit_add_done_drop(cli: Cli, clock: Clock) -> None:
    cli("person", "add", "Hans Braun")
    ours = doc(
        cli, "commit", "add", "Hans Braun", "send the case study", "--owner", "us",
        "--due", "2026-11-27",
    )  # fmt: skip
    theirs = doc(
        cli, "commit", "add", "Hans Braun", "return the signed NDA", "--owner", "them",
        "--due", "2026-11-30T12:00",
    )  # fmt: skip
    assert (ours["owner"], ours["what"], ours["status"]) == ("us", "send the case study", "open")
    assert ours["due"] == "2026-11-27T22:59:59+00:00"  # the end of that day in Berlin
    assert (theirs["owner"], theirs["due"]) == ("them", "2026-11-30T11:00:00+00:00")
    assert doc(cli, "commit", "done", str(ours["id"]))["status"] == "done"
    assert doc(cli, "commit", "drop", str(theirs["id"]))["status"] == "dropped"
    shown = doc(cli, "person", "show", "Hans Braun")["commitments"]
    assert {c["id"]: c["status"] for c in shown} == {ours["id"]: "done", theirs["id"]: "dropped"}
    listed = doc(cli, "commit", "list", "Hans Braun")
    assert [c["status"] for c in listed["commitments"]] == ["done", "dropped"]
    timeline = doc(cli, "timeline", "Hans Braun")["entries"]
    assert {e["event"] for e in timeline} == {"promised", "done", "dropped"}


def test_snooze_and_clear(cli: Cli, clock: Clock) -> None:
    cli("person", "add", "Hans Braun")
    snoozed = doc(cli, "snooze", "Hans Braun", "--until", "2026-12-01")
    assert snoozed["snoozed_until"] == "2026-11-30T23:00:00+00:00"  # 1 Dec, 00:00 in Berlin
    assert doc(cli, "person", "show", "Hans Braun")["snoozed_until"] == snoozed["snoozed_until"]
    assert doc(cli, "snooze", "Hans Braun", "--clear")["snoozed_until"] is None


def test_timeline_lists_touches_and_promises_newest_first(cli: Cli, hans: dict[str, Any]) -> None:
    document = doc(cli, "timeline", "Hans Braun")
    assert document["person"] == {"id": hans["id"], "name": "Hans Braun"}
    entries = document["entries"]
    assert [e["event"] for e in entries].count("interaction") == 1
    assert [e["event"] for e in entries].count("promised") == 2
    moments = [assert_iso_aware(e["at"]) for e in entries]
    assert moments == sorted(moments, reverse=True)
    human = cli("timeline", "Hans Braun").stdout
    assert "Timeline of Hans Braun" in human and "send the parts list" in human


# --- the agenda ------------------------------------------------------------------------


def test_today_document(cli: Cli, hans: dict[str, Any]) -> None:
    document = doc(cli, "today", "--at", AT, "--user", "anna")
    assert set(document) >= {"at", "user", "items"}
    assert document["at"] == "2026-11-23T07:00:00+00:00"  # 08:00 in anna's Berlin
    assert document["user"] == "anna"
    items = document["items"]
    # Overdue first, the longest overdue first: the rhythm (due 16 Nov), their promise
    # (18 Nov), ours (20 Nov).
    assert [(i["kind"], i["overdue_days"]) for i in items] == [
        ("cadence", 7),
        ("their_commitment", 5),
        ("our_commitment", 3),
    ]
    for item in items:
        assert set(item) >= ITEM_KEYS
        assert item["kind"] in KINDS
        assert item["person"] == {"id": hans["id"], "name": "Hans Braun"}
        assert item["account"] == "ACME"
        assert_iso_aware(item["due"])
        assert isinstance(item["reason"], str) and item["reason"].endswith(".")
        assert item["channel"] == "phone"
        assert isinstance(item["suggestion"], str) and item["suggestion"]
        assert isinstance(item["warnings"], list)
        assert all(isinstance(w, str) for w in item["warnings"])
    ours = item_for(items, "Hans Braun", "our_commitment")
    assert ours["reason"] == (
        "You promised to send the revised proposal by Fri 20 Nov — 3 days overdue."
    )
    # Without --user: the agenda of the user named after the login.
    assert doc(cli, "today", "--at", AT) == document


def test_today_with_an_offset_and_without_at(cli: Cli, hans: dict[str, Any]) -> None:
    with_offset = doc(cli, "today", "--at", "2026-11-23T08:00:00+01:00")
    assert with_offset["at"] == "2026-11-23T07:00:00+00:00"
    assert len(with_offset["items"]) == 3
    now = doc(cli, "today")  # the frozen clock: the same Monday morning
    assert now["at"] == "2026-11-23T07:00:00+00:00"
    assert now["items"] == with_offset["items"]


def test_today_human_output(cli: Cli, hans: dict[str, Any]) -> None:
    result = cli("today", "--at", AT)
    assert result.stderr == ""
    text = " ".join(result.stdout.split())
    assert "Mon 23 Nov — 3 items for anna (Europe/Berlin)" in text
    assert "You promised to send the revised proposal by Fri 20 Nov — 3 days overdue." in text
    empty = " ".join(cli("today", "--at", "2026-10-01T08:00").stdout.split())
    assert "Nothing due today" in empty


# --- every listing takes --json and prints one document -------------------------------

LISTINGS = [
    ("user", "list"),
    ("account", "list"),
    ("account", "show", "ACME"),
    ("person", "list"),
    ("person", "list", "--account", "ACME"),
    ("person", "show", "Hans Braun"),
    ("commit", "list", "Hans Braun"),
    ("timeline", "Hans Braun"),
    ("today", "--at", AT),
    ("db", "current"),
]


def test_every_listing_prints_one_json_document_and_a_human_table(
    cli: Cli, hans: dict[str, Any]
) -> None:
    for listing in LISTINGS:
        result = cli(*listing, "--json")
        assert result.stderr == "", listing
        document = json.loads(result.stdout)  # the whole of stdout is one document
        assert isinstance(document, dict) and document, listing
        human = cli(*listing)
        assert human.stderr == "" and human.stdout.strip(), listing
        with pytest.raises(json.JSONDecodeError):
            json.loads(human.stdout)


def test_every_change_prints_one_json_document_when_asked(cli: Cli, clock: Clock) -> None:
    changes = [
        ("user", "add", "bob"),
        ("account", "add", "ACME"),
        ("person", "add", "Hans Braun", "--account", "ACME"),
        ("person", "edit", "Hans Braun", "--stage", "customer"),
        ("agree", "Hans Braun", "--every", "14d"),
        ("log", "Hans Braun", "--at", "2026-11-20T10:00"),
        ("commit", "add", "Hans Braun", "call back", "--owner", "us", "--due", "2026-11-30"),
        ("commit", "done", "1"),
        ("snooze", "Hans Braun", "--until", "2026-12-01"),
    ]
    for change in changes:
        result = cli(*change, "--json")
        assert isinstance(json.loads(result.stdout), dict), change
        assert result.stderr == ""


# --- the installed console script ------------------------------------------------------


def test_the_installed_console_script_runs_outside_the_test_runner(db_url: str) -> None:
    script = Path(sys.executable).parent / "followup"
    assert script.exists(), f"{script} is not installed: pip install -e ."
    env = {**os.environ, "FOLLOWUP_DB": db_url, "FOLLOWUP_USER": "anna"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=60
        )

    cli = Cli(db_url)
    cli("user", "add", "anna", "--tz", "Europe/Berlin")
    cli("person", "add", "Hans Braun", "--email", "hans@braun.de")
    listed = run("person", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)["people"]] == ["Hans Braun"]
    failed = run("person", "show", "Nobody")
    assert (failed.returncode, failed.stdout) == (1, "")
    assert failed.stderr == "error: unknown person 'Nobody'\n"
