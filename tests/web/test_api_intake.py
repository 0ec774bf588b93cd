"""Contact files through the REST API on a real server over SQLite and PostgreSQL: a
multipart import of several real files (ours in tests/data/intake and the shared real
exports, read where they are), its report, the upload limit, the export formats and
filters, the status codes, and a viewer refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from followup.api.app import create_app
from followup.domain.errors import InvalidInput
from followup.domain.model import Role
from followup.services import access, team
from followup.services.workspace import Workspace
from followup.settings import Settings, load_settings
from tests.conftest import Cli, missing
from tests.web.conftest import PASSWORD, Served, workspace_rows
from tests.web.server import serving
from tests.web.test_api import error_of

DATA = Path(__file__).resolve().parent.parent / "data" / "intake"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
CARDS = ["rfc6350_v40.vcf", "broken_records.vcf", "docomo_v21_shift_jis.vcf"]
LISTS = ["google_contacts.csv", "outlook_de.csv"]

Upload = tuple[str, tuple[str, bytes, str]]


def uploads(*paths: Path) -> list[Upload]:
    """The files as a multipart form's `files` fields (read from where they are)."""
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def ours(*names: str) -> list[Path]:
    return [DATA / name for name in names]


def import_report(api: httpx.Client, files: list[Upload], **form: Any) -> dict[str, Any]:
    answer = api.post("/api/import", files=files, data=form)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def without_ids(report: dict[str, Any]) -> dict[str, Any]:
    """A dry run's report without the ids it would give (a PostgreSQL sequence moves on
    even in a transaction rolled back)."""
    records = [{**r, "person": r["person"]["name"]} for r in report["records"]]
    return {**report, "records": records}


def test_an_upload_of_cards_and_lists_is_the_import_the_cli_makes(served: Served) -> None:
    paths = ours(*CARDS, *LISTS)
    cli = Cli(served.db_url, "mia")
    with served.api("mia") as api:
        dry = import_report(api, uploads(*paths), event="Expo", dry_run="true")
        printed = cli.json("import", *map(str, paths), "--event", "Expo", "--dry-run")
        assert without_ids(dry) == without_ids(printed) and dry["dry_run"] and dry["records"]
        assert workspace_rows(served.db_url)["people"] == []
        report = import_report(api, uploads(*paths), event="  Expo  ", triage="meet")
        assert report["created"] == dry["created"] > 0 and not report["dry_run"]
        assert [f["file"] for f in report["files"]] == [p.name for p in paths]
        skipped = [(e["file"], e["record"], e["line"]) for e in report["errors"] if e["skipped"]]
        assert skipped == [("broken_records.vcf", 3, 14)]
        listed = api.get("/api/people", params={"event": "Expo", "limit": 500}).json()
        assert listed["total"] == report["created"]
        assert {p["owner"] for p in listed["people"]} == {"mia"}
        again = import_report(api, uploads(*paths), event="Expo", triage="meet")
        assert again["created"] == 0 and again["unchanged"] + again["merged"] == report["created"]


def test_a_generic_csv_is_mapped_column_by_column(served: Served) -> None:
    columns = ["Kontakt=name", "Mailadresse=email", "Rufnummer=phone", "Arbeitgeber=company"]
    with served.api("mia") as api:
        refused = api.post("/api/import", files=uploads(*ours("custom_columns.csv")))
        assert "first row: 'Kontakt'" in error_of(refused, 422, "invalid")["message"]
        report = import_report(api, uploads(*ours("custom_columns.csv")), map=columns,
                               stage="customer", country="AT")  # fmt: skip
        assert report["created"] == 1
        (eva,) = api.get("/api/people", params={"q": "Eva Kern"}).json()["people"]
        assert eva["emails"] == ["eva.kern@example.at"] and eva["account"] == "Kern Bau"
        assert eva["stage"] == "customer"


def test_real_exports_of_other_clients_import_in_one_upload(served: Served) -> None:
    if not (SHARED / "vcards").is_dir():
        missing(f"no real exports at {SHARED} (the shared test data sits beside the project)")
    paths = sorted(p for p in (SHARED / "vcards").iterdir() if p.suffix == ".vcf")
    paths += sorted(p for p in (SHARED / "csv").iterdir() if p.suffix == ".csv")
    with served.api("mia") as api:
        report = import_report(api, uploads(*paths), event="Real exports")
    assert [f["file"] for f in report["files"]] == [p.name for p in paths]
    assert all(f["created"] + f["merged"] + f["unchanged"] >= 1 for f in report["files"])
    broken = {e["file"] for e in report["errors"] if e["record"] >= 1 and e["line"] >= 1}
    assert {p.name for p in paths if "MALFORMED" in p.name} <= broken


