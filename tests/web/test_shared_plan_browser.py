"""The shared plan in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import doc
from tests.web.conftest import SECRET_NOTE, Shared


@pytest.fixture
def browser(chromium: Any) -> Any:
    """The web tests' one Playwright browser (a second sync Playwright cannot run beside it)."""
    return chromium


def test_the_customer_reads_the_plan_in_a_browser(
    browser: Any, shared: Shared, tmp_path: Path
) -> None:
    shared.cli("plan", "add", "1", '<img src=x onerror="document.title=\'pwned\'">',
               "--due", doc(shared.cli, "deal", "show", "1")["decision_on"])  # fmt: skip
    page = browser.new_page()
    response = page.goto(shared.url)
    assert response is not None and response.status == 200
    assert page.title() == "Line 3 monitoring — mutual plan with Tanaka Seiki KK"
    assert page.locator("h2").all_inner_texts() == ["Decision process"]
    rows = page.locator("tbody tr")
    assert rows.count() == 14
    assert "Final approval (kessai) and order" in page.locator("tbody").inner_text()
    # The hostile title is shown as text and never runs.
    assert page.get_by_text("<img src=x onerror=\"document.title='pwned'\">").count() == 1
    assert page.locator("img").count() == 0
    body = page.locator("body").inner_text()
    assert SECRET_NOTE not in body and "12000000" not in body
    page.screenshot(
        path=os.environ.get("FOLLOWUP_SCREENSHOT", str(tmp_path / "shared.png")), full_page=True
    )
    # The calendar link downloads the .ics next to the page.
    with page.expect_download() as download_info:
        page.get_by_text("Add these dates to your calendar").click()
    saved = tmp_path / "plan.ics"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"BEGIN:VCALENDAR")
    page.close()


def test_a_revoked_link_shows_nothing_in_the_browser(browser: Any, shared: Shared) -> None:
    shared.cli("plan", "unshare", "1")
    page = browser.new_page()
    response = page.goto(shared.url)
    assert response is not None and response.status == 404
    assert page.title() == "Link not valid"
    assert "Tanaka" not in page.content()
    page.close()
