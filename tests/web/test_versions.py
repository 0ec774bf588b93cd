"""Editing together over HTTP, on SQLite and PostgreSQL: two real clients of a real server
read one version and both write it; one wins (200), the other is told (409) and the stored
record is the winner's. Every record comes with its version as the ETag; every edit takes it
back as If-Match or `version`. And two browsers saving the same person's edit form."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import add_hans, error_of
from tests.web.test_browser import sign_in

STALE = "was changed by someone else since version"
IF_7 = {"If-Match": '"7"'}


def promise_of(api: httpx.Client, person_id: int, owner: str, what: str) -> httpx.Response:
    body = {"owner": owner, "what": what, "due": "2031-01-10"}
    return api.post(f"/api/people/{person_id}/commitments", json=body)


def at_once(*requests: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Send the requests from threads of their own, released together."""
    start = threading.Barrier(len(requests))
    answers: list[httpx.Response | None] = [None] * len(requests)

    def send(index: int) -> None:
        start.wait()
        answers[index] = requests[index]()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answers), "a request did not come back"
    return [a for a in answers if a is not None]


def test_two_clients_edit_one_version_one_wins_the_other_gets_409(served: Served) -> None:
    with served.api("anna") as anna, served.api("mia") as mia:
        pid = add_hans(anna)["id"]
        tags = [client.get(f"/api/people/{pid}").headers["etag"] for client in (anna, mia)]
        assert tags[0] == tags[1] == '"1"'
        names = {"anna": "Hans Braun (anna)", "mia": "Hans Braun (mia)"}
        answers = at_once(
            lambda: anna.patch(f"/api/people/{pid}", json={"name": names["anna"]},
                               headers={"If-Match": tags[0]}),
            lambda: mia.patch(f"/api/people/{pid}", json={"name": names["mia"]},
                              headers={"If-Match": tags[1]}),
        )  # fmt: skip
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        won = next(a for a in answers if a.status_code == 200)
        lost = next(a for a in answers if a.status_code == 409)
        message = error_of(lost, 409, "conflict")["message"]
        assert message == (
            f"person #{pid} was changed by someone else since version 1: "
            "reload and make your change again"
        )
        assert won.headers["etag"] == '"2"' and won.json()["version"] == 2
        stored = anna.get(f"/api/people/{pid}")
        assert stored.json()["name"] == won.json()["name"] in names.values()
        assert stored.headers["etag"] == '"2"'


def test_every_record_comes_with_its_version_as_etag(served: Served) -> None:
    with served.api("anna") as api:
        created = api.post("/api/people", json={"name": "Keiko Tanaka"})
        assert created.headers["etag"] == '"1"'
        pid = created.json()["id"]
        account = api.post("/api/accounts", json={"name": "Tanaka Seiki KK", "country": "JP"})
        assert account.headers["etag"] == f'"{account.json()["version"]}"' == '"1"'
        shown = api.get(f"/api/accounts/{account.json()['id']}")
        assert shown.headers["etag"] == '"1"'
        agreed = api.put(f"/api/people/{pid}/agreement", json={"every_days": 14})
        assert agreed.headers["etag"] == '"2"'  # the agreement is part of the person
        snoozed = api.put(f"/api/people/{pid}/snooze", json={"until": "2031-01-06"})
        assert snoozed.headers["etag"] == '"3"'
        assert api.delete(f"/api/people/{pid}/snooze").headers["etag"] == '"4"'
        promise = promise_of(api, pid, "us", "send the offer")
        assert promise.headers["etag"] == '"1"'
        done = api.post(
            f"/api/commitments/{promise.json()['id']}/done", headers={"If-Match": '"1"'}
        )
        assert (done.status_code, done.headers["etag"]) == (200, '"2"')
        user = api.post("/api/users", json={"name": "eve", "timezone": "Europe/Paris"})
        assert user.headers["etag"] == '"1"'
        edited = api.patch("/api/users/eve", json={"role": "viewer"}, headers={"If-Match": 'W/"1"'})
        assert edited.headers["etag"] == '"2"'


STALE_WRITES = {
    "agreement": lambda api, pid: api.put(
        f"/api/people/{pid}/agreement", json={"every_days": 21}, headers={"If-Match": '"1"'}
    ),
    "agreement with version": lambda api, pid: api.put(
        f"/api/people/{pid}/agreement", json={"every_days": 21, "version": 1}
    ),
    "snooze": lambda api, pid: api.put(
        f"/api/people/{pid}/snooze", json={"until": "2031-02-03"}, headers={"If-Match": '"1"'}
    ),
    "unsnooze": lambda api, pid: api.delete(
        f"/api/people/{pid}/snooze", headers={"If-Match": '"1"'}
    ),
    "edit": lambda api, pid: api.patch(
        f"/api/people/{pid}", json={"notes": "mine"}, headers={"If-Match": '"1"'}
    ),
}


@pytest.mark.parametrize("write", STALE_WRITES)
def test_a_stale_write_of_a_person_is_409_and_changes_nothing(write: str, served: Served) -> None:
    with served.api("anna") as anna, served.api("mia") as mia:
        pid = add_hans(anna)["id"]
        assert mia.patch(f"/api/people/{pid}", json={"notes": "theirs"}).status_code == 200
        before = workspace_rows(served.db_url)
        error = error_of(STALE_WRITES[write](anna, pid), 409, "conflict")
        assert error["message"].startswith(f"person #{pid} {STALE} 1")
        assert workspace_rows(served.db_url) == before


