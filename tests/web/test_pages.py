"""The web app over HTTP, as a browser speaks it (forms, cookies, redirects), on both
databases: sign-in and its throttle, expired sessions, CSRF, a viewer's refused writes,
and user text escaped on every page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from followup.store.engine import make_engine
from followup.store.tables import web_sessions
from tests.web.conftest import PASSWORD, Served, csrf_in, workspace_rows

EVIL_NAME = '<script>alert("name")</script> Mallory'
EVIL_NOTES = "<img src=x onerror=alert('notes')> & more"


def sign_in(client: httpx.Client, name: str, password: str) -> httpx.Response:
    token = csrf_in(client.get("/signin").text)
    return client.post("/signin", data={"name": name, "password": password, "csrf_token": token})


def fresh(served: Served) -> httpx.Client:
    return httpx.Client(base_url=served.url, timeout=30, follow_redirects=False)


def test_pages_need_a_session(served: Served) -> None:
    with fresh(served) as client:
        for path in ("/today", "/people", "/people/1", "/accounts", "/settings"):
            answer = client.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"] == f"/signin?next={path}"
        assert client.get("/").status_code == 303
        assert client.get("/signin").status_code == 200


def test_signing_in_and_out(served: Served) -> None:
    with fresh(served) as client:
        answer = sign_in(client, "MIA", PASSWORD)  # names are not case-sensitive
        assert answer.status_code == 303 and answer.headers["location"] == "/today"
        cookie = answer.headers["set-cookie"]
        assert "followup_session=" in cookie and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
        today = client.get("/today")
        assert today.status_code == 200 and "mia · member" in today.text
        out = client.post("/signout", data={"csrf_token": csrf_in(today.text)})
        assert out.status_code == 303
        assert client.get("/today").status_code == 303


def test_next_only_leads_to_pages_of_this_site(served: Served) -> None:
    with fresh(served) as client:
        token = csrf_in(client.get("/signin").text)
        for target, landing in [
            ("/people?stage=lead", "/people?stage=lead"),
            ("//evil.example/", "/today"),
            ("https://evil.example", "/today"),
        ]:
            data = {"name": "mia", "password": PASSWORD, "csrf_token": token, "next": target}
            assert client.post("/signin", data=data).headers["location"] == landing


def test_a_wrong_password_is_refused_then_rate_limited(served: Served) -> None:
    with fresh(served) as client:
        for _ in range(4):
            answer = sign_in(client, "mia", "wrong password")
            assert answer.status_code == 401
            assert "wrong user name or password" in answer.text
            assert "followup_session" not in answer.headers.get("set-cookie", "")
        unknown = sign_in(client, "nobody", "wrong password")
        assert unknown.status_code == 401 and "wrong user name or password" in unknown.text
        assert sign_in(client, "mia", "wrong password").status_code == 401  # the fifth
        blocked = sign_in(client, "mia", PASSWORD)  # even the right password now
        assert blocked.status_code == 429
        assert "too many failed sign-ins: try again after" in blocked.text
        assert sign_in(client, "anna", PASSWORD).status_code == 303  # others still can
    with served.api("mia") as api:
        assert api.get("/api/me").status_code == 200  # tokens are not paused


def test_the_sign_in_form_needs_its_csrf_token(served: Served) -> None:
    with fresh(served) as client:
        client.get("/signin")
        data = {"name": "mia", "password": PASSWORD}
        for token in ({}, {"csrf_token": "forged"}):
            answer = client.post("/signin", data={**data, **token})
            assert answer.status_code == 403
            assert "CSRF" in answer.text


def test_an_expired_session_asks_to_sign_in_again(served: Served) -> None:
    browser = served.browser_session("mia")
    engine = make_engine(served.db_url)
    with engine.begin() as conn:
        past = datetime.now(UTC) - timedelta(minutes=1)
        conn.execute(update(web_sessions).values(expires_at=past))
    engine.dispose()
    answer = browser.client.get("/people")
    assert answer.status_code == 303 and answer.headers["location"] == "/signin?next=/people"
    page = browser.client.get(answer.headers["location"])
    assert "your session has expired" in page.text
    htmx = browser.post("/people", {"name": "Late"}, headers={"HX-Request": "true"})
    assert htmx.headers["hx-redirect"].startswith("/signin")


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_form_without_the_sessions_csrf_token_is_refused(
    served: Served, token: str | None
) -> None:
    browser = served.browser_session("mia")
    before = workspace_rows(served.db_url)
    data = {"name": "Eve"} | ({"csrf_token": token} if token is not None else {})
    answer = browser.client.post("/people", data=data)
    assert answer.status_code == 403 and "CSRF" in answer.text
    other = served.browser_session("anna")  # another session's token is no better
    answer = browser.client.post("/people", data={"name": "Eve", "csrf_token": other.csrf})
    assert answer.status_code == 403
    assert workspace_rows(served.db_url) == before


def test_a_viewers_form_posts_are_refused(served: Served) -> None:
    mia = served.browser_session("mia")
    made = mia.post("/people", {"name": "Hans Braun", "email": "hans@braun.example"})
    person = made.headers["location"]
    mia.post(f"{person}/commitments", {"owner": "us", "what": "send it", "due": "2030-01-02"})
    vic = served.browser_session("vic")
    page = vic.client.get(person)
    assert page.status_code == 200 and "Hans Braun" in page.text and "send it" in page.text
    assert "Log a meeting" not in page.text and "/done" not in page.text
    before = workspace_rows(served.db_url)
    pid = person.rsplit("/", 1)[1]
    for path, data in [
        ("/people", {"name": "Eve"}),
        (f"{person}/log", {"notes": "x"}),
        (f"{person}/snooze", {"until": "2030-01-01"}),
        (f"{person}/agreement", {"every": "7d"}),
        (f"{person}/commitments", {"owner": "us", "what": "x", "due": "2030-01-01"}),
        (f"{person}/edit", {"version": "1", "name": "X", "timezone": "UTC", "stage": "lead"}),
        (f"/people/{pid}/reached", {"channel": "email"}),
        ("/commitments/1/done", {}),
        ("/commitments/1/drop", {}),
        ("/accounts", {"name": "Evil Corp"}),
        ("/settings/users", {"name": "eve", "role": "admin"}),
    ]:
        answer = vic.post(path, data)
        assert answer.status_code == 403, path
        assert "viewer" in answer.text
    assert workspace_rows(served.db_url) == before
    assert vic.post("/settings/tokens", {"name": "mine"}).status_code == 200  # own access: yes


def test_members_do_not_manage_users(served: Served) -> None:
    mia = served.browser_session("mia")
    answer = mia.post("/settings/users", {"name": "eve", "role": "admin", "timezone": "UTC"})
    assert answer.status_code == 403 and "only an admin" in answer.text
    anna = served.browser_session("anna")
    data = {"name": "eve", "role": "viewer", "timezone": "UTC", "password": "long enough"}
    assert anna.post("/settings/users", data).status_code == 303
    assert "eve" in anna.client.get("/settings").text


def test_a_stale_edit_form_is_refused_with_409(served: Served) -> None:
    mia = served.browser_session("mia")
    person = mia.post("/people", {"name": "Hans Braun"}).headers["location"]
    form = {"version": "1", "name": "Hans Braun", "timezone": "Europe/Berlin",
            "stage": "prospect", "owner": "mia"}  # fmt: skip
    assert mia.post(f"{person}/edit", form).status_code == 303
    late = mia.post(f"{person}/edit", {**form, "stage": "customer"})
    assert late.status_code == 409 and "changed by someone else" in late.text


def test_unknown_ids_are_404_pages(served: Served) -> None:
    mia = served.browser_session("mia")
    for path in ("/people/99999", "/people/99999999999999999999", "/accounts/424242",
                 "/people/99999/log"):  # fmt: skip
        answer = mia.client.get(path)
        assert answer.status_code == 404 and "unknown" in answer.text
    assert mia.post("/commitments/99999/done").status_code == 404
    assert mia.client.get("/no/such/page").status_code == 404


def test_oversized_form_posts_are_413(served: Served) -> None:
    mia = served.browser_session("mia")
    answer = mia.post("/people", {"name": "x" * (3 * 2**20)})
    assert answer.status_code == 413


def test_html_in_names_and_notes_is_shown_as_text_everywhere(served: Served) -> None:
    mia = served.browser_session("mia")
    account = mia.post("/accounts", {"name": EVIL_NAME + " GmbH", "country": "DE"})
    person = mia.post(
        "/people", {"name": EVIL_NAME, "account": EVIL_NAME + " GmbH", "source": EVIL_NAME}
    ).headers["location"]
    pid = person.rsplit("/", 1)[1]
    now = datetime.now(UTC)
    logged = mia.post(
        f"{person}/log",
        {
            "notes": EVIL_NOTES,
            "we": f"{EVIL_NOTES} by {(now - timedelta(days=2)).date().isoformat()}",
            "at": (now - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert logged.status_code == 303, logged.text
    edit = {"version": "1", "name": EVIL_NAME, "timezone": "Europe/Berlin", "stage": "lead",
            "owner": "mia", "notes": EVIL_NOTES, "source": EVIL_NAME}  # fmt: skip
    assert mia.post(f"{person}/edit", edit).status_code == 303
    pages = [person, f"{person}/log", "/people", "/people?q=mallory",
             account.headers["location"], "/accounts", "/today", "/settings"]  # fmt: skip
    escaped = 0
    for path in pages:
        html = mia.client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        escaped += html.count("&lt;script&gt;alert(") + html.count("&lt;img src=x")
    assert escaped >= 10
    today = mia.client.get("/today").text
    assert "&lt;img src=x onerror=alert(&#39;notes&#39;)&gt;" in today  # our overdue promise
    with served.api("mia") as api:
        document = api.get(f"/api/people/{pid}").json()
        assert document["name"] == EVIL_NAME and document["notes"] == EVIL_NOTES


def test_pages_forbid_framing_sniffing_and_foreign_scripts(served: Served) -> None:
    mia = served.browser_session("mia")
    for path in ("/today", "/signin"):
        headers = mia.client.get(path).headers
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    with served.api("mia") as api:
        assert api.get("/api/me").headers["x-content-type-options"] == "nosniff"


def test_the_edit_form_adds_and_removes_emails_and_phones(served: Served) -> None:
    mia = served.browser_session("mia")
    person = mia.post("/people", {"name": "Hans", "email": "a@x.example, b@x.example"})
    path = person.headers["location"]
    form = {"version": "1", "name": "Hans", "timezone": "UTC", "stage": "lead", "owner": "mia",
            "emails_before": "a@x.example,b@x.example", "emails": "b@x.example\nc@x.example",
            "phones": "+49 30 1234567"}  # fmt: skip
    assert mia.post(f"{path}/edit", form).status_code == 303
    with served.api("mia") as api:
        shown = api.get(f"/api{path}").json()
    assert shown["emails"] == ["b@x.example", "c@x.example"]
    assert len(shown["phones"]) == 1


def test_changing_the_password_ends_the_sessions(served: Served) -> None:
    mia = served.browser_session("mia")
    elsewhere = served.browser_session("mia")
    changed = mia.post("/settings/password", {"password": "a brand new one"})
    assert changed.status_code == 303 and changed.headers["location"] == "/signin"
    assert elsewhere.client.get("/today").status_code == 303  # signed out there too
    with fresh(served) as client:
        assert sign_in(client, "mia", PASSWORD).status_code == 401
        assert sign_in(client, "mia", "a brand new one").status_code == 303
    again = served.browser_session_with("mia", "a brand new one")
    refused = again.post("/settings/password", {"password": "short"})
    assert refused.status_code == 422 and "at least 8 characters" in refused.text
