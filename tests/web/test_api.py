"""The REST API through a real HTTP server, on SQLite and PostgreSQL: every capability of the
CLI as JSON, with its status codes (401, 403, 404, 409, 413, 422) and one error shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows

JSON = {"content-type": "application/json"}


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "fields"}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"].strip()
    return dict(body["error"])


def add_hans(api: httpx.Client) -> dict[str, Any]:
    created = api.post(
        "/api/people",
        json={"name": "Hans Braun", "emails": ["hans@braun.example"], "country": "DE",
              "stage": "prospect", "source": "Hannover Messe"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_without_credentials_every_endpoint_is_401(served: Served) -> None:
    with served.api(None) as api:
        for path in ("/api/today", "/api/people", "/api/people/1", "/api/users", "/api/me"):
            error = error_of(api.get(path), 401, "unauthenticated")
            assert "Bearer" in error["message"]
        assert api.get("/api/today").headers["www-authenticate"] == "Bearer"
        error_of(api.post("/api/people", json={"name": "X"}), 401, "unauthenticated")


def test_a_wrong_or_revoked_token_is_401(served: Served) -> None:
    with httpx.Client(base_url=served.url, headers={"Authorization": "Bearer fu_nope"}) as api:
        error_of(api.get("/api/today"), 401, "unauthenticated")
    with httpx.Client(base_url=served.url, headers={"Authorization": "Basic YTpi"}) as api:
        error_of(api.get("/api/today"), 401, "unauthenticated")
    with served.api("mia") as api:
        mine = api.get("/api/tokens").json()["tokens"]
        assert [t["name"] for t in mine] == ["tests"] and "token" not in mine[0]
        assert api.delete(f"/api/tokens/{mine[0]['id']}").json()["revoked_at"]
        error_of(api.get("/api/today"), 401, "unauthenticated")


def test_tokens_are_personal(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        made = mia.post("/api/tokens", json={"name": "export"})
        assert made.status_code == 201
        secret = made.json()["token"]
        assert secret.startswith("fu_") and len(secret) > 40
        with httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {secret}"}) as c:
            assert c.get("/api/me").json()["name"] == "mia"
        error_of(anna.delete(f"/api/tokens/{made.json()['id']}"), 404, "not_found")
        assert all(t["name"] == "tests" for t in anna.get("/api/tokens").json()["tokens"])


def test_people_are_added_read_listed_and_edited(served: Served) -> None:
    with served.api("mia") as api:
        hans = add_hans(api)
        assert hans["owner"] == "mia" and hans["timezone"] == "Europe/Berlin"
        shown = api.get(f"/api/people/{hans['id']}")
        assert shown.json()["emails"] == ["hans@braun.example"]
        assert shown.headers["etag"] == f'"{hans["version"]}"'
        listed = api.get("/api/people", params={"stage": "prospect"}).json()
        assert listed["total"] == 1 and listed["people"][0]["id"] == hans["id"]
        edited = api.patch(
            f"/api/people/{hans['id']}",
            json={"stage": "customer", "add_phones": ["+49 30 1234567"]},
            headers={"If-Match": shown.headers["etag"]},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["stage"] == "customer"
        assert edited.json()["version"] == hans["version"] + 1
        assert edited.headers["etag"] == f'"{hans["version"] + 1}"'


def test_an_edit_of_a_stale_version_is_409_and_changes_nothing(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        hans = add_hans(mia)
        etag = mia.get(f"/api/people/{hans['id']}").headers["etag"]
        first = anna.patch(f"/api/people/{hans['id']}", json={"notes": "anna was first"},
                           headers={"If-Match": etag})  # fmt: skip
        assert first.status_code == 200
        late = mia.patch(f"/api/people/{hans['id']}", json={"notes": "mia's edit"},
                         headers={"If-Match": etag})  # fmt: skip
        assert "changed by someone else" in error_of(late, 409, "conflict")["message"]
        stale = mia.patch(f"/api/people/{hans['id']}", json={"name": "X", "version": 1})
        error_of(stale, 409, "conflict")
        assert mia.get(f"/api/people/{hans['id']}").json()["notes"] == "anna was first"
        error_of(mia.patch(f"/api/people/{hans['id']}", json={}, headers={"If-Match": "v?"}),
                 422, "invalid")  # fmt: skip


def test_invalid_bodies_are_422_naming_the_fields(served: Served) -> None:
    with served.api("mia") as api:
        error = error_of(api.post("/api/people", json={"stage": "boss"}), 422, "invalid")
        assert set(error["fields"]) == {"body.name", "body.stage"}
        error = error_of(api.post("/api/people", json={"name": "A", "colour": 1}), 422, "invalid")
        assert "body.colour" in error["fields"]
        error = error_of(api.post("/api/people", json={"name": "A", "country": "XX"}), 422,
                         "invalid")  # fmt: skip
        assert "unknown country" in error["message"]
        error_of(api.get("/api/people", params={"limit": 0}), 422, "invalid")
        error_of(api.get("/api/people", params={"culture": "mars"}), 422, "invalid")
        bad_json = api.post(
            "/api/people", content=b"{", headers={"content-type": "application/json"}
        )
        error_of(bad_json, 422, "invalid")


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/api/people/{id}"),
        ("GET", "/api/people/{id}/timeline"),
        ("GET", "/api/accounts/{id}"),
        ("POST", "/api/commitments/{id}/done"),
        ("PUT", "/api/people/{id}/snooze"),
        ("DELETE", "/api/tokens/{id}"),
    ],
)
@pytest.mark.parametrize("ident", ["999", "2147483648", "99999999999999999999", "-1"])
def test_ids_that_do_not_exist_are_404(served: Served, method: str, path: str, ident: str) -> None:
    body = {"until": "2030-01-01"} if "snooze" in path else None
    with served.api("mia") as api:
        answer = api.request(method, path.format(id=ident), json=body)
        error_of(answer, 404, "not_found")


def test_a_viewer_reads_everything_and_changes_nothing(served: Served) -> None:
    with served.api("mia") as mia:
        hans = add_hans(mia)
        logged = mia.post(f"/api/people/{hans['id']}/interactions", json={
            "kind": "call", "notes": "budget", "commitments": [
                {"owner": "us", "what": "send the offer", "due": "2030-01-10"}]})  # fmt: skip
        assert logged.status_code == 201
    before = workspace_rows(served.db_url)
    pid, cid = hans["id"], logged.json()["commitments"][0]["id"]
    with served.api("vic") as vic:
        assert vic.get(f"/api/people/{pid}").status_code == 200
        assert vic.get("/api/today", params={"user": "mia"}).status_code == 200
        writes = [
            ("POST", "/api/people", {"name": "Eve"}),
            ("PATCH", f"/api/people/{pid}", {"notes": "x"}),
            ("PUT", f"/api/people/{pid}/agreement", {"every_days": 7}),
            ("POST", f"/api/people/{pid}/interactions", {"notes": "x"}),
            ("POST", f"/api/people/{pid}/commitments",
             {"owner": "us", "what": "x", "due": "2030-01-01"}),
            ("POST", f"/api/commitments/{cid}/done", None),
            ("PUT", f"/api/people/{pid}/snooze", {"until": "2030-01-01"}),
            ("POST", "/api/accounts", {"name": "Evil Corp"}),
            ("POST", "/api/users", {"name": "eve", "role": "admin"}),
        ]  # fmt: skip
        for method, path, body in writes:
            error = error_of(vic.request(method, path, json=body), 403, "forbidden")
            assert "viewer" in error["message"]
    assert workspace_rows(served.db_url) == before


def test_only_admins_manage_users(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        error_of(mia.post("/api/users", json={"name": "eve"}), 403, "forbidden")
        error_of(mia.patch("/api/users/vic", json={"role": "admin"}), 403, "forbidden")
        made = anna.post("/api/users", json={"name": "eve", "role": "viewer",
                                              "password": "long enough"})  # fmt: skip
        assert made.status_code == 201 and made.json()["can_sign_in"] is True
        eve = made.json()
        promoted = anna.patch("/api/users/eve", json={"role": "member", "version": eve["version"]})
        assert promoted.json()["role"] == "member"
        stale = anna.patch("/api/users/eve", json={"role": "admin", "version": eve["version"]})
        error_of(stale, 409, "conflict")
        error_of(anna.patch("/api/users/anna", json={"role": "viewer"}), 409, "conflict")
        assert (
            anna.put("/api/users/eve/password", json={"password": "another one"}).status_code == 204
        )
        error_of(anna.put("/api/users/nobody/password", json={"password": "another one"}), 404,
                 "not_found")  # fmt: skip


def test_log_promise_keep_and_the_agenda(served: Served) -> None:
    with served.api("mia") as api:
        hans = add_hans(api)
        pid = hans["id"]
        agreed = api.put(f"/api/people/{pid}/agreement", json={"every_days": 14, "min_gap_days": 7,
                                                                "channel": "phone"})  # fmt: skip
        assert agreed.json()["agreement"]["every_days"] == 14
        logged = api.post(f"/api/people/{pid}/interactions", json={
            "kind": "call", "at": "2026-11-10T10:00", "notes": "pricing for line 3",
            "commitments": [
                {"owner": "us", "what": "send revised proposal", "due": "2026-11-20"},
                {"owner": "them", "what": "confirm budget", "due": "2026-11-18"}]})  # fmt: skip
        assert logged.status_code == 201, logged.text
        ours, theirs = logged.json()["commitments"]
        agenda = api.get("/api/today", params={"at": "2026-11-23T08:00"}).json()
        assert agenda["user"] == "mia"
        kinds = {(i["kind"], i["commitment_id"]) for i in agenda["items"]}
        assert {("our_commitment", ours["id"]), ("their_commitment", theirs["id"])} <= kinds
        for item in agenda["items"]:
            assert {"kind", "person", "account", "due", "reason", "channel", "suggestion",
                    "warnings"} <= set(item)  # fmt: skip
        assert api.post(f"/api/commitments/{ours['id']}/done").json()["status"] == "done"
        error_of(api.post(f"/api/commitments/{ours['id']}/done"), 409, "conflict")
        assert api.post(f"/api/commitments/{theirs['id']}/drop").json()["status"] == "dropped"
        added = api.post(f"/api/people/{pid}/commitments",
                         json={"owner": "them", "what": "sign", "due": "2026-12-01"})  # fmt: skip
        assert added.status_code == 201
        listed = api.get(f"/api/people/{pid}/commitments").json()["commitments"]
        assert {c["status"] for c in listed} == {"done", "dropped", "open"}
        events = {e["event"] for e in api.get(f"/api/people/{pid}/timeline").json()["entries"]}
        assert events == {"interaction", "promised", "done", "dropped"}
        snoozed = api.put(f"/api/people/{pid}/snooze", json={"until": "2030-01-07"})
        assert snoozed.json()["snoozed_until"]
        assert api.delete(f"/api/people/{pid}/snooze").json()["snoozed_until"] is None
        error_of(api.put(f"/api/people/{pid}/snooze", json={"until": "2001-01-01"}), 422, "invalid")


def test_the_agenda_is_the_one_the_cli_prints(demo_served: Served) -> None:
    at = datetime.now(UTC).isoformat()  # the demo is dated from now
    cli = Cli(demo_served.db_url)
    for user in ("anna", "mike", "kenji"):
        with demo_served.api(user) as api:
            served = api.get("/api/today", params={"at": at}).json()
        assert served == cli.json("today", "--at", at, "--user", user)
        assert served["items"]


def test_people_pages_filters_and_search(demo_served: Served) -> None:
    cli = Cli(demo_served.db_url)
    everyone = cli.json("person", "list")["people"]  # type: ignore[index]
    with demo_served.api("mike") as api:
        seen: list[int] = []
        offset = 0
        while True:
            page = api.get("/api/people", params={"limit": 7, "offset": offset}).json()
            assert page["total"] == len(everyone) and page["limit"] == 7
            seen += [p["id"] for p in page["people"]]
            offset += 7
            if offset >= page["total"]:
                break
        assert sorted(seen) == sorted(p["id"] for p in everyone) and len(set(seen)) == len(seen)
        for owner in ("anna", "omar"):
            found = api.get("/api/people", params={"owner": owner, "limit": 500}).json()["people"]
            assert {p["id"] for p in found} == {p["id"] for p in everyone if p["owner"] == owner}
        events = {p["source"] for p in everyone if p["source"]}
        for event in events:
            found = api.get("/api/people", params={"event": event, "limit": 500}).json()["people"]
            assert {p["id"] for p in found} == {p["id"] for p in everyone if p["source"] == event}
        first = everyone[0]
        found = api.get("/api/people", params={"q": first["name"].split()[-1].upper()}).json()
        assert first["id"] in {p["id"] for p in found["people"]}
        found = api.get("/api/people", params={"q": first["emails"][0][:6]}).json()
        assert first["id"] in {p["id"] for p in found["people"]}
        found = api.get("/api/people", params={"q": "%"}).json()
        assert found["total"] == 0


def test_the_culture_filter_agrees_with_each_persons_profile(demo_served: Served) -> None:
    cli = Cli(demo_served.db_url)
    everyone = cli.json("person", "list")["people"]  # type: ignore[index]
    culture = {p["id"]: cli.json("person", "show", str(p["id"]))["culture"] for p in everyone}  # type: ignore[index]
    with demo_served.api("anna") as api:
        keys = [c["key"] for c in api.get("/api/cultures").json()["cultures"]]
        for key in keys:
            found = api.get("/api/people", params={"culture": key, "limit": 500}).json()
            assert {p["id"] for p in found["people"]} == {i for i, c in culture.items() if c == key}
    assert len(set(culture.values())) >= 4


def test_accounts_are_listed_added_and_shown(served: Served) -> None:
    with served.api("mia") as api:
        made = api.post("/api/accounts", json={"name": "Tanaka Seiki K.K.", "country": "JP"})
        assert made.status_code == 201 and made.json()["culture"] == "jp"
        error_of(api.post("/api/accounts", json={"name": "tanaka seiki k.k."}), 409, "conflict")
        page = api.get("/api/accounts", params={"q": "tanaka"}).json()
        assert page["total"] == 1 and page["accounts"][0]["owner"] == "mia"
        api.post("/api/accounts", json={"name": "Aoba 100% Systems"})
        assert api.get("/api/accounts", params={"q": "%"}).json()["total"] == 1
        assert api.get("/api/accounts", params={"q": "_"}).json()["total"] == 0
        second = api.get("/api/accounts", params={"limit": 1, "offset": 1}).json()
        assert second["total"] == 2 and second["accounts"][0]["name"] == "Tanaka Seiki K.K."
        assert api.get(f"/api/accounts/{made.json()['id']}").json()["etiquette"]["notes"]


def test_an_account_on_an_undefined_tier_carries_a_warning_until_it_is_defined(
    served: Served,
) -> None:
    with served.api("mia") as api:
        made = api.post("/api/accounts", json={"name": "Initech", "tier": "platinum"}).json()
        assert made["tier"] == "platinum"
        assert made["warnings"] and "tier 'platinum' is not defined" in made["warnings"][0]
        page = served.browser_session("mia").client.get(f"/accounts/{made['id']}").text
        assert "tier &#39;platinum&#39; is not defined" in page
    with served.api("anna") as admin:
        tier = {"name": "platinum", "response_minutes": 240}
        assert admin.post("/api/tiers", json=tier).status_code == 201
        assert admin.get(f"/api/accounts/{made['id']}").json()["warnings"] == []


def test_oversized_bodies_are_413(served: Served) -> None:
    big = b'{"name": "' + b"x" * (3 * 2**20) + b'"}'
    with served.api("mia") as api:
        error_of(api.post("/api/people", content=big, headers={"content-type": "application/json"}),
                 413, "too_large")  # fmt: skip

        def chunks() -> Any:
            for _ in range(48):
                yield b"x" * 2**16

        streamed = api.post(
            "/api/people", content=chunks(), headers={"content-type": "application/json"}
        )
        error_of(streamed, 413, "too_large")
        notes = api.post("/api/people", json={"name": "N", "notes": "x" * 100_001})
        assert "body.notes" in error_of(notes, 422, "invalid")["fields"]


def test_a_browser_session_writes_only_with_the_csrf_header(served: Served) -> None:
    browser = served.browser_session("mia")
    client = browser.client
    assert client.get("/api/me").json()["name"] == "mia"
    error_of(client.post("/api/people", json={"name": "Eve"}), 403, "forbidden")
    error_of(client.post("/api/people", json={"name": "Eve"}, headers={"X-CSRF-Token": "forged"}),
             403, "forbidden")  # fmt: skip
    made = client.post("/api/people", json={"name": "Eve"}, headers={"X-CSRF-Token": browser.csrf})
    assert made.status_code == 201


def test_the_openapi_document_describes_the_api(served: Served) -> None:
    with served.api(None) as api:
        document = api.get("/api/openapi.json").json()
    paths = set(document["paths"])
    assert {"/api/today", "/api/people", "/api/people/{person_id}", "/api/tokens"} <= paths
    assert not any(not p.startswith("/api/") for p in paths), "web pages leak into the API"


def test_agreed_rhythms_are_listed_by_name(demo_served: Served) -> None:
    with demo_served.api("omar") as api:  # a viewer reads them too
        page = api.get("/api/agreements", params={"limit": 3}).json()
        rest = api.get("/api/agreements", params={"limit": 500, "offset": 3}).json()
    assert page["total"] == 3 + len(rest["agreements"]) and page["total_exact"]
    names = [a["person"]["name"].casefold() for a in page["agreements"] + rest["agreements"]]
    assert names == sorted(names) and len(names) >= 5
    assert all(a["every_days"] >= 1 and a["owner"] for a in page["agreements"])
