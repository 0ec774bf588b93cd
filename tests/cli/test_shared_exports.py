"""Real exports from other clients (../shared/testdata, never copied here): every file
imports; the ones broken on purpose (MALFORMED, INVALID) fail only for the broken record,
with a clear error saying where."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import doc
from tests.conftest import Cli, missing

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
FOLDERS = ("vcards", "csv")


def exports() -> list[str]:
    names = []
    for folder in FOLDERS:
        if (SHARED / folder).is_dir():
            names += [
                f"{folder}/{p.name}"
                for p in sorted((SHARED / folder).iterdir())
                if p.suffix.lower() in (".vcf", ".csv")
            ]
    return names or ["(none)"]


@pytest.mark.parametrize("name", exports())
def test_every_real_export_imports(cli: Cli, name: str) -> None:
    if not (SHARED / name).is_file():
        missing(f"no real exports at {SHARED} (the shared test data sits beside the project)")
    report = doc(cli, "import", str(SHARED / name), "--event", "Real exports")
    assert report["created"] + report["merged"] >= 1, report
    for error in report["errors"]:
        assert error["error"] and isinstance(error["line"], int), error
    if "MALFORMED" in name or "INVALID" in name:
        broken = [e for e in report["errors"] if e["record"] >= 1 and e["line"] >= 1]
        assert broken, f"no error names the broken record: {report['errors']}"
    listed = doc(cli, "person", "list", "--event", "Real exports")["people"]
    assert len(listed) == report["created"]
    assert all(p["name"].strip() for p in listed)


def test_the_japanese_phone_keeps_family_first_and_its_reading(cli: Cli) -> None:
    path = SHARED / "vcards" / "aosp__v40_sort_as.vcf"
    if not path.is_file():
        missing(f"no real exports at {SHARED}")
    doc(cli, "import", str(path))
    (person,) = doc(cli, "person", "list")["people"]
    shown = doc(cli, "person", "show", str(person["id"]))
    assert (shown["family_name"], shown["given_name"]) == ("安藤", "ロイド")
    assert (shown["phonetic_family"], shown["phonetic_given"]) == ("あんどう", "ろいど")
    assert shown["name"] == "安藤 ロイド" and shown["account"] == "グーグル"


def test_german_windows_1252_and_utf16_exports_keep_their_umlauts(cli: Cli) -> None:
    names = [
        "folkerkinzel__german_v21_cp1252_8bit.vcf",
        "folkerkinzel__google_contacts_v30_utf16le_bom.vcf",
    ]
    if not all((SHARED / "vcards" / n).is_file() for n in names):
        missing(f"no real exports at {SHARED}")
    doc(cli, "import", *[str(SHARED / "vcards" / n) for n in names])
    listed = {p["name"] for p in doc(cli, "person", "list")["people"]}
    assert {"Sören Täve Nüßlebaum", "Folker Kinzel", "KMS Außenstelle"} <= listed
