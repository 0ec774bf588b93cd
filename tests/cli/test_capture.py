"""Capture end to end through the CLI on SQLite and PostgreSQL: extract, log --extract with
the review (accept, edit, reject), the agreed rhythm, and the recap for the customer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import Clock, assert_error, assert_usage_error, doc, rows
from tests.conftest import Cli

NOW = "2026-11-23T16:00:00+00:00"  # Monday 23 November 2026, 17:00 in Berlin
NOTES = """Call with Maria Lopez (Acme)

- Pilot went well; they may open an office in Austin at some point
- We already sent the NDA

Next steps
- Anna: send pricing sheet by Wednesday
- Maria to confirm headcount with HR before the 15th
- Procurement (Acme) to check terms by month end
- Decide on training dates for <Ops & Sales>

Let's touch base every other week, preferably by phone.
"""


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, NOW)
    cli("account", "add", "Acme Corp", "--country", "US")
    cli("person", "add", "Maria Lopez", "--account", "Acme Corp", "--tz", "America/New_York")
    return cli


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_extract_prints_the_contract(anna: Cli) -> None:
    text = "Maria: I'll send the signed order tomorrow.\nAnna: Great, I'll call you on Friday.\n"
    result = anna("extract", "--at", "2026-11-23T15:00", "--tz", "Europe/Berlin",
                  "--us", "Anna", "--them", "Maria", "--json", input=text)  # fmt: skip
    document = json.loads(result.stdout)
    assert document == {
        "commitments": [
            {"owner": "them", "who": "Maria", "what": "send signed order", "due": "2026-11-24",
             "agreed": True, "quote": "I'll send the signed order tomorrow."},
            {"owner": "us", "who": "Anna", "what": "call", "due": "2026-11-27", "agreed": False,
             "quote": "Great, I'll call you on Friday."},
        ],
        "cadence": None,
    }  # fmt: skip


def test_extract_counts_from_the_meeting_zone(anna: Cli) -> None:
    """00:30 on Wednesday in Berlin is still Tuesday in UTC: 'tomorrow' is Thursday."""
    text = "I'll send it tomorrow."
    result = anna("extract", "--at", "2026-11-25T00:30+01:00", "--tz", "Europe/Berlin", "--json",
                  input=text)  # fmt: skip
    assert json.loads(result.stdout)["commitments"][0]["due"] == "2026-11-26"
    # Without --tz, the acting user's zone (anna: Europe/Berlin) is the meeting's.
    result = anna("extract", "--at", "2026-11-24T23:30Z", "--json", input=text)
    assert json.loads(result.stdout)["commitments"][0]["due"] == "2026-11-26"


def test_extract_shows_a_table_without_json(anna: Cli, notes: Path) -> None:
    result = anna("extract", "--at", "2026-11-23T15:00", input=notes.read_text())
    assert "Proposed commitments" in result.stdout
    assert "pricing" in result.stdout and "headcount" in result.stdout
    assert "Rhythm: every 14 days, phone" in result.stdout


@pytest.mark.parametrize(
    "args, data, needles",
    [
        (["--lang", "fr"], "Bonjour", ["unsupported language 'fr'", "English (en)"]),
        ([], "Nous vous enverrons le devis avant vendredi et nous appellerons la semaine "
             "pour la suite.", ["look like French (fr)"]),
        (["--tz", "Mars/Olympus"], "hi", ["unknown time zone"]),
        (["--at", "next week"], "hi", ["invalid date 'next week'"]),
    ],
)  # fmt: skip
def test_extract_refuses_clearly(anna: Cli, args: list[str], data: str, needles: list[str]) -> None:
    assert_error(anna("extract", "--json", *args, input=data, ok=False), *needles)


def test_extract_refuses_binary_and_reads_empty(anna: Cli) -> None:
    result = anna("extract", "--json", input="\x00\x01PK\x03\x04", ok=False)
    assert_error(result, "stdin is binary")
    empty = anna("extract", "--json", input="")
    assert json.loads(empty.stdout) == {"commitments": [], "cadence": None}


def test_log_extract_yes_saves_everything(anna: Cli, notes: Path) -> None:
    document = doc(anna, "log", "Maria Lopez", "--at", "2026-11-23T15:00", "--notes",
                   str(notes), "--extract", "--yes")  # fmt: skip
    made = {c["what"]: c for c in document["commitments"]}
    assert set(made) == {"send pricing sheet", "confirm headcount with HR", "check terms",
                         "decide on training dates for <Ops & Sales>"}  # fmt: skip
    # "By Wednesday" is the end of Wednesday where Maria is (New York).
    assert made["send pricing sheet"]["due"] == "2026-11-26T04:59:59+00:00"
    assert made["send pricing sheet"]["owner"] == "us"
    assert made["check terms"]["owner"] == "them"
    # No date in the notes: due a week after the meeting, and said so.
    undated = "decide on training dates for <Ops & Sales>"
    assert made[undated]["due"] == "2026-12-01T04:59:59+00:00"
    assert document["dated_by_default"] == [undated]
    assert document["agreement"] == {"every_days": 14, "min_gap_days": None, "channel": "phone",
                                     "agreed_by": "Maria Lopez",
                                     "agreed_on": "2026-11-23T16:00:00+00:00"}  # fmt: skip
    timeline = doc(anna, "timeline", "Maria Lopez")["entries"]
    [meeting] = [e for e in timeline if e["event"] == "interaction"]
    assert meeting["notes"] == NOTES
    person = doc(anna, "person", "show", "Maria Lopez")
    assert len(person["commitments"]) == 4
    assert person["agreement"]["every_days"] == 14


def test_log_extract_review_accepts_edits_and_rejects(anna: Cli, notes: Path) -> None:
    # 1 accept; 2 edit (new what, owner kept, a due written as a phrase); 3 reject;
    # 4 accept; rhythm refused.
    answers = "a\ne\nconfirm headcount and budget\nthem\nnext Friday\nr\n\nn\n"
    result = anna("log", "Maria Lopez", "--at", "2026-11-23T15:00", "--notes", str(notes),
                  "--extract", input=answers)  # fmt: skip
    assert "Logged meeting #1 with 3 commitments;" in result.stdout
    assert "no date in the notes for 'decide on training dates for <Ops & Sales>'" in " ".join(
        result.stdout.split()
    )
    listed = doc(anna, "commit", "list", "Maria Lopez")["commitments"]
    assert sorted(c["what"] for c in listed) == [
        "confirm headcount and budget", "decide on training dates for <Ops & Sales>",
        "send pricing sheet",
    ]  # fmt: skip
    [edited] = [c for c in listed if c["what"] == "confirm headcount and budget"]
    assert (edited["owner"], edited["due"]) == ("them", "2026-12-05T04:59:59+00:00")
    assert doc(anna, "person", "show", "Maria Lopez")["agreement"] is None


def test_a_wrong_answer_is_asked_again(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("I'll send the deck tomorrow.\n")
    result = anna("log", "Maria Lopez", "--notes", str(path), "--extract",
                  input="maybe\ne\n\nsomeone\nus\nsometime\n2026-12-01\n")  # fmt: skip
    assert "answer a, e or r" in result.stderr
    assert "cannot tell which day 'sometime' is" in result.stderr
    [made] = doc(anna, "commit", "list", "Maria Lopez")["commitments"]
    assert (made["what"], made["owner"]) == ("send deck", "us")
    assert made["due"] == "2026-12-02T04:59:59+00:00"


def test_log_extract_from_stdin(anna: Cli, notes: Path) -> None:
    before = rows(anna.db_url)
    refused = anna("log", "Maria Lopez", "--notes", "-", "--extract", input=NOTES, ok=False)
    assert_error(refused, "add --yes")
    assert rows(anna.db_url) == before
    result = anna("log", "Maria Lopez", "--notes", "-", "--extract", "--yes", "--json",
                  input=NOTES)  # fmt: skip
    assert len(json.loads(result.stdout)["commitments"]) == 4


def test_inline_promises_are_kept_with_extract(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Maria will send the signed order tomorrow.\n")
    document = doc(anna, "log", "Maria Lopez", "--notes", str(path), "--extract", "--yes",
                   "--we", "send welcome pack by 2026-11-30")  # fmt: skip
    assert [c["what"] for c in document["commitments"]] == [
        "send welcome pack",
        "send signed order",
    ]


def test_log_extract_yes_logs_a_contact_that_comes_too_soon(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Maria will send the signed order tomorrow.\n")
    anna("agree", "Maria Lopez", "--every", "14d", "--min-gap", "7d")
    anna("log", "Maria Lopez", "--kind", "call")
    refused = anna("log", "Maria Lopez", "--notes", str(path), "--extract", input="a\n", ok=False)
    assert refused.exit_code == 1 and "too soon for Maria Lopez" in refused.stderr
    document = doc(anna, "log", "Maria Lopez", "--notes", str(path), "--extract", "--yes")
    assert [c["what"] for c in document["commitments"]] == ["send signed order"]


def test_log_extract_needs_notes(anna: Cli) -> None:
    assert_usage_error(anna("log", "Maria Lopez", "--extract", ok=False), "--notes")


def test_log_notes_stay_text_without_extract(anna: Cli) -> None:
    document = doc(anna, "log", "Maria Lopez", "--notes", "Discussed pricing for line 3")
    assert document["commitments"] == []
    [entry] = doc(anna, "timeline", "Maria Lopez")["entries"]
    assert entry["notes"] == "Discussed pricing for line 3"


def test_a_refused_language_writes_nothing(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text("Nous vous enverrons le devis avant vendredi et nous appellerons la "
                    "semaine pour la suite de notre projet.")  # fmt: skip
    before = rows(anna.db_url)
    result = anna("log", "Maria Lopez", "--notes", str(path), "--extract", "--yes", ok=False)
    assert_error(result, "look like French")
    assert rows(anna.db_url) == before


def test_recap_after_the_meeting(anna: Cli, notes: Path) -> None:
    anna("log", "Maria Lopez", "--at", "2026-11-23T15:00", "--notes", str(notes),
         "--extract", "--yes")  # fmt: skip
    text = anna("recap", "1").stdout
    assert text.startswith("Subject: Next steps after our meeting on Monday, November 23, 2026\n")
    assert "Hello Maria," in text
    ours = text.split("What we will do:")[1].split("What you will do:")[0]
    assert "- Send pricing sheet — by Wednesday, November 25, 2026" in ours
    theirs = text.split("What you will do:")[1]
    assert "- Check terms — by Monday, November 30, 2026 (Procurement)" in theirs
    assert "We will be in touch again on Monday, December 7, 2026 by phone." in text
    assert text.rstrip().endswith("Best regards,\nanna")
    html = anna("recap", "1", "--format", "html").stdout
    assert "Decide on training dates for &lt;Ops &amp; Sales&gt;" in html and "<Ops" not in html
    assert "<h3>What we will do</h3>" in html
    markdown = anna("recap", "1", "--format", "markdown").stdout
    assert "**What you will do**" in markdown and "for \\<Ops \\& Sales\\>" in markdown
    document = doc(anna, "recap", "1")
    assert document["subject"].startswith("Next steps after our meeting")
    assert (document["language"], document["locale"], document["format"]) == ("en", "en_US", "text")


def test_recap_in_german_for_a_german_customer(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    Clock(monkeypatch, NOW)
    cli("person", "add", "Hans Braun", "--country", "DE")
    cli("log", "Hans Braun", "--at", "2026-11-23T10:00", "--kind", "call", "--notes",
        "Herr Braun sendet uns die Stückliste bis Mittwoch. Wir telefonieren wieder am "
        "7. Dezember.", "--extract", "--yes")  # fmt: skip
    text = cli("recap", "1").stdout
    assert text.startswith("Subject: Nächste Schritte nach unserem Telefonat am Montag, "
                           "23. November 2026")  # fmt: skip
    assert "Guten Tag Hans Braun," in text
    assert "- Stückliste senden – bis Mittwoch, 25. November 2026" in text
    assert "Wir melden uns wieder am Montag, 7. Dezember 2026" in text
    assert "Viele Grüße" in text


def test_recap_of_an_unknown_interaction(anna: Cli) -> None:
    assert_error(anna("recap", "42", ok=False), "unknown interaction 42")
    assert_usage_error(anna("recap", "1", "--format", "pdf", ok=False), "pdf")
