"""The main flows in a real browser: Debian's chromium driven by Playwright, on the demo
workspace served over HTTP. A failing test leaves a screenshot in tests/screenshots/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import Cli
from tests.web.conftest import PASSWORD, Served, workspace_rows

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"])]

LABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
  .map(e => e.name)"""


def sign_in(page: Any, served: Served, name: str) -> None:
    page.goto(served.url + "/")
    expect(page).to_have_url(re.compile(r"/signin"))
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")  # keyboard-friendly: no mouse needed
    expect(page).to_have_url(re.compile(r"/today$"))


def test_sign_in_and_keep_a_promise_from_today(demo_served: Served, page: Any) -> None:
    refused: list[str] = []  # what the content security policy blocked, if anything
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(demo_served.url + "/today")
    page.get_by_label("User name").fill("anna")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong user name or password")
    sign_in(page, demo_served, "anna")
    expect(page.get_by_role("heading", level=1)).to_contain_text("for anna")
    items = page.locator("ol.agenda > li")
    assert items.count() >= 8
    expect(items.first.locator(".reason")).not_to_be_empty()
    ours = page.locator("li.our_commitment").first
    promise = ours.locator(".reason").inner_text()
    ours.get_by_role("button", name="Done").click()
    # htmx swapped the item in place (without it, the form would reload the page).
    expect(page.locator("li.item.done")).to_contain_text("Kept:")
    page.reload()
    reasons = page.locator("li.our_commitment .reason").all_inner_texts()
    assert promise not in reasons
    page.get_by_label("Agenda of").select_option("mike")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("for mike")
    assert refused == []


def test_one_click_reached_and_an_error_in_place(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    rhythm = page.locator("li.cadence").first
    who = rhythm.locator("a.who").inner_text()
    rhythm.get_by_role("button", name=re.compile("^Reached by")).click()
    expect(page.locator("li.item.done")).to_contain_text("Logged a")
    item = page.locator("ol.agenda > li").filter(has=page.locator("input[type=date]")).first
    item.locator("input[type=date]").fill("2001-01-01")
    item.get_by_role("button", name="Snooze").click()
    expect(page.locator("#flash [role=alert]")).to_contain_text("not in the future")
    page.goto(demo_served.url + "/people?q=" + who)
    page.get_by_role("link", name=who).first.click()
    expect(page.locator("ol.timeline li").first).to_contain_text("reached")


def test_people_search_filters_and_a_timeline(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "mike")
    page.get_by_role("link", name="People").click()
    total = int(re.search(r"(\d+) found", page.locator("h1").inner_text()).group(1))  # type: ignore[union-attr]
    assert total >= 30
    page.locator("form.filters").get_by_label("Stage").select_option("customer")
    expect(page).to_have_url(re.compile(r"stage=customer"))
    stages = page.locator("#results tbody td:nth-child(3)")
    expect(stages.first).to_have_text("customer")
    assert set(stages.all_inner_texts()) == {"customer"}
    page.locator("form.filters").get_by_label("Stage").select_option("")
    page.locator("form.filters").get_by_label("Search").fill("takahashi")
    expect(page).to_have_url(re.compile(r"q=takahashi"))
    first = page.locator("#results tbody a").first
    expect(first).to_contain_text(re.compile("takahashi", re.I))
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert page.locator("ol.timeline li").count() >= 1
    expect(page.locator("dd.owner")).not_to_be_empty()


def test_log_a_meeting_with_its_promises(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    page.goto(demo_served.url + "/people?q=sabine")
    page.locator("#results tbody a").first.click()
    page.get_by_role("link", name="Log a meeting or touch").click()
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Notes").fill("Walked the line; they want the sensors before Q2.")
    page.get_by_label("We promised").fill("send the installation plan by 2030-03-02")
    page.get_by_label("They promised").fill("confirm the shutdown window by 2030-03-05")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status")).to_contain_text("with 2 commitment(s)")
    commitments = page.locator("table.list").first
    expect(commitments).to_contain_text("send the installation plan")
    expect(commitments).to_contain_text("confirm the shutdown window")
    expect(page.locator("ol.timeline")).to_contain_text("they want the sensors before Q2")


def test_a_viewers_edit_is_refused(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "omar")
    assert page.get_by_role("button", name="Done").count() == 0
    page.goto(demo_served.url + "/people?q=sabine")
    page.locator("#results tbody a").first.click()
    assert page.get_by_role("link", name="Log a meeting or touch").count() == 0
    assert page.locator("form[action$='/edit']").count() == 0
    before = workspace_rows(demo_served.db_url)
    status = page.evaluate(
        """async () => {
            const csrf = document.querySelector('input[name=csrf_token]').value;
            const body = new URLSearchParams({csrf_token: csrf, notes: 'sneaky'});
            const answer = await fetch(location.pathname + '/log', {method: 'POST', body});
            return [answer.status, await answer.text()];
        }"""
    )
    assert status[0] == 403 and "viewer" in status[1]
    assert workspace_rows(demo_served.db_url) == before


def test_a_token_is_shown_once_and_can_be_revoked(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "mike")
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Token name").fill("nightly export")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("fu_")
    page.goto(demo_served.url + "/settings")
    assert secret not in page.content()
    row = page.locator("tr").filter(has_text="nightly export")
    row.get_by_role("button", name="Revoke").click()
    expect(page.locator("tr").filter(has_text="nightly export")).to_contain_text("revoked")
    tokens = Cli(demo_served.db_url, login="mike").json("token", "list")
    assert any(t["revoked_at"] for t in tokens["tokens"])  # type: ignore[index]


def test_pages_fit_a_phone_and_label_every_field(demo_served: Served, page: Any) -> None:
    sign_in(page, demo_served, "anna")
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/today", "/people", "/accounts", "/settings", "/people/1", "/people/1/log"):
        page.goto(demo_served.url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 376, path
        assert page.evaluate(LABELLED) == [], path
