"""`followup import` end to end on SQLite and PostgreSQL: the JSON contract, triage and the
agenda, de-duplication and merging, re-imports and dry runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import Clock, agenda, doc, rows
from tests.conftest import Cli

DATA = Path(__file__).parent.parent / "data" / "intake"
MONDAY = "2026-11-23T08:00:00+00:00"  # Monday 23 November 2026, 09:00 in Berlin


def imported(cli: Cli, *args: str) -> dict[str, Any]:
    return doc(cli, "import", *args)


def people(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in doc(cli, "person", "list", *args)["people"]}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, MONDAY)


def test_the_json_contract(cli: Cli, clock: Clock) -> None:
    report = imported(cli, str(DATA / "rfc6350_v40.vcf"), str(DATA / "broken_records.vcf"))
    assert {"created", "merged", "unchanged", "errors"} <= report.keys()
    assert (report["created"], report["merged"], report["unchanged"]) == (8, 0, 0)
    for error in report["errors"]:
        assert isinstance(error["record"], int) and isinstance(error["line"], int)
        assert isinstance(error["error"], str) and error["error"]
    skipped = [e for e in report["errors"] if e["skipped"]]
    assert [(e["file"], e["record"], e["line"]) for e in skipped] == [("broken_records.vcf", 3, 14)]


def test_reimporting_the_same_file_creates_nothing_and_writes_nothing(
    cli: Cli, clock: Clock
) -> None:
    files = [str(DATA / n) for n in ("google_contacts.csv", "docomo_v21_shift_jis.vcf")]
    first = imported(cli, *files, "--event", "Expo")
    before = rows(cli.db_url)
    again = imported(cli, *files, "--event", "Expo")
    assert (first["created"], again["created"], again["merged"], again["unchanged"]) == (4, 0, 0, 4)
    assert rows(cli.db_url) == before


def test_a_dry_run_shows_what_would_happen_and_writes_nothing(cli: Cli, clock: Clock) -> None:
    cli("person", "add", "Priya Sharma", "--email", "priya.sharma@tata.example.in")
    before = rows(cli.db_url)
    report = imported(cli, str(DATA / "google_contacts.csv"), "--dry-run")
    assert rows(cli.db_url) == before
    assert report["dry_run"] and (report["created"], report["merged"]) == (1, 1)
    actions = {r["person"]["name"]: (r["action"], r["matched_by"]) for r in report["records"]}
    assert actions == {"Priya Sharma": ("merged", "email"), "Kenji Tanaka": ("created", None)}
    human = cli("import", str(DATA / "google_contacts.csv"), "--dry-run").stdout
    assert "nothing written" in human and "Kenji Tanaka" in human


def test_meet_puts_a_first_follow_up_on_the_agenda_within_two_working_days(
    cli: Cli, clock: Clock
) -> None:
    imported(cli, str(DATA / "rfc6350_v40.vcf"), "--event", "Web Summit", "--triage", "meet")
    maria = doc(cli, "person", "show", "mjgarcia@iberica.example.es")
    (promise,) = maria["commitments"]
    assert (promise["what"], promise["owner"], promise["status"], promise["point"]) == (
        "arrange a meeting",
        "us",
        "open",
        "first_meeting",
    )
    # the end of Wednesday, the second working day, in Madrid; in San Francisco for Jake
    assert promise["due"] == "2026-11-25T22:59:59+00:00"
    jake = doc(cli, "person", "show", "jake@miller-ventures.example.com")
    assert jake["commitments"][0]["due"] == "2026-11-26T07:59:59+00:00"
    assert (maria["source"], maria["triage"]) == ("Web Summit", "meet")
    assert agenda(cli, "2026-11-23T20:00") == []
    items = agenda(cli, "2026-11-25T09:00")
    assert {i["person"]["name"] for i in items} == {"Dr. María José García-López"}
    (item,) = items
    assert item["kind"] == "our_commitment"
    assert "met at Web Summit — arrange a meeting" in item["reason"]
    assert "propose" in item["suggestion"]
    done = doc(cli, "commit", "done", str(promise["id"]))
    assert done["status"] == "done"


def test_filed_cards_get_no_follow_up(cli: Cli, clock: Clock) -> None:
    imported(cli, str(DATA / "linkedin_connections.csv"), "--event", "LinkedIn")
    listed = people(cli, "--event", "LinkedIn")
    assert set(listed) == {"Fatima Haddad", "Lars Berg"}
    assert all(p["next_due_at"] is None for p in listed.values())
    assert agenda(cli, "2027-06-01T09:00") == []


def test_a_known_person_is_merged_keeping_every_value_and_reporting_conflicts(
    cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    cli(
        "person",
        "add",
        "Jürgen Müller",
        "--email",
        "j.mueller@grosshandel-sued.example",
        "--phone",
        "+49 89 1234567",
        "--notes",
        "Met in Munich.",
    )
    other = tmp_path / "other.vcf"
    other.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jürgen Müller\nTITLE:Prokurist\n"
        "EMAIL:J.Mueller@grosshandel-sued.example\nEND:VCARD\n",
        encoding="utf-8",
    )
    first = imported(cli, str(other))
    assert (first["merged"], first["created"], first["conflicts"]) == (1, 0, [])
    report = imported(cli, str(DATA / "outlook_de_v21_cp1252.vcf"), "--event", "Messe")
    assert (report["created"], report["merged"]) == (0, 1)
    (conflict,) = report["conflicts"]
    assert (conflict["field"], conflict["kept"], conflict["offered"]) == (
        "title",
        "Prokurist",
        "Geschäftsführer",
    )
    person = doc(cli, "person", "show", "Jürgen Müller")
    assert person["title"] == "Prokurist" and person["source"] == "Messe"
    assert person["phones"] == ["+49891234567", "+491719876543", "+49891234568"]
    assert (
        person["account"] == "Großhandel Süd GmbH" and person["department"] == "Vertrieb / Export"
    )
    assert person["notes"].startswith("Met in Munich.")
    assert "Mag Fußball" in person["notes"] and "title 'Geschäftsführer'" in person["notes"]


def test_duplicates_inside_one_file_become_one_person(
    cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    twice = tmp_path / "twice.vcf"
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Omar Haddad\nORG:Gulf Co\nTEL:+971 4 123 4567\nEND:VCARD\n"
    extra = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Omar Hadad\nORG:Gulf Co\nEMAIL:omar@gulf.example\nEND:VCARD\n"
    )
    twice.write_text(card + card + extra, encoding="utf-8")
    report = imported(cli, str(twice))
    assert (report["created"], report["unchanged"], report["merged"]) == (1, 1, 1)
    (omar,) = people(cli).values()
    assert (omar["emails"], omar["phones"]) == (["omar@gulf.example"], ["+97141234567"])


def test_owner_and_stage(cli: Cli, clock: Clock) -> None:
    cli("user", "add", "bob", "--tz", "America/New_York")
    imported(cli, str(DATA / "outlook_en.csv"), "--owner", "bob", "--stage", "prospect")
    tom = doc(cli, "person", "show", "Tom Baker")
    assert (tom["owner"], tom["stage"]) == ("bob", "prospect")
    assert (tom["name_prefix"], tom["birthday"], tom["timezone"]) == (
        "Mr.",
        "1980-03-21",
        "America/Los_Angeles",
    )


def test_the_human_summary(cli: Cli, clock: Clock) -> None:
    out = cli("import", str(DATA / "broken_records.vcf"), str(DATA / "google_contacts.csv")).stdout
    assert "broken_records.vcf" in out and "google_contacts" in out
    assert "record 3 (line 14): no name, email or phone" in " ".join(out.split())


def test_a_filed_person_can_be_turned_into_one_to_meet(cli: Cli, clock: Clock) -> None:
    imported(cli, str(DATA / "linkedin_connections.csv"))
    assert doc(cli, "person", "show", "Lars Berg")["next_due_at"] is None
    edited = doc(cli, "person", "edit", "Lars Berg", "--triage", "meet")
    assert edited["triage"] == "meet" and edited["next_due_at"] is not None  # the lead rhythm
    again = imported(cli, str(DATA / "linkedin_connections.csv"), "--triage", "meet")
    assert again["merged"] == 2
    lars = doc(cli, "person", "show", "Lars Berg")
    assert [c["what"] for c in lars["commitments"]] == ["arrange a meeting"]


def test_standard_input_and_a_long_event(cli: Cli, clock: Clock) -> None:
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Piped Person\nEMAIL:pipe@example.org\nEND:VCARD\n"
    result = cli("import", "-", "--json", input=card)
    assert '"created": 1' in result.stdout
    long_event = cli("import", "-", "--event", "x" * 301, input=card, ok=False)
    assert long_event.exit_code == 1 and "event" in long_event.stderr


def test_the_progress_bar_waits_a_second_and_follows_each_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from followup.cli.intake import _Bar

    bar = _Bar(enabled=True)
    bar("a.vcf", 10, 100)
    assert bar.progress is None  # quick imports show no bar
    bar.started -= 1.5
    bar("a.vcf", 20, 100)
    bar("b.csv", 5, 50)
    assert bar.progress is not None and set(bar.tasks) == {"a.vcf", "b.csv"}
    task = bar.progress.tasks[0]
    assert (task.completed, task.total) == (20, 100)
    bar.close()
    assert capsys.readouterr().out == ""  # the bar never writes to stdout
