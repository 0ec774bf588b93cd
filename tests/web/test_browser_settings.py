"""Settings and the other new pages in a real browser: an admin changes a culture profile
(an invalid value refused in place), a member cannot; and every new page fits a phone and
labels every field. A failing test leaves a screenshot in tests/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.test_browser import LABELLED, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"])]


def min_gap(db_url: str) -> object:
    shown = doc(Cli(db_url), "culture", "show", "jp")["fields"]
    return next(f["value"] for f in shown if f["field"] == "min_gap_days")


def test_an_admin_edits_a_culture_field_and_a_member_cannot(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Cultures").click()
    page.get_by_role("link", name="Japan").first.click()
    page.get_by_role("link", name="Change min_gap_days").click()
    expect(page.get_by_label("Field", exact=True)).to_have_value("min_gap_days")
    page.get_by_label("Value").fill("soon")
    page.get_by_role("button", name="Set", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("invalid culture edit")
    page.get_by_label("Value").fill("12")
    page.get_by_label("Why").fill("our partners asked for fewer reminders")
    page.get_by_role("button", name="Set", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved min_gap_days of jp")
    row = page.locator("#field-min_gap_days")
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("our partners asked for fewer reminders")
    assert min_gap(demo_served.db_url) == 12

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_served, "mike")
    page.goto(demo_served.url + "/settings/cultures/jp")
    expect(page.get_by_text("Only an admin can change culture profiles.")).to_be_visible()
    assert page.get_by_role("button", name="Set", exact=True).count() == 0
    before = workspace_rows(demo_served.db_url)
    status = page.evaluate(
        """async () => {
            const csrf = document.querySelector('input[name=csrf_token]').value;
            const body = new URLSearchParams({csrf_token: csrf, field: 'min_gap_days', value: '1'});
            const answer = await fetch('/settings/cultures/jp', {method: 'POST', body});
            return [answer.status, await answer.text()];
        }"""
    )
    assert status[0] == 403 and "only an admin" in status[1]
    assert workspace_rows(demo_served.db_url) == before and min_gap(demo_served.db_url) == 12


PAGES = (
    "/import", "/visit?city=Tokyo&from=2030-01-10&to=2030-01-12&all=true",
    "/settings/reminders", "/settings/cultures", "/settings/cultures/de", "/settings/tiers",
    "/settings/content", "/accounts/1",
)  # fmt: skip


def test_the_new_pages_fit_a_phone_and_label_every_field(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    page.set_viewport_size({"width": 375, "height": 740})
    for path in PAGES:
        page.goto(demo_served.url + path)
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 376, path
        assert page.evaluate(LABELLED) == [], path
    page.goto(demo_served.url + "/people/3/log")
    page.get_by_label("Notes", exact=True).fill(
        "We will send the plan by Friday. Let us talk every two weeks."
    )
    page.get_by_role("button", name="Propose next steps").click()
    expect(page.locator("fieldset.proposal")).to_have_count(1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376
    assert page.evaluate(LABELLED) == []