def test_a_stale_close_of_a_promise_is_409_and_leaves_it_open(served: Served) -> None:
    with served.api("anna") as api:
        pid = add_hans(api)["id"]
        promise = promise_of(api, pid, "them", "sign").json()
        before = workspace_rows(served.db_url)
        for verb in ("done", "drop"):
            stale = api.post(
                f"/api/commitments/{promise['id']}/{verb}", headers={"If-Match": '"7"'}
            )
            assert error_of(stale, 409, "conflict")["message"].startswith(
                f"commitment #{promise['id']} {STALE} 7"
            )
        assert workspace_rows(served.db_url) == before
        dropped = api.post(f"/api/commitments/{promise['id']}/drop", headers={"If-Match": '"1"'})
        assert dropped.json()["status"] == "dropped"
        again = api.post(f"/api/commitments/{promise['id']}/done", headers={"If-Match": '"1"'})
        assert error_of(again, 409, "conflict")["message"] == "commitment 1 is already dropped"


def test_a_stale_user_edit_is_409_and_if_match_must_be_a_version(served: Served) -> None:
    with served.api("anna") as api:
        api.post("/api/users", json={"name": "eve", "timezone": "Europe/Paris"})
        assert api.patch("/api/users/eve", json={"role": "viewer"}).status_code == 200
        stale = api.patch("/api/users/eve", json={"role": "member"}, headers={"If-Match": '"1"'})
        assert error_of(stale, 409, "conflict")["message"].startswith(f"user eve {STALE} 1")
        for bad in ('"x"', '"0"', '"99999999999"', "1,2"):
            answer = api.patch("/api/users/eve", json={"role": "member"}, headers={"If-Match": bad})
            assert "If-Match" in error_of(answer, 422, "invalid")["message"]
        both = api.patch("/api/users/eve", json={"role": "member", "version": 2},
                         headers={"If-Match": '"1"'})  # fmt: skip
        assert "disagree" in error_of(both, 422, "invalid")["message"]
        anything = api.patch("/api/users/eve", json={"role": "member"}, headers={"If-Match": "*"})
        assert anything.json()["role"] == "member"


@pytest.mark.browser
def test_two_browsers_save_one_persons_edit_form_the_second_sees_the_conflict(
    served: Served, chromium: Any
) -> None:
    with served.api("anna") as api:
        pid = add_hans(api)["id"]
    tabs = []
    for name in ("anna", "mia"):
        context = chromium.new_context(viewport={"width": 1200, "height": 900})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        sign_in(tab, served, name)
        tab.goto(f"{served.url}/people/{pid}")
        tab.locator("summary", has_text="Edit").click()
        tabs.append(tab)
    for tab, name in zip(tabs, ("anna", "mia"), strict=True):
        tab.get_by_label("Notes").fill(f"{name} was here")
    first, second = tabs
    first.get_by_role("button", name="Save").click()
    expect(first.locator("dl.facts .notes")).to_have_text("anna was here")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("alert")).to_contain_text(
        f"person #{pid} was changed by someone else since version 1: reload and make your "
        "change again"
    )
    second.get_by_role("link", name="Go back").click()
    expect(second.locator("dl.facts .notes")).to_have_text("anna was here")
    for tab in tabs:
        tab.context.close()


def hidden_versions(html: str, action: str) -> list[str]:
    """The hidden `version` of every form posting to `action` in the page."""
    forms = re.findall(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    return [v for form in forms for v in re.findall(r'name="version" value="(\d+)"', form)]


def test_the_forms_carry_the_version_and_a_stale_submit_is_a_409_page(served: Served) -> None:
    mia = served.browser_session("mia")
    with served.api("anna") as api:
        pid = add_hans(api)["id"]
        promise = promise_of(api, pid, "us", "send the offer").json()
    page = mia.client.get(f"/people/{pid}").text
    for action in ("agreement", "snooze", "edit"):
        assert hidden_versions(page, f"/people/{pid}/{action}") == ["1"], action
    for verb in ("done", "drop"):
        assert hidden_versions(page, f"/commitments/{promise['id']}/{verb}") == ["1"]
    with served.api("anna") as api:  # someone else changes Hans meanwhile
        assert api.patch(f"/api/people/{pid}", json={"notes": "anna's"}).status_code == 200
    before = workspace_rows(served.db_url)
    late = [
        mia.post(f"/people/{pid}/agreement", {"every": "14d", "version": "1"}),
        mia.post(f"/people/{pid}/snooze", {"until": "2031-01-06", "version": "1"}),
        mia.post(f"/commitments/{promise['id']}/done", {"version": "2", "next": f"/people/{pid}"}),
    ]
    for answer in late:
        assert answer.status_code == 409
        assert 'role="alert"' in answer.text and STALE in answer.text
    assert f"person #{pid} {STALE} 1: reload and make your change again" in late[0].text
    assert workspace_rows(served.db_url) == before
    kept = mia.post(f"/commitments/{promise['id']}/done", {"version": "1"})
    assert kept.status_code == 303


def test_today_carries_the_versions_and_a_stale_click_says_so_in_place(served: Served) -> None:
    mia = served.browser_session("mia")
    with served.api("mia") as api:
        pid = add_hans(api)["id"]
        promise = promise_of(api, pid, "us", "send the offer").json()
        at = "2031-01-11T09:00"
        page = mia.client.get("/today", params={"at": at}).text
        assert hidden_versions(page, f"/commitments/{promise['id']}/done") == ["1"]
        assert set(hidden_versions(page, f"/people/{pid}/snooze")) == {"1"}  # one per item
        assert api.put(f"/api/people/{pid}/snooze", json={"until": "2031-02-02"}).status_code == 200
    before = workspace_rows(served.db_url)
    clicked = mia.post(f"/people/{pid}/snooze", {"until": "2031-03-02", "version": "1"},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert clicked.status_code == 409 and clicked.headers["hx-retarget"] == "#flash"
    assert f"person #{pid} {STALE} 1" in clicked.text
    assert workspace_rows(served.db_url) == before
