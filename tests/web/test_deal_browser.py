"""Deals and Reports in a real browser: Debian's chromium driven by Playwright over a served
workspace. A failing test leaves a screenshot in tests/screenshots/."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.cli.deal_helpers import japanese_account
from tests.conftest import Cli
from tests.web.conftest import Served
from tests.web.test_browser import LABELLED, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"])]

NEXT_YEAR = datetime.now(UTC).year + 1


def new_deal_from_template(page: Any, served: Served) -> None:
    """Through the menu and the form, as a member would."""
    japanese_account(Cli(served.db_url))
    sign_in(page, served, "mia")
    page.get_by_role("link", name="Deals", exact=True).click()
    page.get_by_role("link", name="New deal").click()
    page.get_by_label("Account").fill("Tanaka Seiki KK")
    page.get_by_label("Title").fill("Line 3 monitoring")
    page.get_by_label("Contact").fill("keiko@tanaka.example")
    page.get_by_label("Value").fill("12000000")
    page.get_by_label("Currency").fill("JPY")
    page.get_by_label("Expected decision").fill(f"{NEXT_YEAR}-06-30")
    page.get_by_label("Plan template").select_option("japan_consensus")
    page.get_by_role("button", name="Add deal").click()
    expect(page).to_have_url(re.compile(r"/deals/1$"))


def test_a_deal_from_a_template_a_step_done_and_one_slipped(served: Served, page: Any) -> None:
    refused: list[str] = []  # what the content security policy blocked, if anything
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    new_deal_from_template(page, served)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Line 3 monitoring")
    expect(page.locator("#flash")).to_contain_text("Added deal Line 3 monitoring")
    steps = page.locator("ol.plan > li")
    expect(steps).to_have_count(12)
    first = steps.first
    title = first.locator(".title").inner_text()
    first.get_by_role("button", name=re.compile("^Done")).click()
    expect(page.locator("#flash")).to_contain_text(f"{title}: done.")
    expect(page.locator("ol.plan > li").first.locator(".badge")).to_have_text("done")
    # A step of our own, then a refusal in place, then a slip.
    page.get_by_text("Add a step or checkpoint").click()
    page.get_by_label("What", exact=True).fill("Reference visit in Nagoya")
    page.get_by_label("Due", exact=True).fill(f"{NEXT_YEAR}-07-15")
    page.get_by_role("button", name="Add to the plan").click()
    alert = page.locator("#flash [role=alert]")
    expect(alert).to_contain_text("after the deal's expected decision")
    expect(page.locator("ol.plan > li")).to_have_count(12)
    page.get_by_label("Due", exact=True).fill(f"{NEXT_YEAR}-05-11")
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.locator("#flash")).to_contain_text("Added Reference visit in Nagoya")
    visit = page.locator("ol.plan > li").filter(has_text="Reference visit in Nagoya")
    visit.get_by_label("Move to").fill(f"{NEXT_YEAR}-05-25")
    visit.get_by_role("button", name=re.compile("^Slip")).click()
    expect(page.locator("#flash")).to_contain_text(f"moved to {NEXT_YEAR}-05-25")
    visit = page.locator("ol.plan > li").filter(has_text="Reference visit in Nagoya")
    expect(visit.locator(".badge")).to_have_text("slipped")
    expect(visit).to_contain_text(f"(was {NEXT_YEAR}-05-11)")
    assert refused == []


def test_a_share_link_opens_the_customers_view_in_another_browser(
    served: Served, page: Any, chromium: Any
) -> None:
    new_deal_from_template(page, served)
    page.get_by_role("button", name="Create a share link").click()
    link = page.locator("#new-link a")
    expect(link).to_contain_text("/shared/")
    url = link.get_attribute("href")
    assert url is not None and url.startswith(served.url)
    customer = chromium.new_context()  # no cookies: the customer is not signed in
    try:
        view = customer.new_page()
        response = view.goto(url)
        assert response is not None and response.status == 200
        expect(view.locator("body")).to_contain_text("Final approval (kessai) and order")
        assert "12000000" not in view.content()
        assert view.locator("style").count() >= 1  # its own styles are allowed there
    finally:
        customer.close()
    page.reload()
    expect(page.locator("#sharing + p + div + table")).to_contain_text("active")


def test_the_reports_page_shows_its_charts(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reports")
    charts = page.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(6)
    for index in range(6):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        name = chart.locator("title").first.text_content()
        assert name and chart.locator("rect").count() >= 1, name
    pipeline = page.get_by_role("img", name=re.compile("Open deals by stage"))
    expect(pipeline).to_be_visible()
    box = pipeline.bounding_box()
    assert box is not None and box["width"] > 300
    page.get_by_label("User").select_option("mike")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("mike")
    expect(page.locator("figure.chart svg[role=img]")).to_have_count(6)


def test_deal_and_report_pages_fit_a_phone_and_label_every_field(
    demo_served: Served, page: Any
) -> None:
    sign_in(page, demo_served, "anna")
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/deals", "/deals/new", "/deals/1", "/deals/2", "/reports"):
        page.goto(demo_served.url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 376, path
        assert page.evaluate(LABELLED) == [], path
