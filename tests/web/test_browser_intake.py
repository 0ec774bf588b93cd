"""Importing real exports of other clients in a real browser: the files read from the
shared test data beside the project (never copied here), previewed, then imported with
the report of each record's problems. A failing test leaves a screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.cli.helpers import doc
from tests.conftest import Cli, missing
from tests.web.conftest import Served, workspace_rows
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"])]

VCARDS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "vcards"
FILES = ("ezvcard__evolution_v30.vcf", "aosp__v21_invalid_comment_line_MALFORMED.vcf")


def test_preview_then_import_real_vcards_with_the_report(demo_served: Served, page: Any) -> None:
    paths = [VCARDS / name for name in FILES]
    if not all(p.is_file() for p in paths):
        missing(f"no real exports at {VCARDS} (the shared test data sits beside the project)")
    sign_in(page, demo_served, "mike")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Files").set_input_files([str(p) for p in paths])
    page.get_by_label("Where you met them").fill("Real exports fair")
    page.get_by_label("Then").select_option("meet")
    before = workspace_rows(demo_served.db_url)
    page.get_by_role("button", name="Preview (dry run)").click()
    report = page.locator("#report")
    expect(report.get_by_role("heading", level=2)).to_contain_text("nothing written")
    expect(report.locator("table.records")).to_contain_text("Conference Call")
    expect(report.locator("table.problems")).to_contain_text("is no vCard property")
    assert workspace_rows(demo_served.db_url) == before
    # htmx put the report under the form: the chosen files are still there to import.
    page.get_by_role("button", name="Import", exact=True).click()
    expect(report.get_by_role("heading", level=2)).to_have_text("Imported")
    expect(report.get_by_role("status")).to_contain_text("Imported 2 records: 2 new")
    problem = report.locator("table.problems tbody tr").first
    expect(problem).to_contain_text(FILES[1])
    expect(problem.locator("td").nth(1)).to_have_text("1")  # the record
    expect(problem.locator("td").nth(2)).to_have_text(re.compile(r"^\d+$"))  # its line
    met = doc(Cli(demo_served.db_url), "person", "list", "--event", "Real exports fair")
    assert len(met["people"]) == 2
