"""Deals and mutual action plans through the REST API, on a real server over SQLite and
PostgreSQL: the same documents as the CLI, their status codes, and a viewer refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from followup.formats.plan_pdf import available_fonts
from tests.conftest import Cli
from tests.web.conftest import SECRET_NOTE, Served, workspace_rows
from tests.web.test_api import error_of

YEAR = datetime.now(UTC).year + 1  # the server runs on the real clock: plan in the future
TEAM_TEMPLATE = (
    '[templates.quick_pilot]\nname = "Quick pilot"\nplan = "decision"\n'
    '[[templates.quick_pilot.steps]]\nkey = "pilot"\ntitle = "Pilot"\nside = "them"\n'
    'role = "user"\ndays = 10\n'
    '[[templates.quick_pilot.steps]]\nkey = "go"\ntitle = "Go or no go"\nside = "them"\n'
    'role = "decision_maker"\ndays = 1\nafter = ["pilot"]\n'
)


def made(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return dict(response.json())


def tanaka(api: httpx.Client) -> dict[str, int]:
    """A Japanese account with two people; their ids by first name."""
    made(api.post("/api/accounts", json={"name": "Tanaka Seiki KK", "country": "JP"}))
    ids = {}
    for name, email in [("Keiko Tanaka", "keiko@tanaka.example"), ("Hiroshi Sato", None)]:
        body = {"name": name, "account": "Tanaka Seiki KK", "emails": [email] if email else []}
        ids[name.split()[0]] = made(api.post("/api/people", json=body))["id"]
    return ids


def add_deal(api: httpx.Client, people: dict[str, int], **extra: Any) -> dict[str, Any]:
    body = {
        "account": "Tanaka Seiki KK",
        "title": "Line 3 monitoring",
        "contacts": [
            {"person": "keiko@tanaka.example"},
            {"person": people["Hiroshi"], "role": "decision_maker"},
        ],
        "value": 12000000,
        "currency": "JPY",
        "notes": SECRET_NOTE,
        **extra,
    }
    return made(api.post("/api/deals", json=body))


def test_a_deal_from_first_meeting_to_the_win(served: Served) -> None:
    cli = Cli(served.db_url)
    with served.api("mia") as api:
        people = tanaka(api)
        deal = add_deal(
            api, people, decision_by=f"{YEAR}-06-30", template="japan_consensus", stage="discovery"
        )
        assert deal["owner"] == "mia" and deal["stage"] == "discovery"
        assert deal["value"] == "12000000" and deal["timezone"] == "Asia/Tokyo"
        assert {p["name"]: p["role"] for p in deal["people"]} == {
            "Keiko Tanaka": "champion", "Hiroshi Sato": "decision_maker"}  # fmt: skip
        assert deal["milestones"] and deal["rules"]["culture"] == "jp"
        # The API answers what the CLI prints: the same services behind both.
        assert api.get(f"/api/deals/{deal['id']}").json() == cli.json("deal", "show", "1")
        moved = api.post(f"/api/deals/{deal['id']}/move", json={"stage": "decision"})
        assert moved.json()["stage"] == "decision"
        won = api.post(f"/api/deals/{deal['id']}/win", json={"live_by": f"{YEAR}-12-01"})
        assert won.status_code == 200, won.text
        assert won.json()["stage"] == "won" and won.json()["won_at"]
        assert any(m["plan"] == "delivery" for m in won.json()["milestones"])
        error_of(api.post(f"/api/deals/{deal['id']}/win", json={}), 409, "conflict")
        other = add_deal(api, people, title="Line 4")
        lost = api.post(f"/api/deals/{other['id']}/lose", json={"reason": "budget frozen"})
        assert lost.json()["stage"] == "lost" and lost.json()["lost_reason"] == "budget frozen"
        error_of(api.post(f"/api/deals/{other['id']}/move", json={"stage": "lead"}), 409,
                 "conflict")  # fmt: skip


def test_deals_are_listed_filtered_and_paged(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        people = tanaka(mia)
        first = add_deal(mia, people)
        second = add_deal(anna, people, title="Line 4", stage="deliberation")
        third = add_deal(mia, people, title="Line 5")
        mia.post(f"/api/deals/{third['id']}/lose", json={"reason": "no budget"})
        page = mia.get("/api/deals", params={"limit": 1}).json()
        assert page["total"] == 2 and len(page["deals"]) == 1 and page["total_exact"]
        rest = mia.get("/api/deals", params={"limit": 1, "offset": 1}).json()["deals"]
        assert {page["deals"][0]["id"], rest[0]["id"]} == {first["id"], second["id"]}
        ids = {d["id"] for d in mia.get("/api/deals", params={"all": True}).json()["deals"]}
        assert ids == {first["id"], second["id"], third["id"]}
        by_stage = mia.get("/api/deals", params={"stage": "deliberation"}).json()["deals"]
        assert [d["id"] for d in by_stage] == [second["id"]]
        by_owner = mia.get("/api/deals", params={"owner": "anna"}).json()["deals"]
        assert [d["id"] for d in by_owner] == [second["id"]]
        by_account = mia.get("/api/deals", params={"account": "tanaka seiki kk"}).json()
        assert by_account["total"] == 2
        error_of(mia.get("/api/deals", params={"account": "Nobody"}), 404, "not_found")
        error_of(mia.get("/api/deals", params={"stage": "boss"}), 422, "invalid")
        error_of(mia.get("/api/deals", params={"limit": 501}), 422, "invalid")


def test_the_people_in_a_decision(served: Served) -> None:
    with served.api("mia") as api:
        people = tanaka(api)
        deal = add_deal(api, people)
        path = f"/api/deals/{deal['id']}/people/{people['Keiko']}"
        changed = api.put(path, json={"role": "approver"}).json()
        assert {p["role"] for p in changed["people"] if p["name"] == "Keiko Tanaka"} >= {"approver"}
        error_of(api.put(path, json={"role": "approver"}), 409, "conflict")
        error_of(api.put(path, json={"role": "boss"}), 422, "invalid")
        left = api.delete(path).json()
        assert "Keiko Tanaka" not in {p["name"] for p in left["people"]}
        last = f"/api/deals/{deal['id']}/people/{people['Hiroshi']}"
        error_of(api.delete(last), 409, "conflict")
        error_of(api.put(f"/api/deals/{deal['id']}/people/999", json={}), 404, "not_found")


def test_a_plan_with_checkpoints_dependencies_and_templates(served: Served) -> None:
    with served.api("mia") as api:
        people = tanaka(api)
        deal = add_deal(api, people, decision_by=f"{YEAR}-06-30")
        steps = f"/api/deals/{deal['id']}/milestones"
        review = made(api.post(steps, json={"title": "Security review", "due": f"{YEAR}-03-02"}))
        assert review["deal_id"] == deal["id"] and review["status"] == "open"
        trial = made(api.post(steps, json={"title": "Trial", "due": f"{YEAR}-03-04", "side": "them",
                                           "after": [review["id"]]}))  # fmt: skip
        assert trial["depends_on"] == [review["id"]] and trial["side"] == "them"
        check = made(api.post(steps, json={"title": "Review together", "due": f"{YEAR}-04-01",
                                           "checkpoint": True}))  # fmt: skip
        assert check["kind"] == "checkpoint" and check["side"] == "both"
        slipped = api.post(f"/api/milestones/{review['id']}/slip", json={"to": f"{YEAR}-03-09"})
        assert slipped.json()["due_on"] == f"{YEAR}-03-09"
        assert slipped.json()["moved_with_it"] == [trial["id"]]
        assert api.post(f"/api/milestones/{review['id']}/done").json()["status"] == "done"
        error_of(api.post(f"/api/milestones/{review['id']}/done"), 409, "conflict")
        assert api.post(f"/api/milestones/{check['id']}/drop").json()["status"] == "dropped"
        error_of(api.post(steps, json={"title": "Late", "due": "2001-01-01"}), 422, "invalid")
        error_of(api.post(steps, json={"title": "X", "due": f"{YEAR}-03-01", "after": [2**31]}),
                 422, "invalid")  # fmt: skip
        # The team's own template, listed beside the shipped ones, laid out in the plan.
        added = api.post("/api/plan-templates", json={"toml": TEAM_TEMPLATE})
        assert made(added) == {"added": ["quick_pilot"]}
        error_of(api.post("/api/plan-templates", json={"toml": TEAM_TEMPLATE}), 409, "conflict")
        error_of(api.post("/api/plan-templates", json={"toml": "[x"}), 422, "invalid")
        listed = api.get("/api/plan-templates", params={"limit": 100}).json()
        shipped = {t["key"]: t["shipped"] for t in listed["templates"]}
        assert shipped["quick_pilot"] is False and shipped["japan_consensus"] is True
        assert listed["total"] == len(shipped)
        assert [s["key"] for s in api.get("/api/plan-templates/quick_pilot").json()["steps"]] == [
            "pilot", "go"]  # fmt: skip
        laid = api.post(f"/api/deals/{deal['id']}/plan", json={"template": "quick_pilot"}).json()
        assert {m["step"] for m in laid["milestones"]} >= {"pilot", "go"}
        assert api.delete("/api/plan-templates/quick_pilot").status_code == 204
        error_of(api.get("/api/plan-templates/quick_pilot"), 404, "not_found")


def test_share_links_are_made_listed_and_revoked(served: Served) -> None:
    with served.api("mia") as api:
        deal = add_deal(api, tanaka(api))
        links = f"/api/deals/{deal['id']}/share-links"
        first = made(api.post(links, json={"expires_days": 14}))
        assert first["url"].startswith("http://127.0.0.1:8000/shared/") and first["expires_at"]
        second = made(api.post(links, json={}))
        listed = api.get(links).json()["share_links"]
        assert [(x["id"], x["state"]) for x in listed] == [
            (first["link_id"], "active"), (second["link_id"], "active")]  # fmt: skip
        assert first["url"].rsplit("/", 1)[1] not in api.get(links).text  # shown once only
        assert api.delete(f"{links}/{first['link_id']}").json()["revoked"] == [first["link_id"]]
        error_of(api.delete(f"{links}/{first['link_id']}"), 404, "not_found")
        assert api.delete(links).json()["revoked"] == [second["link_id"]]
        error_of(api.delete(links), 409, "conflict")
        assert {x["state"] for x in api.get(links).json()["share_links"]} == {"revoked"}
        error_of(api.post(links, json={"expires_days": 0}), 422, "invalid")


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [
        ("markdown", "text/markdown", b"# Line 3 monitoring"),
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("ics", "text/calendar", b"BEGIN:VCALENDAR"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_the_plan_exports_with_their_media_types(
    served: Served, fmt: str, media: str, start: bytes
) -> None:
    with served.api("mia") as api:
        deal = add_deal(api, tanaka(api), decision_by=f"{YEAR}-06-30", template="japan_consensus")
        answer = api.get(f"/api/deals/{deal['id']}/plan", params={"format": fmt})
        if fmt == "pdf" and not available_fonts():
            error_of(answer, 422, "invalid")  # no Unicode font on this machine: said so
            return
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith(media)
        suffix = "md" if fmt == "markdown" else fmt
        assert answer.headers["content-disposition"] == f'attachment; filename="plan.{suffix}"'
        assert answer.content.startswith(start)
        assert SECRET_NOTE.encode() not in answer.content  # internal notes stay inside
        error_of(api.get(f"/api/deals/{deal['id']}/plan", params={"format": "doc"}), 422,
                 "invalid")  # fmt: skip


def test_invalid_deals_are_422_naming_the_fields(served: Served) -> None:
    with served.api("mia") as api:
        people = tanaka(api)
        error = error_of(api.post("/api/deals", json={}), 422, "invalid")
        assert {"body.account", "body.title", "body.contacts"} <= set(error["fields"])
        bad = {"account": "Tanaka Seiki KK", "title": "X", "contacts": []}
        assert "body.contacts" in error_of(api.post("/api/deals", json=bad), 422, "invalid")[
            "fields"]  # fmt: skip
        error = error_of(api.post("/api/deals", json={**bad, "contacts": [{"person": "Keiko"}],
                                                        "value": 5}), 422, "invalid")  # fmt: skip
        assert "currency" in error["message"]
        won = {**bad, "contacts": [{"person": people["Keiko"]}], "stage": "won"}
        assert "open stage" in error_of(api.post("/api/deals", json=won), 422, "invalid")["message"]
        error_of(api.post("/api/deals", json={**won, "stage": "lead", "account": "Nobody"}), 404,
                 "not_found")  # fmt: skip
        deal = add_deal(api, people)
        error_of(api.post(f"/api/deals/{deal['id']}/move", json={}), 422, "invalid")
        error_of(api.post(f"/api/deals/{deal['id']}/lose", json={"reason": ""}), 422, "invalid")


UNKNOWN = [
    ("GET", "/api/deals/{id}", None),
    ("POST", "/api/deals/{id}/move", {"stage": "decision"}),
    ("POST", "/api/deals/{id}/win", {}),
    ("POST", "/api/deals/{id}/lose", {"reason": "x"}),
    ("PUT", "/api/deals/{id}/people/1", {}),
    ("POST", "/api/deals/{id}/milestones", {"title": "x", "due": "2099-01-01"}),
    ("POST", "/api/milestones/{id}/done", None),
    ("POST", "/api/milestones/{id}/slip", {"to": "2099-01-01"}),
    ("POST", "/api/deals/{id}/plan", {"template": "japan_consensus"}),
    ("GET", "/api/deals/{id}/plan?format=html", None),
    ("POST", "/api/deals/{id}/share-links", {}),
    ("GET", "/api/deals/{id}/share-links", None),
    ("DELETE", "/api/deals/{id}/share-links", None),
]


def test_unknown_deals_and_milestones_are_404(served: Served) -> None:
    with served.api("mia") as api:
        for ident in ("999", "2147483648", "99999999999999999999"):
            for method, path, body in UNKNOWN:
                answer = api.request(method, path.format(id=ident), json=body)
                assert answer.status_code == 404, (method, path, ident, answer.text)
                error_of(answer, 404, "not_found")


def test_a_viewer_reads_deals_and_changes_nothing(served: Served) -> None:
    with served.api("mia") as mia:
        people = tanaka(mia)
        deal = add_deal(mia, people, decision_by=f"{YEAR}-06-30", template="japan_consensus")
        step = deal["milestones"][0]["id"]
        link = made(mia.post(f"/api/deals/{deal['id']}/share-links", json={}))
    before = workspace_rows(served.db_url)
    d = deal["id"]
    with served.api("vic") as vic:
        assert vic.get(f"/api/deals/{d}").json()["id"] == d
        assert vic.get("/api/deals").json()["total"] == 1
        assert vic.get(f"/api/deals/{d}/plan", params={"format": "markdown"}).status_code == 200
        writes = [
            ("POST", "/api/deals", {"account": "Tanaka Seiki KK", "title": "Mine",
                                    "contacts": [{"person": people["Keiko"]}]}),
            ("POST", f"/api/deals/{d}/move", {"stage": "decision"}),
            ("POST", f"/api/deals/{d}/win", {}),
            ("POST", f"/api/deals/{d}/lose", {"reason": "x"}),
            ("PUT", f"/api/deals/{d}/people/{people['Keiko']}", {"role": "legal"}),
            ("DELETE", f"/api/deals/{d}/people/{people['Keiko']}", None),
            ("POST", f"/api/deals/{d}/milestones", {"title": "x", "due": f"{YEAR}-03-01"}),
            ("POST", f"/api/milestones/{step}/done", None),
            ("POST", f"/api/milestones/{step}/slip", {"to": f"{YEAR}-03-01"}),
            ("POST", f"/api/deals/{d}/plan", {"template": "japan_consensus"}),
            ("POST", "/api/plan-templates", {"toml": TEAM_TEMPLATE}),
            ("POST", f"/api/deals/{d}/share-links", {}),
            ("DELETE", f"/api/deals/{d}/share-links/{link['link_id']}", None),
        ]  # fmt: skip
        for method, path, body in writes:
            error = error_of(vic.request(method, path, json=body), 403, "forbidden")
            assert "viewer" in error["message"]
    assert workspace_rows(served.db_url) == before
