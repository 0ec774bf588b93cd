"""History, export and forget over a real HTTP server, on SQLite and PostgreSQL: the API's
documents and refusals (only admins forget), the pages, and who acted through a token or a
browser session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import add_hans, error_of
from tests.web.test_browser import sign_in


def hans_edited_by_mia(served: Served) -> dict[str, Any]:
    with served.api("mia") as api:
        hans = add_hans(api)
        edited = api.patch(f"/api/people/{hans['id']}", json={"stage": "customer"})
        assert edited.status_code == 200, edited.text
    return hans


def test_history_through_the_api_says_who_acted(served: Served) -> None:
    hans = hans_edited_by_mia(served)
    Cli(served.db_url)("account", "add", "Braun GmbH")
    with served.api("vic") as api:  # a viewer reads history
        document = api.get(f"/api/people/{hans['id']}/history").json()
        assert document["subject"] == {"kind": "person", "id": hans["id"], "name": "Hans Braun"}
        latest = document["changes"][0]
        assert (latest["actor"], latest["action"], latest["changed"]) == (
            "mia",
            "update",
            ["stage"],
        )
        assert {c["actor"] for c in document["changes"]} == {"mia"}
        one = api.get(f"/api/people/{hans['id']}/history", params={"limit": 1}).json()
        assert one["changes"] == document["changes"][:1]
        account = api.get("/api/accounts/1/history").json()
        assert account["changes"][0]["table"] == "accounts"
        error_of(api.get("/api/people/99/history"), 404, "not_found")
        error_of(api.get("/api/accounts/99/history"), 404, "not_found")
        error_of(api.get("/api/deals/99/history"), 404, "not_found")
        error_of(api.get(f"/api/people/{hans['id']}/history?limit=0"), 422, "invalid")


def test_a_deals_history_through_the_api(served: Served) -> None:
    cli = Cli(served.db_url)
    cli("account", "add", "Tanaka Seiki KK", "--country", "JP")
    cli("person", "add", "Keiko Tanaka", "--account", "Tanaka Seiki KK")
    cli("deal", "add", "Tanaka Seiki KK", "Line 3", "--contact", "Keiko Tanaka")
    with served.api("mia") as api:
        document = api.get("/api/deals/1/history").json()
    assert document["subject"] == {"kind": "deal", "id": 1, "name": "Line 3"}
    assert {(c["action"], c["table"]) for c in document["changes"]} >= {
        ("insert", "deals"),
        ("insert", "deal_people"),
    }


def test_only_an_admin_forgets_and_nothing_is_written_otherwise(served: Served) -> None:
    hans = hans_edited_by_mia(served)
    path = f"/api/people/{hans['id']}"
    before = workspace_rows(served.db_url)
    for user, reason in (("vic", "a viewer can read but not change"), ("mia", "only an admin")):
        with served.api(user) as api:
            error = error_of(api.post(f"{path}/forget"), 403, "forbidden")
            assert reason in error["message"]
    assert workspace_rows(served.db_url) == before
    with served.api("vic") as api:
        exported = api.get(f"{path}/export").json()
        assert exported["emails"] == ["hans@braun.example"]
        assert exported["history"][0]["actor"] == "mia"
    with served.api("anna") as api:
        done = api.post(f"{path}/forget")
        assert done.status_code == 200, done.text
        assert done.json()["forgotten"] == {"id": hans["id"]}
        again = error_of(api.post(f"{path}/forget"), 404, "not_found")
        assert "was forgotten on" in again["message"]
        error_of(api.get(f"{path}/export"), 404, "not_found")
        error_of(api.get(f"{path}/history"), 404, "not_found")
        assert api.get("/api/people").json()["total"] == 0


def test_the_pages_link_history_data_and_for_admins_forget(served: Served) -> None:
    hans = hans_edited_by_mia(served)
    person = f"/people/{hans['id']}"
    admin_edits = served.browser_session("anna")  # a browser session's changes are its user's
    assert admin_edits.post(f"{person}/snooze", {"until": "2030-01-07"}).status_code == 303
    with served.api("vic") as api:
        latest = api.get(f"/api/people/{hans['id']}/history").json()["changes"][0]
    assert (latest["actor"], latest["changed"]) == ("anna", ["snoozed_until"])
    member = served.browser_session("mia")
    page = member.client.get(person).text
    assert f'href="{person}/history"' in page and f'href="{person}/export.json"' in page
    assert "Forget this person" not in page
    history = " ".join(member.client.get(f"{person}/history").text.split())
    assert "stage: prospect → customer" in history and "changed person" in history
    download = member.client.get(f"{person}/export.json")
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.json()["person"]["name"] == "Hans Braun"
    before = workspace_rows(served.db_url)
    assert member.client.get(f"{person}/forget").status_code == 403
    assert member.post(f"{person}/forget", {"understood": "yes"}).status_code == 403
    admin = served.browser_session("anna")
    assert "Forget this person" in admin.client.get(person).text
    assert "cannot be undone" in admin.client.get(f"{person}/forget").text
    unticked = admin.post(f"{person}/forget")
    assert unticked.status_code == 422 and "I understand" in unticked.text
    assert workspace_rows(served.db_url) == before
    done = admin.post(f"{person}/forget", {"understood": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/people"
    assert admin.client.get(person).status_code == 404


def test_an_accounts_history_page(served: Served) -> None:
    Cli(served.db_url)("account", "add", "Braun GmbH", "--country", "DE")
    session = served.browser_session("vic")
    assert 'href="/accounts/1/history"' in session.client.get("/accounts/1").text
    shown = " ".join(session.client.get("/accounts/1/history").text.split())
    assert "added account #1" in shown and "country: DE" in shown
    assert session.client.get("/accounts/99/history").status_code == 404


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"])
def test_forgetting_in_the_browser_asks_first(served: Served, page: Any) -> None:
    hans = hans_edited_by_mia(served)
    sign_in(page, served, "anna")
    page.goto(f"{served.url}/people/{hans['id']}")
    page.get_by_role("link", name="Forget this person").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be undone")
    page.get_by_role("button", name=re.compile("Forget Hans Braun")).click()
    expect(page).to_have_url(re.compile(r"/forget$"))  # the box is required: still here
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name=re.compile("Forget Hans Braun")).click()
    expect(page).to_have_url(re.compile(r"/people$"))
    expect(page.get_by_role("status")).to_contain_text(f"Forgot person #{hans['id']}")
    with served.api("anna") as api:
        error_of(api.get(f"/api/people/{hans['id']}"), 404, "not_found")
