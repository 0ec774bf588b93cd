"""The worst inputs found for each parser complete, with a result or a clear error. The sizes
are chosen so that a parser taking time quadratic in them (as several did: a run of dashes,
of blank lines, of abbreviations, of checkboxes, of date phrases) would take many minutes;
no test measures time."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.domain.intake import IntakeDefaults
from followup.extract import dates_de, dates_en, extract
from followup.extract.dates import DateGrammar, find_all
from followup.services.intake_files import MAX_FILE_BYTES, Source, understood_items
from tests.cli.helpers import assert_error, rows
from tests.conftest import Cli

TZ = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 23, 10, tzinfo=TZ)


@pytest.mark.parametrize(
    ("note", "promises"),  # at least that many; none where it says 0
    [
        ("-" * 300_000, 0),  # 20,000 took 19 s, 40,000 took 74 s: quadratic
        ("\n" * 300_000, 0),  # every line looked ahead for the next one that was not blank
        ("\n\n" * 150_000, 0),
        ("e.g. " * 60_000, 0),  # every abbreviation searched the sentence so far again
        ("Mr. " * 75_000, 0),
        ("- [ ] " * 50_000, 1),  # every clause searched the whole line for "agreed"
        ("I will send it next Friday. " * 10_000, 1),  # (repeats are merged)
        ("owner: " * 40_000, 0),
        ("a" * 300_000, 0),
        (" " * 300_000, 0),
    ],
    ids=lambda value: repr(value[:12]) if isinstance(value, str) else str(value),
)
def test_long_runs_in_notes_are_read_in_linear_time(note: str, promises: int) -> None:
    found = extract(note, AT, TZ, ["Anna"], ["Maria"], "en")
    assert len(found.commitments) >= promises and (promises or not found.commitments)


@pytest.mark.parametrize(
    ("phrase", "grammar"),
    [
        ("Q1 ", dates_en.grammar()),
        ("next Friday ", dates_en.grammar()),
        ("in 2 weeks ", dates_en.grammar()),
        ("12/31 ", dates_en.grammar()),
        ("übermorgen ", dates_de.grammar()),
        ("bis Ende KW 3 ", dates_de.grammar()),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_many_date_phrases_are_resolved_in_linear_time(phrase: str, grammar: DateGrammar) -> None:
    """Each phrase was compared with every phrase taken before it."""
    found = find_all(phrase * 60_000, date(2026, 11, 23), grammar)
    assert len(found) >= 60_000


def card(body: bytes) -> bytes:
    return b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A B\r\n" + body + b"END:VCARD\r\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("folded.vcf", card(b"NOTE:a" + b"\r\n b" * 1_000_000 + b"\r\n")),
        ("long.vcf", card(b"NOTE:" + b"a" * 5_000_000 + b"\r\n")),
        ("soft.vcf", card(b"NOTE;ENCODING=QUOTED-PRINTABLE:" + b"a=\r\n\r\n" * 500_000 + b"\r\n")),
        ("params.vcf", card(b"TEL" + b";TYPE=a" * 500_000 + b":+49 151 2345678\r\n")),
        ("quoted.vcf", card(b'X-A;P="' + b'\\"' * 1_000_000 + b'":v\r\n')),
        ("parts.vcf", card(b"ADR:" + b"x;" * 500_000 + b"\r\n")),
        ("emails.vcf", card(b"".join(b"EMAIL:p%d@x.test\r\n" % i for i in range(50_000)))),
        ("begin.vcf", b"BEGIN:VCARD\r\n" * 100_000),
        ("quotes.csv", b'Name,Email\n"' + b'""' * 1_000_000 + b'",a@b.test\n'),
        ("columns.csv", b",".join(b"c%d" % i for i in range(200_000)) + b"\nx,a@b.test\n"),
        ("separators.csv", b";,\t|" * 500_000),
        ("open.csv", b'Name,Email\n"' + b"a,b\n" * 500_000),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_pathological_contact_files_are_read(name: str, data: bytes) -> None:
    defaults = IntakeDefaults("DE", "Europe/Berlin")
    _format, _total, items = understood_items(Source(name, data), None, {}, defaults, "")
    assert list(items)  # cards, or the problems that say why not


def test_an_absurd_file_is_refused_before_it_is_read(cli: Cli, tmp_path: Path) -> None:
    """200 MB on one line: refused from its size (the file is sparse: nothing is written,
    and nothing could be read in a test's time if it were read)."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.truncate(200 * 2**20)
    before = rows(cli.db_url)
    result = cli("import", str(path), ok=False)
    assert_error(result, "huge.csv holds more than 100 MiB (200 MiB)", "split it")
    assert rows(cli.db_url) == before


def test_standard_input_is_read_no_further_than_the_limit(cli: Cli) -> None:
    result = cli("import", "-", input="x" * (MAX_FILE_BYTES + 1), ok=False)
    assert_error(result, "standard input holds more than 100 MiB, the most followup imports")


def test_a_file_just_within_the_limit_is_read(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "card.vcf"
    path.write_bytes(card(b"NOTE:" + b"a" * (MAX_FILE_BYTES - 100) + b"\r\n"))
    assert os.path.getsize(path) <= MAX_FILE_BYTES
    document = cli.json("import", str(path), "--dry-run")
    assert isinstance(document, dict) and document["created"] == 1
