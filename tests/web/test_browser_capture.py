"""Logging a meeting from its notes in a real browser (Debian's chromium via Playwright) on
the demo workspace: propose the next steps, fix a date nobody can tell, save, and copy the
recap for the customer. A failing test leaves a screenshot in tests/screenshots/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import Served
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("backend", ["sqlite"])]

NOTES = (
    "Walked the line with Sabine.\n"
    "We will send the installation plan by 2030-03-01.\n"
    "Sabine will confirm the shutdown window sometime soon.\n"
    "Let us talk every two weeks by phone.\n"
)


def blocked_scripts(page: Any) -> list[str]:
    """What the content security policy refuses on this page, collected as it happens."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    return refused


def test_log_a_meeting_from_its_notes_then_copy_the_recap(demo_served: Served, page: Any) -> None:
    refused = blocked_scripts(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_served.url)
    sign_in(page, demo_served, "anna")
    page.goto(demo_served.url + "/people?q=sabine")
    page.locator("#results tbody a").first.click()
    pid = page.url.rsplit("/", 1)[1]
    page.get_by_role("link", name="Log a meeting or touch").click()
    page.get_by_label("Notes", exact=True).fill(NOTES)
    page.get_by_role("button", name="Propose next steps").click()
    expect(page.get_by_role("heading", name=re.compile("Proposed next steps"))).to_be_visible()
    expect(page.get_by_label("What").first).to_have_value("send installation plan")
    expect(page.get_by_label("Due").first).to_have_value("2030-03-01")
    second = page.locator("fieldset.proposal").nth(1)
    expect(second.locator(".quote")).to_contain_text("sometime soon")
    expect(second.get_by_label("Due")).to_have_value("")
    expect(page.get_by_label("Every (days)")).to_have_value("14")
    second.get_by_label("Due").fill("sometime soon")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("fieldset.proposal [role=alert]")).to_contain_text("cannot tell which day")
    expect(page.get_by_label("Notes", exact=True)).to_have_value(NOTES)  # nothing lost
    page.locator("fieldset.proposal").nth(1).get_by_label("Due").fill("2030-03-08")
    page.locator("fieldset.proposal").nth(1).get_by_label("Due").press("Enter")  # saves
    expect(page).to_have_url(re.compile(rf"/people/{pid}/recap/\d+$"))
    expect(page.get_by_role("status").first).to_contain_text("2 commitments and a rhythm")
    text = page.get_by_label("Recap text")
    expect(text).to_contain_text("Send installation plan")
    expect(page.locator("#recap-html li").first).to_be_visible()
    page.get_by_role("button", name="Copy the text").click()
    expect(page.locator(".copied").first).to_have_text("Copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == text.input_value() and "2030" in copied
    shown = doc(Cli(demo_served.db_url), "person", "show", pid)
    assert shown["agreement"]["every_days"] == 14
    assert {c["what"] for c in shown["commitments"]} >= {
        "send installation plan", "confirm shutdown window sometime soon"
    }  # fmt: skip
    assert refused == []


def test_notes_in_a_language_followup_cannot_read_are_said_in_place(
    demo_served: Served, page: Any
) -> None:
    sign_in(page, demo_served, "mike")
    page.goto(demo_served.url + "/people/30/log")
    page.get_by_label("Notes", exact=True).fill(
        "Nous enverrons le devis demain et la liste des prix."
    )
    page.get_by_role("button", name="Propose next steps").click()
    expect(page.get_by_role("alert")).to_contain_text("look like French")
    page.get_by_label("Written in").select_option("en")
    page.get_by_role("button", name="Propose next steps").click()
    expect(page.get_by_role("heading", name=re.compile("Proposed next steps"))).to_be_visible()
