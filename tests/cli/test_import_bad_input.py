"""Bad input to `followup import`: a clear line per problem with its record and line, the
good records kept, exit code 1 only when nothing at all could be imported, and then
nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import assert_error, assert_usage_error, doc, rows
from tests.conftest import Cli

DATA = Path(__file__).parent.parent / "data" / "intake"


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("empty.vcf", ("empty.vcf", "the file is empty")),
        ("binary.vcf", ("binary.vcf", "binary data, not a contact file")),
        ("no_recognisable_header.csv", ("no recognisable header", "--map COLUMN=FIELD")),
        ("custom_columns.csv", ("first row: 'Kontakt'",)),
    ],
)
def test_a_file_with_nothing_importable_fails_and_writes_nothing(
    cli: Cli, name: str, needles: tuple[str, ...]
) -> None:
    before = rows(cli.db_url)
    assert_error(cli("import", str(DATA / name), "--json", ok=False), "nothing imported", *needles)
    assert rows(cli.db_url) == before


def test_one_bad_file_among_good_ones_is_reported_and_the_rest_imported(cli: Cli) -> None:
    report = doc(cli, "import", str(DATA / "empty.vcf"), str(DATA / "no_header.csv"))
    assert report["created"] == 2
    assert {(e["file"], e["error"], e["skipped"]) for e in report["errors"]} >= {
        ("empty.vcf", "the file is empty", True)
    }


def test_malformed_records_are_reported_with_record_line_and_what(cli: Cli) -> None:
    report = doc(cli, "import", str(DATA / "broken_records.vcf"))
    found = {(e["record"], e["line"]): e["error"] for e in report["errors"]}
    assert "invalid email address 'bob@@example'" in found[(4, 21)]
    assert "birthday '2023-02-30' is not a date" in found[(4, 23)]
    assert "no name, email or phone" in found[(3, 14)]
    bob = doc(cli, "person", "show", "Bob Stone")
    assert bob["emails"] == ["bob.stone@example.com"] and bob["birthday"] is None
    assert "email: bob@@example" in bob["notes"] and "birthday: 2023-02-30" in bob["notes"]


def test_ten_megabytes_of_notes_are_cut_not_fatal(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.vcf"
    note = "word " * 2_100_000
    big.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:Long Talker\nNOTE:{note}\nEND:VCARD\n")
    report = doc(cli, "import", str(big))
    assert report["created"] == 1
    (error,) = report["errors"]
    assert "kept the first 100,000" in error["error"] and not error["skipped"]
    assert len(doc(cli, "person", "show", "Long Talker")["notes"]) == 100_000


def test_a_wrong_encoding_is_read_as_well_as_it_can_be_and_said(cli: Cli, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.vcf"
    wrong.write_bytes(b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8:M\xfcller;Eva\nEND:VCARD\n")
    report = doc(cli, "import", str(wrong))
    assert report["created"] == 1 and "not valid UTF-8" in report["errors"][0]["error"]
    assert doc(cli, "person", "show", "Eva Müller")["family_name"] == "Müller"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("missing.vcf",), ("cannot read", "missing.vcf: No such file")),
        (("--map", "nonsense", "x.csv"), ("map 'nonsense': write COLUMN=FIELD",)),
        (("--format", "xls", "x.csv"), ("unknown format 'xls'",)),
        (("--country", "Atlantis", "x.csv"), ("unknown country 'Atlantis'",)),
        (("--owner", "nobody", "x.csv"), ("unknown user 'nobody'",)),
    ],
)
def test_bad_options(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    (tmp_path / "x.csv").write_text("Name,Email\nA,a@b.example\n")
    paths = [str(tmp_path / a) if a.endswith((".csv", ".vcf")) else a for a in args]
    before = rows(cli.db_url)
    assert_error(cli("import", *paths, ok=False), *needles)
    assert rows(cli.db_url) == before


def test_an_unknown_triage_is_a_usage_error(cli: Cli) -> None:
    assert_usage_error(cli("import", str(DATA / "no_header.csv"), "--triage", "later", ok=False))


def test_an_unknown_map_field_or_column(cli: Cli) -> None:
    path = str(DATA / "custom_columns.csv")
    assert_error(cli("import", path, "--map", "Kontakt=shoe", ok=False), "unknown field 'shoe'")
    assert_error(cli("import", path, "--map", "Nope=name", ok=False), "no column 'Nope'")
    too_far = cli("import", path, "--map", "99999999999=email", ok=False)
    assert_error(too_far, "no column '99999999999' in the file (4 columns)")