def test_bad_imports_are_422_and_write_nothing(served: Served) -> None:
    before = workspace_rows(served.db_url)
    with served.api("mia") as api:
        error = error_of(api.post("/api/import", data={"event": "x"}), 422, "invalid")
        assert "body.files" in error["fields"]
        binary = api.post("/api/import", files=uploads(*ours("binary.vcf")))
        assert "nothing imported" in error_of(binary, 422, "invalid")["message"]
        empty = api.post("/api/import", files=uploads(*ours("empty.vcf")))
        error_of(empty, 422, "invalid")
        cards = uploads(*ours("rfc6350_v40.vcf"))
        for form, needle in [
            ({"map": "nonsense"}, "write COLUMN=FIELD"),
            ({"format": "xls"}, "unknown format 'xls'"),
            ({"country": "Atlantis"}, "unknown country 'Atlantis'"),
            ({"triage": "later"}, "triage"),
            ({"stage": "boss"}, "stage"),
        ]:
            answer = api.post("/api/import", files=cards, data=form)
            assert needle in error_of(answer, 422, "invalid")["message"], form
        error_of(api.post("/api/import", files=cards, data={"owner": "nobody"}), 404, "not_found")
    assert workspace_rows(served.db_url) == before


def long_card(size: int) -> list[Upload]:
    """One card whose note makes the file `size` bytes or a little more."""
    note = "word " * (size // 5)
    card = f"BEGIN:VCARD\nVERSION:3.0\nFN:Long Talker\nNOTE:{note}\nEND:VCARD\n".encode()
    return [("files", ("long.vcf", card, "text/vcard"))]


def test_imports_take_more_than_the_2_mib_of_other_requests(served: Served) -> None:
    with served.api("mia") as api:
        report = import_report(api, long_card(3 * 2**20))
        assert report["created"] == 1 and "kept the first 100,000" in report["errors"][0]["error"]
        refused = api.post("/api/import", files=long_card(21 * 2**20))
        assert "20 MiB" in error_of(refused, 413, "too_large")["message"]
        big = json.dumps({"name": "x" * (3 * 2**20)})
        error_of(api.post("/api/people", content=big, headers={"content-type": "application/json"}),
                 413, "too_large")  # fmt: skip


@pytest.fixture
def small_uploads(db_url: str) -> Iterator[tuple[str, str]]:
    """A server whose import limit is set to 1 MiB; its URL and a member's token."""
    ws, now = Workspace.open(db_url), datetime.now(UTC)
    team.add_member(ws, "mia", "UTC", now, None, Role.MEMBER, PASSWORD)
    token = access.add_token(ws, "mia", "tests", now)["token"]
    ws.engine.dispose()
    app = create_app(Settings(db=db_url, max_upload_mib=1))
    with serving(app) as url:
        yield url, token
    app.state.followup.workspace.engine.dispose()


def test_the_import_limit_is_a_setting(
    small_uploads: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, token = small_uploads
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as api:
        small = api.post("/api/import", files=long_card(2**19))
        assert small.status_code == 200, small.text
        error_of(api.post("/api/import", files=long_card(2**20 + 2**18)), 413, "too_large")
    monkeypatch.setenv("FOLLOWUP_MAX_UPLOAD_MIB", "0")
    with pytest.raises(InvalidInput, match="max_upload_mib"):
        load_settings()
    monkeypatch.setenv("FOLLOWUP_MAX_UPLOAD_MIB", "50")
    assert load_settings().max_upload_mib == 50


def test_exports_in_each_format_with_the_cli_filters(served: Served) -> None:
    cli = Cli(served.db_url, "mia")
    with served.api("mia") as api:
        import_report(api, uploads(*ours("rfc6350_v40.vcf")), event="Web Summit")
        import_report(api, uploads(*ours("google_contacts.csv")), event="Expo", stage="customer")
        for fmt, media, version in [("vcf", "text/vcard", "4.0"), ("vcf3", "text/vcard", "3.0"),
                                    ("csv", "text/csv", None)]:  # fmt: skip
            answer = api.get("/api/export", params={"format": fmt, "event": "Web Summit"})
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"].startswith(media)
            assert answer.headers["content-disposition"].startswith("attachment")
            printed = cli("export", "--format", fmt[:3], "--vcard-version", version or "4.0",
                          "--filter", "event=Web Summit").stdout  # fmt: skip
            assert answer.text.replace("\r\n", "\n") == printed  # the runner reads text
            if version:
                assert f"VERSION:{version}" in answer.text and "Priya" not in answer.text
        customers = api.get("/api/export", params={"format": "csv", "stage": "customer"}).text
        assert "Priya" in customers and "mjgarcia" not in customers
        error_of(api.get("/api/export", params={"format": "xls"}), 422, "invalid")
        error_of(api.get("/api/export"), 422, "invalid")
        error_of(api.get("/api/export", params={"format": "vcf", "stage": "boss"}), 422,
                 "invalid")  # fmt: skip
        error_of(api.get("/api/export", params={"format": "vcf", "account": "Nobody"}), 404,
                 "not_found")  # fmt: skip


def test_a_viewer_exports_and_imports_nothing(served: Served) -> None:
    with served.api("mia") as api:
        import_report(api, uploads(*ours("rfc6350_v40.vcf")))
    before = workspace_rows(served.db_url)
    with served.api("vic") as vic:
        assert "BEGIN:VCARD" in vic.get("/api/export", params={"format": "vcf"}).text
        refused = vic.post("/api/import", files=uploads(*ours("google_contacts.csv")))
        assert "viewer" in error_of(refused, 403, "forbidden")["message"]
        dry = vic.post("/api/import", files=uploads(*ours("google_contacts.csv")),
                       data={"dry_run": "true"})  # fmt: skip
        error_of(dry, 403, "forbidden")
    assert workspace_rows(served.db_url) == before
