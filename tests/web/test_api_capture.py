"""Meeting notes through the REST API on a real server over SQLite and PostgreSQL: the
extraction contract, a meeting logged with the commitments confirmed and the rhythm, the
recap, their status codes, and a viewer refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import error_of

TEXT = "Maria: I'll send the signed order tomorrow.\nAnna: Great, I'll call you on Friday.\n"
NOTES = """Call with Maria Lopez (Acme)

Next steps
- Anna: send pricing sheet by Wednesday
- Maria to confirm headcount with HR before the 15th

Let's touch base every other week, preferably by phone.
"""
NEW_YORK = ZoneInfo("America/New_York")


def maria(api: httpx.Client) -> int:
    made = api.post("/api/people", json={"name": "Maria Lopez", "timezone": "America/New_York",
                                         "emails": ["maria@acme.example"]})  # fmt: skip
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def local_day(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(NEW_YORK)


def test_extract_answers_the_contract_the_cli_prints(served: Served) -> None:
    body = {"text": TEXT, "at": "2026-11-23T15:00", "tz": "Europe/Berlin",
            "us": ["Anna"], "them": ["Maria"]}  # fmt: skip
    with served.api("mia") as api:
        found = api.post("/api/extract", json=body)
        assert found.status_code == 200, found.text
        assert found.json() == {
            "commitments": [
                {"owner": "them", "who": "Maria", "what": "send signed order", "due": "2026-11-24",
                 "agreed": True, "quote": "I'll send the signed order tomorrow."},
                {"owner": "us", "who": "Anna", "what": "call", "due": "2026-11-27",
                 "agreed": False, "quote": "Great, I'll call you on Friday."},
            ],
            "cadence": None,
        }  # fmt: skip
        printed = Cli(served.db_url, "mia")(
            "extract", "--at", "2026-11-23T15:00", "--tz", "Europe/Berlin", "--us", "Anna",
            "--them", "Maria", "--json", input=TEXT,
        )  # fmt: skip
        assert found.json() == json.loads(printed.stdout)
        rhythm = api.post("/api/extract", json={"text": NOTES, "at": "2026-11-23T15:00"}).json()
        assert rhythm["cadence"] == {"every_days": 14, "channel": "phone"}
        german = api.post("/api/extract", json={
            "text": "Wir schicken Ihnen das Angebot bis Freitag.", "at": "2026-11-23T10:00",
            "lang": "de"}).json()  # fmt: skip
        assert [(c["owner"], c["due"]) for c in german["commitments"]] == [("us", "2026-11-27")]


def test_a_meeting_is_logged_with_what_the_user_confirmed(served: Served) -> None:
    at = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
    with served.api("mia") as api:
        pid = maria(api)
        logged = api.post(f"/api/people/{pid}/meetings", json={
            "notes": NOTES, "kind": "call", "at": at.isoformat(),
            "commitments": [
                {"owner": "us", "what": "send pricing sheet", "due": "next Friday"},
                {"owner": "them", "what": "confirm headcount", "who": "Maria"},
            ],
            "rhythm": {"every_days": 14, "channel": "phone"},
        })  # fmt: skip
        assert logged.status_code == 201, logged.text
        meeting = logged.json()
        assert meeting["person_id"] == pid
        ours, theirs = meeting["commitments"]
        assert (ours["owner"], ours["what"]) == ("us", "send pricing sheet")
        friday = local_day(ours["due"])
        assert friday.weekday() == 4 and friday.date() > at.astimezone(NEW_YORK).date()
        assert meeting["dated_by_default"] == ["confirm headcount"]
        assert local_day(theirs["due"]).date() == at.astimezone(NEW_YORK).date() + timedelta(7)
        assert meeting["agreement"]["every_days"] == 14
        assert meeting["agreement"]["channel"] == "phone"
        listed = api.get(f"/api/people/{pid}/commitments").json()["commitments"]
        assert {c["what"] for c in listed} == {"send pricing sheet", "confirm headcount"}
        iid = meeting["interaction_id"]
        cli = Cli(served.db_url, "mia")
        for fmt in ("text", "markdown", "html"):
            recap = api.get(f"/api/interactions/{iid}/recap", params={"format": fmt}).json()
            assert recap == cli.json("recap", str(iid), "--format", fmt)
            assert recap["format"] == fmt and "pricing sheet" in recap["body"].lower()
        assert api.get(f"/api/interactions/{iid}/recap").json()["format"] == "text"


def test_a_contact_too_soon_is_409_until_confirmed(served: Served) -> None:
    with served.api("mia") as api:
        pid = maria(api)
        api.put(f"/api/people/{pid}/agreement", json={"every_days": 14, "min_gap_days": 7})
        first = api.post(f"/api/people/{pid}/meetings", json={"notes": "Kick-off"})
        assert first.status_code == 201
        before = workspace_rows(served.db_url)
        again = api.post(f"/api/people/{pid}/meetings", json={"notes": "Again"})
        assert "too soon" in error_of(again, 409, "needs_confirmation")["message"]
        quick = api.post(f"/api/people/{pid}/interactions", json={"kind": "call"})
        error_of(quick, 409, "needs_confirmation")
        assert workspace_rows(served.db_url) == before
        confirmed = api.post(f"/api/people/{pid}/meetings", json={"notes": "Again",
                                                                  "confirm": True})  # fmt: skip
        assert confirmed.status_code == 201, confirmed.text
        call = api.post(f"/api/people/{pid}/interactions", json={"kind": "call", "confirm": True})
        assert call.status_code == 201, call.text


def test_bad_capture_requests_are_refused_and_write_nothing(served: Served) -> None:
    with served.api("mia") as api:
        pid = maria(api)
        before = workspace_rows(served.db_url)
        error = error_of(api.post("/api/extract", json={}), 422, "invalid")
        assert set(error["fields"]) == {"body.text"}
        error_of(api.post("/api/extract", json={"text": "x", "tz": "Mars/Olympus"}), 422,
                 "invalid")  # fmt: skip
        error_of(api.post("/api/extract", json={"text": "x", "at": "soon"}), 422, "invalid")
        meetings = f"/api/people/{pid}/meetings"
        error_of(api.post(meetings, json={"commitments": []}), 422, "invalid")
        undated = {"notes": NOTES, "commitments": [
            {"owner": "us", "what": "x", "due": "when pigs fly"}]}  # fmt: skip
        assert "cannot tell which day" in error_of(api.post(meetings, json=undated), 422,
                                                   "invalid")["message"]  # fmt: skip
        sideless = {"notes": NOTES, "commitments": [{"owner": "nobody", "what": "x"}]}
        assert "body.commitments.0.owner" in error_of(api.post(meetings, json=sideless), 422,
                                                      "invalid")["fields"]  # fmt: skip
        error_of(api.post(meetings, json={"notes": NOTES, "rhythm": {"every_days": 0}}), 422,
                 "invalid")  # fmt: skip
        error_of(api.get("/api/interactions/1/recap", params={"format": "pdf"}), 422, "invalid")
        assert workspace_rows(served.db_url) == before


@pytest.mark.parametrize("ident", ["999", "2147483648", "99999999999999999999"])
def test_unknown_people_and_interactions_are_404(served: Served, ident: str) -> None:
    with served.api("mia") as api:
        error_of(api.post(f"/api/people/{ident}/meetings", json={"notes": NOTES}), 404,
                 "not_found")  # fmt: skip
        error_of(api.get(f"/api/interactions/{ident}/recap"), 404, "not_found")


def test_a_viewer_reads_the_recap_and_logs_nothing(served: Served) -> None:
    with served.api("mia") as api:
        pid = maria(api)
        iid = api.post(f"/api/people/{pid}/meetings", json={"notes": NOTES}).json()[
            "interaction_id"]  # fmt: skip
    before = workspace_rows(served.db_url)
    with served.api("vic") as vic:
        assert vic.get(f"/api/interactions/{iid}/recap").status_code == 200
        writes: list[tuple[str, dict[str, Any]]] = [
            (f"/api/people/{pid}/meetings", {"notes": NOTES}),
            ("/api/extract", {"text": TEXT}),  # a POST, refused by the one gate like any
        ]
        for path, body in writes:
            assert "viewer" in error_of(vic.post(path, json=body), 403, "forbidden")["message"]
    assert workspace_rows(served.db_url) == before
