"""The import page over HTTP, on both databases: a dry run that writes nothing, the import
with its report (per-record problems with record and line), a CSV column map, the larger
upload limit of this one route and the page that says when a file is too large."""

from __future__ import annotations

from typing import Any

import pytest

from followup.api.app import create_app
from followup.domain.errors import InvalidInput
from followup.settings import Settings, load_settings
from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.server import serving

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hans Braun\r\nN:Braun;Hans;;;\r\n"
    "EMAIL:hans@braun.example\r\nORG:Braun Maschinenbau GmbH\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Schulz\r\nN:Schulz;Eva;;;\r\n"
    "TEL;TYPE=CELL:+49 170 1234567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"
)
CSV = "Nom complet;Handy;Firma\nJean Dupont;+33 6 12 34 56 78;Dupont SA\n"


def upload(*files: tuple[str, str | bytes]) -> list[tuple[str, tuple[str, Any, str]]]:
    return [("files", (name, body, "application/octet-stream")) for name, body in files]


def people_named(db_url: str) -> set[str]:
    return {p["name"] for p in doc(Cli(db_url, login="mia"), "person", "list")["people"]}


def test_a_dry_run_shows_each_record_and_writes_nothing(served: Served) -> None:
    mia = served.browser_session("mia")
    assert mia.post("/people", {"name": "Hans Braun", "email": "hans@braun.example"}).is_redirect
    before = workspace_rows(served.db_url)
    form = {"mode": "preview", "event": "Hannover Messe", "triage": "meet"}
    answer = mia.post("/import", form, files=upload(("cards.vcf", CARDS)))
    assert answer.status_code == 200, answer.text
    html = answer.text
    assert "Preview: what the import would do (nothing written)" in html
    assert '<td class="action">merged</td>' in html or '<td class="action">unchanged</td>' in html
    assert '<td class="action">created</td>' in html and "Eva Schulz" in html
    assert "<td>cards.vcf</td><td>3</td><td>14</td>" in html  # the empty card: record 3, line 14
    assert workspace_rows(served.db_url) == before


def test_the_import_reports_counts_and_each_problem_with_record_and_line(served: Served) -> None:
    mia = served.browser_session("mia")
    form = {"mode": "import", "event": "Hannover Messe", "owner": "anna", "stage": "prospect"}
    answer = mia.post(
        "/import",
        form,
        files=upload(("cards.vcf", CARDS), ("more.vcf", CARDS.replace("Eva", "Ute"))),
    )
    assert answer.status_code == 200, answer.text
    assert "Imported 4 records: 3 new, 0 merged, 1 unchanged." in answer.text
    assert answer.text.count("<td>3</td><td>14</td>") == 2  # the empty card of each file
    assert people_named(served.db_url) == {"Hans Braun", "Eva Schulz", "Ute Schulz"}
    eva = doc(Cli(served.db_url), "person", "list", "--event", "Hannover Messe")["people"]
    assert {p["owner"] for p in eva} == {"anna"} and {p["stage"] for p in eva} == {"prospect"}


def test_a_generic_csv_takes_a_column_map(served: Served) -> None:
    mia = served.browser_session("mia")
    bad = mia.post("/import", {"mapping": "Handy"}, files=upload(("list.csv", CSV)))
    assert bad.status_code == 422 and "write KEY=VALUE, e.g. Mobile=phone" in bad.text
    unknown = mia.post("/import", {"mapping": "Handy=pager"}, files=upload(("list.csv", CSV)))
    assert unknown.status_code == 422 and "pager" in unknown.text
    mapping = "Nom complet=name\nHandy=phone\nFirma=company"
    done = mia.post(
        "/import", {"mode": "import", "mapping": mapping}, files=upload(("list.csv", CSV))
    )
    assert done.status_code == 200 and "1 new" in done.text
    (jean,) = doc(Cli(served.db_url), "person", "list")["people"]
    assert jean["name"] == "Jean Dupont" and jean["account"] == "Dupont SA"


