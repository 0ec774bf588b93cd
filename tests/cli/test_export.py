"""`followup export`: vCard 4.0, vCard 3.0 (Apple, Google) and Google CSV that re-import to
the same people, in a fresh workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup.domain.cards import Card
from followup.formats.vcard import read_vcards
from tests.cli.helpers import assert_error, doc
from tests.conftest import Cli

DATA = Path(__file__).parent.parent / "data" / "intake"
FIXTURES = [
    "outlook_de_v21_cp1252.vcf", "docomo_v21_shift_jis.vcf", "google_v30_utf16le_bom.vcf",
    "iphone_v30_crcrlf.vcf", "rfc6350_v40.vcf", "broken_records.vcf", "google_contacts.csv",
    "outlook_de.csv", "outlook_en.csv", "linkedin_connections.csv", "thunderbird.csv",
]  # fmt: skip
SAME = (
    "name given_name family_name middle_name name_prefix name_suffix phonetic_given "
    "phonetic_family nickname account title department emails phones urls birthday country "
    "timezone source stage notes"
).split()


def everyone(cli: Cli) -> dict[str, dict[str, Any]]:
    listed = doc(cli, "person", "list")["people"]
    return {p["name"]: doc(cli, "person", "show", str(p["id"])) for p in listed}


@pytest.mark.parametrize(
    ("file_format", "version"), [("vcf", "4.0"), ("vcf", "3.0"), ("csv", "4.0")]
)
def test_an_export_reimports_to_the_same_people(
    cli: Cli, fresh_db_url: str, tmp_path: Path, file_format: str, version: str
) -> None:
    doc(cli, "import", *[str(DATA / name) for name in FIXTURES], "--event", "Expo 2026")
    out = tmp_path / f"people.{file_format}"
    cli("export", "--format", file_format, "--vcard-version", version, "--output", str(out))
    other = Cli(fresh_db_url)
    other("init", "--tz", "Europe/Berlin")
    report = doc(other, "import", str(out))
    original, again = everyone(cli), everyone(other)
    assert report["errors"] == [] and report["created"] == len(original)
    assert set(again) == set(original)
    for name, person in original.items():
        for field in SAME:
            assert again[name][field] == person[field], (name, field)
        if person["addresses"]:
            assert again[name]["addresses"] == person["addresses"], name


def test_vcard_30_for_apple_and_google(cli: Cli, tmp_path: Path) -> None:
    doc(cli, "import", str(DATA / "iphone_v30_crcrlf.vcf"), str(DATA / "rfc6350_v40.vcf"))
    out = tmp_path / "apple.vcf"
    cli("export", "--format", "vcf", "--vcard-version", "3.0", "-o", str(out))
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 3 and "VERSION:3.0\r\n" in text
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-21\r\n" in text
    assert "EMAIL;TYPE=INTERNET:siobhan@harbour.example.ie\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = [c for c in read_vcards(text.encode()) if isinstance(c, Card)]
    assert [c.full_name for c in cards] == [
        "Dr. María José García-López", "Jake Miller", "Siobhan O'Brien",
    ]  # fmt: skip


def test_filters(cli: Cli) -> None:
    doc(cli, "import", str(DATA / "linkedin_connections.csv"), "--event", "LinkedIn")
    doc(cli, "import", str(DATA / "rfc6350_v40.vcf"), "--event", "Web Summit", "--triage", "meet")
    only = cli("export", "--format", "vcf", "--filter", "event=Web Summit").stdout
    assert only.count("BEGIN:VCARD") == 2 and "Lars Berg" not in only
    met = cli(
        "export", "--format", "csv", "--filter", "triage=meet", "--filter", "country=ES"
    ).stdout
    assert len(met.strip().splitlines()) == 4 and "García-López" in met  # an address on 3 lines
    assert (
        cli("export", "--format", "vcf", "--filter", "account=Nordic Steel AB").stdout.count(
            "BEGIN:VCARD"
        )
        == 1
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--format", "xls"), "unknown export format 'xls'"),
        (("--format", "vcf", "--vcard-version", "2.1"), "unknown vCard version '2.1'"),
        (("--format", "vcf", "--filter", "shoe=9"), "unknown filter 'shoe'"),
        (("--format", "vcf", "--filter", "stage=boss"), "invalid stage 'boss'"),
        (("--format", "vcf", "--filter", "nonsense"), "write KEY=VALUE"),
    ],
)
def test_bad_export_options(cli: Cli, args: tuple[str, ...], needle: str) -> None:
    assert_error(cli("export", *args, ok=False), needle)
