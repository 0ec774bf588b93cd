"""Relationship intelligence through the REST API on a real server over SQLite and
PostgreSQL: links and interests, the content library, the visit planner, culture profiles
(admins edit), service tiers (admins set), requests and feedback; status codes; a viewer
refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import error_of


def made(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return dict(response.json())


def braun(api: httpx.Client) -> dict[str, int]:
    """A German account and three people (Hans a prospect in Munich); ids by first name."""
    account = made(api.post("/api/accounts", json={"name": "Braun Maschinenbau GmbH",
                                                    "country": "DE"}))  # fmt: skip
    ids = {"account": account["id"]}
    for name, extra in [
        ("Hans Braun", {"stage": "prospect", "address": "Leopoldstraße 1, 80802 München"}),
        ("Jens Oberholz", {"stage": "customer"}),
        ("Petra Lang", {"stage": "customer"}),
    ]:
        body = {"name": name, "account": "Braun Maschinenbau GmbH", **extra}
        ids[name.split()[0]] = made(api.post("/api/people", json=body))["id"]
    return ids


def test_links_and_interests(served: Served) -> None:
    with served.api("mia") as api:
        ids = braun(api)
        hans, jens = ids["Hans"], ids["Jens"]
        linked = made(api.post(f"/api/people/{hans}/links", json={"other": jens, "as": "knows"}))
        assert linked == {
            "person": {"id": hans, "name": "Hans Braun"},
            "other": {"id": jens, "name": "Jens Oberholz"},
            "as": "knows",
        }
        error_of(api.post(f"/api/people/{jens}/links", json={"other": hans, "as": "knows"}), 409,
                 "conflict")  # fmt: skip
        made(api.post(f"/api/people/{jens}/links", json={"other": "Petra Lang",
                                                         "as": "reports_to"}))  # fmt: skip
        ties = api.get(f"/api/people/{jens}/links").json()
        assert [(x["as"], x["name"]) for x in ties["links"]] == [
            ("reports_to", "Petra Lang"), ("knows", "Hans Braun")]  # fmt: skip
        error_of(api.post(f"/api/people/{hans}/links", json={"other": hans, "as": "knows"}), 422,
                 "invalid")  # fmt: skip
        error_of(api.post(f"/api/people/{hans}/links", json={"other": jens, "as": "loves"}), 422,
                 "invalid")  # fmt: skip
        error_of(api.post(f"/api/people/{hans}/links", json={"other": 999, "as": "knows"}), 404,
                 "not_found")  # fmt: skip
        assert api.delete(f"/api/people/{jens}/links/{hans}").json() == {"removed": 1}
        error_of(api.delete(f"/api/people/{jens}/links/{hans}"), 404, "not_found")
        changed = api.patch(f"/api/people/{hans}/interests",
                            json={"add": ["Predictive Maintenance", "OPC UA"]})  # fmt: skip
        assert changed.json()["interests"] == ["OPC UA", "Predictive Maintenance"]
        api.patch(f"/api/people/{hans}/interests", json={"remove": ["opc ua"]})
        assert api.get(f"/api/people/{hans}/interests").json()["interests"] == [
            "Predictive Maintenance"]  # fmt: skip
        assert api.get(f"/api/people/{hans}/links").json()["interests"] == [
            "Predictive Maintenance"]  # fmt: skip
        error_of(api.patch(f"/api/people/{hans}/interests", json={"add": [""]}), 422, "invalid")


def test_the_content_library(served: Served) -> None:
    with served.api("mia") as api:
        ids = braun(api)
        api.patch(f"/api/people/{ids['Hans']}/interests", json={"add": ["condition monitoring"]})
        case = made(api.post("/api/content", json={
            "title": "Case study: Krämer cuts downtime", "kind": "case_study",
            "topics": ["Condition Monitoring", "retrofit"],
            "url": "https://example.com/kraemer"}))  # fmt: skip
        assert case["topics"] == ["Condition Monitoring", "retrofit"] and case["sent"] == 0
        note = made(api.post("/api/content", json={"title": "Release 4.2", "kind": "release_note",
                                                   "topics": ["release"]}))  # fmt: skip
        everything = api.get("/api/content").json()
        assert [c["id"] for c in everything["content"]] == [note["id"], case["id"]]
        assert everything["total"] == 2
        paged = api.get("/api/content", params={"limit": 1, "offset": 1}).json()
        assert [c["id"] for c in paged["content"]] == [case["id"]] and paged["total"] == 2
        on_topic = api.get("/api/content", params={"topic": "RETROFIT"}).json()["content"]
        assert [c["id"] for c in on_topic] == [case["id"]]
        for_hans = api.get("/api/content", params={"for": str(ids["Hans"])}).json()
        assert for_hans["person"]["name"] == "Hans Braun"
        assert [c["id"] for c in for_hans["content"]] == [case["id"]]
        sent = made(api.post(f"/api/content/{case['id']}/sends", json={"to": ids["Hans"]}))
        assert sent["person_id"] == ids["Hans"] and sent["content"]["sent"] == 1
        assert api.get("/api/content", params={"for": str(ids["Hans"])}).json()["content"] == []
        error_of(api.post("/api/content", json={"title": "X", "topics": []}), 422, "invalid")
        error_of(api.post("/api/content", json={"title": "X", "topics": ["a"], "kind": "meme"}),
                 422, "invalid")  # fmt: skip
        error_of(api.post("/api/content", json={"title": "X", "topics": ["a"], "url": "ftp://x"}),
                 422, "invalid")  # fmt: skip
        for ident in ("999", "2147483648"):
            error_of(api.post(f"/api/content/{ident}/sends", json={"to": ids["Hans"]}), 404,
                     "not_found")  # fmt: skip


def test_the_visit_planner(served: Served) -> None:
    today = datetime.now(UTC).date()
    span = {"from": (today + timedelta(7)).isoformat(), "to": (today + timedelta(9)).isoformat()}
    with served.api("mia") as api:
        ids = braun(api)
        found = api.get("/api/visits", params={"city": "Munich", **span}).json()
        assert found["city"] == "München" and found["from"] == span["from"]
        (hans,) = found["people"]
        assert hans["id"] == ids["Hans"] and hans["matched_by"] == "address"
        assert hans["reasons"] and "München" in hans["note"]
        assert found == Cli(served.db_url, "mia").json(
            "visit", "Munich", "--from", span["from"], "--to", span["to"])  # fmt: skip
        error_of(api.get("/api/visits", params={"city": "Munich"}), 422, "invalid")
        error_of(api.get("/api/visits", params={"city": "Munich", "from": "soon",
                                                "to": span["to"]}), 422, "invalid")  # fmt: skip
    with served.api("anna") as anna:
        assert anna.get("/api/visits", params={"city": "Munich", **span}).json()["people"] == []
        everyone = anna.get("/api/visits", params={"city": "Munich", "all": True, **span}).json()
        assert [p["id"] for p in everyone["people"]] == [ids["Hans"]]


def test_admins_edit_and_reset_culture_profiles(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        shown = mia.get("/api/cultures/de").json()
        gap = {f["field"]: f for f in shown["fields"]}["min_gap_days"]
        assert gap["origin"] != "workspace"
        edit = {
            "set": {"min_gap_days": 10, "cadence_days.lead": 21},
            "add": {"notes": ["Calls before 9 are welcome."]},
            "note": "our customers",
        }
        error_of(mia.patch("/api/cultures/de", json=edit), 403, "forbidden")
        edited = anna.patch("/api/cultures/de", json=edit)
        assert edited.status_code == 200, edited.text
        fields = {f["field"]: f for f in edited.json()["fields"]}
        assert fields["min_gap_days"]["value"] == 10
        assert fields["min_gap_days"]["origin"] == "workspace"
        assert "our customers" in fields["min_gap_days"]["note"]
        assert fields["cadence_days.lead"]["value"] == 21
        assert "Calls before 9 are welcome." in fields["notes"]["value"]
        assert "recomputed" in edited.json()
        assert {c["key"]: c["min_gap_days"] for c in mia.get("/api/cultures").json()["cultures"]}[
            "de"] == 10  # fmt: skip
        error_of(anna.patch("/api/cultures/de", json={"set": {"colour": "red"}}), 422, "invalid")
        error_of(anna.patch("/api/cultures/de", json={"set": {"min_gap_days": -3}}), 422,
                 "invalid")  # fmt: skip
        error_of(anna.patch("/api/cultures/de", json={}), 422, "invalid")
        error_of(anna.patch("/api/cultures/mars", json=edit), 422, "invalid")
        reset = anna.post("/api/cultures/de/reset", json={"fields": ["min_gap_days"]}).json()
        assert reset["reset"] == ["min_gap_days"]
        assert {f["field"]: f for f in mia.get("/api/cultures/de").json()["fields"]}[
            "min_gap_days"]["origin"] != "workspace"  # fmt: skip
        anna.post("/api/cultures/de/reset", json={})
        error_of(anna.post("/api/cultures/de/reset", json={}), 409, "conflict")
        new = {"key": "nordics", "set": {"name": "Nordics", "countries": ["SE", "NO"],
                                         "min_gap_days": 5}}  # fmt: skip
        error_of(mia.post("/api/cultures", json=new), 403, "forbidden")
        assert made(anna.post("/api/cultures", json=new))["key"] == "nordics"
        error_of(anna.post("/api/cultures", json=new), 409, "conflict")
        assert mia.get("/api/cultures/nordics").json()["name"] == "Nordics"
        error_of(mia.get("/api/cultures/mars"), 422, "invalid")


def test_tiers_requests_and_breaches(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        ids = braun(mia)
        premium = {"name": "premium", "response_minutes": 240, "checkin_days": 90,
                   "price": "EUR 450 / month"}  # fmt: skip
        error_of(mia.post("/api/tiers", json=premium), 403, "forbidden")
        assert made(anna.post("/api/tiers", json=premium))["response"] == "4 hours"
        error_of(anna.post("/api/tiers", json=premium), 409, "conflict")
        error_of(anna.post("/api/tiers", json={"name": "x", "response_minutes": 0}), 422,
                 "invalid")  # fmt: skip
        made(anna.post("/api/tiers", json={"name": "basic", "response_minutes": 2880,
                                           "default": True}))  # fmt: skip
        changed = anna.patch("/api/tiers/premium", json={"response_minutes": 120}).json()
        assert changed["response"] == "2 hours" and changed["price"] == "EUR 450 / month"
        error_of(mia.patch("/api/tiers/premium", json={"price": "free"}), 403, "forbidden")
        error_of(anna.patch("/api/tiers/gold", json={"price": "free"}), 404, "not_found")
        listed = mia.get("/api/tiers").json()
        assert [t["name"] for t in listed["tiers"]] == ["premium", "basic"]
        assert [t["default"] for t in listed["tiers"]] == [False, True]
        account = f"/api/accounts/{ids['account']}"
        chosen = mia.put(f"{account}/tier", json={"tier": "premium"}).json()
        assert chosen["tier"] == "premium" and chosen["next_checkin"]
        error_of(mia.put(f"{account}/tier", json={"tier": "gold"}), 404, "not_found")
        received = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
        late = made(mia.post(f"{account}/requests", json={"what": "Sensor offline",
                                                          "at": received}))  # fmt: skip
        assert late["tier"] == "premium" and late["breach"] is True and late["owner"] == "mia"
        fresh = made(mia.post(f"{account}/requests", json={"what": "Two more logins",
                                                           "person": ids["Jens"]}))  # fmt: skip
        assert fresh["person"]["name"] == "Jens Oberholz" and fresh["breach"] is False
        page = mia.get("/api/requests", params={"limit": 1}).json()
        assert page["total"] == 2 and page["requests"][0]["id"] == late["id"]  # soonest due
        answered = mia.post(f"/api/requests/{fresh['id']}/done", json={"notes": "done"}).json()
        assert answered["status"] == "done" and answered["breach"] is False
        error_of(mia.post(f"/api/requests/{fresh['id']}/done", json={}), 409, "conflict")
        assert mia.get("/api/requests").json()["total"] == 1
        assert mia.get("/api/requests", params={"all": True}).json()["total"] == 2
        mine = mia.get("/api/requests", params={"account": "Braun Maschinenbau GmbH"}).json()
        assert mine["total"] == 1
        breaches = mia.get("/api/requests/breaches").json()
        assert [b["id"] for b in breaches["breaches"]] == [late["id"]]
        assert breaches["tiers"] == [{"tier": "premium", "requests": 2, "breaches": 1}]
        error_of(mia.post(f"{account}/requests", json={"what": ""}), 422, "invalid")
        for ident in ("999", "2147483648", "99999999999999999999"):
            error_of(mia.post(f"/api/requests/{ident}/done", json={}), 404, "not_found")
            error_of(mia.post(f"/api/accounts/{ident}/requests", json={"what": "x"}), 404,
                     "not_found")  # fmt: skip
            error_of(mia.put(f"/api/accounts/{ident}/tier", json={"tier": None}), 404,
                     "not_found")  # fmt: skip


def test_feedback_per_account(served: Served) -> None:
    with served.api("mia") as api:
        ids = braun(api)
        account = f"/api/accounts/{ids['account']}/feedback"
        first = made(api.post(account, json={"score": 6, "person": ids["Jens"],
                                             "at": "2025-01-10T10:00"}))  # fmt: skip
        assert first["account"] == "Braun Maschinenbau GmbH" and first["next_checkin"]
        second = made(api.post(account, json={"score": 9, "comment": "much better",
                                              "channel": "phone"}))  # fmt: skip
        listed = api.get(account).json()
        assert [f["id"] for f in listed["feedback"]] == [second["id"], first["id"]]
        assert listed["feedback"][1]["person"]["name"] == "Jens Oberholz"
        assert listed["feedback"][0]["channel"] == "phone" and listed["total"] == 2
        assert listed["account"]["id"] == ids["account"] and listed["next_checkin"]
        assert api.get(account, params={"limit": 1, "offset": 1}).json()["feedback"][0]["id"] == (
            first["id"])  # fmt: skip
        error = error_of(api.post(account, json={"score": 11}), 422, "invalid")
        assert "body.score" in error["fields"]
        error_of(api.post(account, json={"score": 5, "at": "2999-01-01"}), 422, "invalid")
        error_of(api.post(account, json={"score": 5, "channel": "pigeon"}), 422, "invalid")
        for ident in ("999", "2147483648"):
            error_of(api.get(f"/api/accounts/{ident}/feedback"), 404, "not_found")
            error_of(api.post(f"/api/accounts/{ident}/feedback", json={"score": 5}), 404,
                     "not_found")  # fmt: skip


def test_a_viewer_reads_intelligence_and_changes_nothing(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        ids = braun(mia)
        made(anna.post("/api/tiers", json={"name": "premium", "response_minutes": 240}))
        piece = made(mia.post("/api/content", json={"title": "Note", "topics": ["x"]}))
        request = made(mia.post(f"/api/accounts/{ids['account']}/requests", json={"what": "x"}))
    before = workspace_rows(served.db_url)
    hans, account = ids["Hans"], ids["account"]
    with served.api("vic") as vic:
        for path in ("/api/content", "/api/tiers", "/api/requests", f"/api/people/{hans}/links",
                     "/api/cultures/jp", f"/api/accounts/{account}/feedback"):  # fmt: skip
            assert vic.get(path).status_code == 200, path
        writes = [
            ("POST", f"/api/people/{hans}/links", {"other": ids["Jens"], "as": "knows"}),
            ("DELETE", f"/api/people/{hans}/links/{ids['Jens']}", None),
            ("PATCH", f"/api/people/{hans}/interests", {"add": ["x"]}),
            ("POST", "/api/content", {"title": "Mine", "topics": ["x"]}),
            ("POST", f"/api/content/{piece['id']}/sends", {"to": hans}),
            ("PATCH", "/api/cultures/de", {"set": {"min_gap_days": 1}}),
            ("POST", "/api/cultures/de/reset", {}),
            ("POST", "/api/tiers", {"name": "gold", "response_minutes": 60}),
            ("PATCH", "/api/tiers/premium", {"price": "free"}),
            ("PUT", f"/api/accounts/{account}/tier", {"tier": None}),
            ("POST", f"/api/accounts/{account}/requests", {"what": "x"}),
            ("POST", f"/api/requests/{request['id']}/done", {}),
            ("POST", f"/api/accounts/{account}/feedback", {"score": 1}),
        ]
        for method, path, body in writes:
            error = error_of(vic.request(method, path, json=body), 403, "forbidden")
            assert "viewer" in error["message"], (method, path)
    assert workspace_rows(served.db_url) == before