def test_nothing_to_import_is_said_on_the_page(served: Served) -> None:
    mia = served.browser_session("mia")
    before = workspace_rows(served.db_url)
    # What a browser sends when no file was chosen: a file part with an empty name.
    nothing = (
        f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{mia.csrf}\r\n'
        '--B\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n"
    )
    kind = {"content-type": "multipart/form-data; boundary=B"}
    empty = mia.client.post("/import", content=nothing.encode(), headers=kind)
    assert empty.status_code == 422 and "choose at least one vCard or CSV file" in empty.text
    binary = mia.post(
        "/import", {"mode": "import"}, files=upload(("photo.vcf", b"\x89PNG\x00\x01"))
    )
    assert binary.status_code == 422
    assert "nothing imported: photo.vcf: binary data" in binary.text
    assert workspace_rows(served.db_url) == before


def test_htmx_gets_the_report_alone(served: Served) -> None:
    mia = served.browser_session("mia")
    answer = mia.post(
        "/import", {}, files=upload(("cards.vcf", CARDS)), headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert answer.text.startswith('<section class="report"') and "<html" not in answer.text


def test_uploads_may_be_larger_than_forms_up_to_the_setting(served: Served) -> None:
    mia = served.browser_session("mia")
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * (3 * 2**20) + "\r\n"
    big = CARDS.replace("END:VCARD", photo + "END:VCARD", 1)
    answer = mia.post("/import", {"mode": "preview"}, files=upload(("big.vcf", big)))
    assert answer.status_code == 200, answer.text[:500]  # over the 2 MiB of other routes
    assert "Hans Braun" in answer.text
    assert mia.post("/people", {"name": "x" * (3 * 2**20)}).status_code == 413
    with serving(create_app(Settings(db=served.db_url, max_upload_mib=1))) as url:
        small = Served(url, served.db_url).browser_session("mia")
        refused = small.post("/import", {"mode": "import"}, files=upload(("big.vcf", big)))
        assert refused.status_code == 413
        assert "request body too large: at most 1 MiB" in refused.text
        assert "<h1>That did not work</h1>" in refused.text  # a page, not a JSON document
        htmx = small.post(
            "/import", {}, files=upload(("big.vcf", big)), headers={"HX-Request": "true"}
        )
        assert htmx.status_code == 413 and htmx.text.startswith('<p class="error" role="alert"')
    assert people_named(served.db_url) == set()


def test_the_upload_limit_is_a_validated_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_MAX_UPLOAD_MIB", "50")
    assert load_settings("sqlite:///x.db").max_upload_mib == 50
    for wrong in ("0", "lots", "100000"):
        monkeypatch.setenv("FOLLOWUP_MAX_UPLOAD_MIB", wrong)
        with pytest.raises(InvalidInput, match="invalid setting max_upload_mib"):
            load_settings("sqlite:///x.db")


def test_viewers_and_forged_forms_import_nothing(served: Served) -> None:
    vic = served.browser_session("vic")
    page = vic.client.get("/import")
    assert page.status_code == 200 and 'type="file"' not in page.text
    before = workspace_rows(served.db_url)
    refused = vic.post("/import", {"mode": "import"}, files=upload(("cards.vcf", CARDS)))
    assert refused.status_code == 403 and "viewer" in refused.text
    mia = served.browser_session("mia")
    forged = mia.client.post(
        "/import", data={"mode": "import", "csrf_token": "forged"}, files=upload(("c.vcf", CARDS))
    )
    assert forged.status_code == 403 and "CSRF" in forged.text
    assert workspace_rows(served.db_url) == before


def test_script_in_a_card_is_shown_as_text(served: Served) -> None:
    mia = served.browser_session("mia")
    evil = CARDS.replace("FN:Eva Schulz", 'FN:<script>alert("card")</script> Eva')
    answer = mia.post("/import", {"mode": "preview"}, files=upload(("<b>x</b>.vcf", evil)))
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text and "<b>x</b>" not in answer.text
    assert "&lt;script&gt;alert(" in answer.text and "&lt;b&gt;x&lt;/b&gt;.vcf" in answer.text
