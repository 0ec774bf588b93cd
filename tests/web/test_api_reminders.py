"""Your reminders through the REST API on a real server over SQLite and PostgreSQL:
preferences, the digest, the calendar and its feed, webhooks (yours; admins: anyone's),
the status; their status codes, and a viewer refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import error_of

HOOK = "https://hooks.example/followup"


def made(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return dict(response.json())


def promise_due(api: httpx.Client) -> str:
    """A person with a promise of ours due yesterday; the moment to ask the agenda at."""
    person = made(api.post("/api/people", json={"name": "Hans Braun", "country": "DE"}))
    due = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    made(api.post(f"/api/people/{person['id']}/commitments",
                  json={"owner": "us", "what": "send the offer", "due": due}))  # fmt: skip
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def test_your_preferences(served: Served) -> None:
    cli = Cli(served.db_url, "mia")
    with served.api("mia") as api:
        shown = api.get("/api/prefs").json()
        assert shown == cli.json("prefs")
        assert (shown["user"], shown["timezone"]) == ("mia", "America/New_York")
        wanted = {
            "digest_at": "07:30",
            "quiet_days": ["sat", "sun"],
            "language": "de",
            "holidays": "US-NY",
            "empty_digest": True,
            "email": "mia@elsewhere.example",
        }
        changed = api.patch("/api/prefs", json=wanted)
        assert changed.status_code == 200, changed.text
        prefs = changed.json()
        assert (prefs["digest_at"], prefs["quiet_days"], prefs["language"]) == (
            "07:30", ["sat", "sun"], "de")  # fmt: skip
        assert (prefs["holidays"], prefs["empty_digest"]) == ("US-NY", True)
        assert prefs["email"] == "mia@elsewhere.example" and prefs == cli.json("prefs")
        assert api.patch("/api/prefs", json={"quiet_days": []}).json()["quiet_days"] == []
        before = workspace_rows(served.db_url)
        for body, where in [
            ({"digest_at": "25:00"}, "time of day"),
            ({"quiet_days": ["someday"]}, "body.quiet_days.0"),
            ({"timezone": "Mars/Base"}, "Mars/Base"),
            ({"email": "not an address"}, "not an address"),
            ({"holidays": "XX"}, "XX"),
            ({"language": "fr"}, "body.language"),
            ({"digest": True}, "body.digest"),
        ]:
            error = error_of(api.patch("/api/prefs", json=body), 422, "invalid")
            assert where in error["message"], (body, error)
        assert workspace_rows(served.db_url) == before
        assert api.get("/api/prefs").json()["digest_at"] == "07:30"


def test_your_digest_and_calendar(served: Served) -> None:
    cli = Cli(served.db_url, "mia")
    with served.api("mia") as api:
        at = promise_due(api)
        digest = api.get("/api/digest", params={"at": at}).json()
        printed = cli.json("digest", "--print", "--at", at)
        assert {k: digest[k] for k in ("subject", "text", "html")} == printed
        assert digest["items"] >= 1 and digest["overdue"] >= 1
        assert "send the offer" in digest["text"] and "send the offer" in digest["html"]
        error_of(api.get("/api/digest", params={"at": "yesterday-ish"}), 422, "invalid")
        calendar = api.get("/api/calendar")
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VTODO" in calendar.text and "send the offer" in calendar.text
        feed = api.get("/api/calendar/feed").json()
        assert feed["user"] == "mia" and feed["path"] == f"/calendar/{feed['secret']}.ics"
        assert feed["url"] == served.url + feed["path"]
        assert api.get("/api/calendar/feed").json() == feed  # made once, then kept
        rotated = api.post("/api/calendar/feed/rotate").json()
        assert rotated["secret"] != feed["secret"]
        assert api.get("/api/calendar/feed").json()["secret"] == rotated["secret"]


def test_webhooks_are_yours_and_admins_see_all(served: Served) -> None:
    with served.api("mia") as mia, served.api("anna") as anna:
        ours = made(mia.post("/api/webhooks", json={"url": HOOK, "events": ["item.due"]}))
        assert ours["user"] == "mia" and ours["events"] == ["item.due"]
        assert ours["secret"].startswith("whsec_")
        theirs = made(anna.post("/api/webhooks", json={"url": HOOK + "/anna",
                                                       "secret": "s" * 20}))  # fmt: skip
        assert theirs["events"] == ["*"] and theirs["secret"] == "s" * 20
        listed = mia.get("/api/webhooks").json()
        assert [h["id"] for h in listed["webhooks"]] == [ours["id"]] and listed["total"] == 1
        assert "secret" not in listed["webhooks"][0]
        error_of(mia.get("/api/webhooks", params={"all": True}), 403, "forbidden")
        everyone = anna.get("/api/webhooks", params={"all": True}).json()["webhooks"]
        assert {h["user"] for h in everyone} == {"mia", "anna"}
        error_of(mia.delete(f"/api/webhooks/{theirs['id']}"), 404, "not_found")
        removed = anna.delete(f"/api/webhooks/{ours['id']}").json()
        assert removed == {"id": ours["id"], "url": HOOK, "cancelled": 0}
        assert mia.get("/api/webhooks").json()["webhooks"] == []
        for body, field in [
            ({"url": "ftp://x.example"}, None),
            ({"url": HOOK, "events": ["nope"]}, "body.events.0"),
            ({"url": HOOK, "secret": "short"}, "body.secret"),
            ({}, "body.url"),
        ]:
            error = error_of(mia.post("/api/webhooks", json=body), 422, "invalid")
            assert field is None or field in error["fields"], (body, error)
        for ident in ("999", "2147483648", "99999999999999999999"):
            error_of(anna.delete(f"/api/webhooks/{ident}"), 404, "not_found")


def test_the_status_of_your_reminders(served: Served) -> None:
    with served.api("mia") as api:
        status = api.get("/api/status").json()
        assert [u["user"] for u in status["users"]] == ["mia"]
        assert status["smtp"] == {"configured": False} and "stale" in status["scheduler"]
        everyone = api.get("/api/status", params={"all": True}).json()
        assert {u["user"] for u in everyone["users"]} == {"anna", "mia", "vic"}
        assert api.get("/api/status", params={"at": "2030-01-01T08:00"}).json()["at"] == (
            "2030-01-01T13:00:00+00:00")  # read in mia's New York  # fmt: skip
        error_of(api.get("/api/status", params={"at": "tomorrow"}), 422, "invalid")


def test_a_viewer_reads_their_reminders_and_changes_nothing(served: Served) -> None:
    with served.api("mia") as mia:
        hook = made(mia.post("/api/webhooks", json={"url": HOOK}))
    with served.api("vic") as vic:
        vic.get("/api/calendar/feed")  # their own feed, made on first use
        before = workspace_rows(served.db_url)
        for path in ("/api/prefs", "/api/digest", "/api/status", "/api/webhooks", "/api/calendar"):
            assert vic.get(path).status_code == 200, path
        writes = [
            ("PATCH", "/api/prefs", {"digest_at": "06:00"}),
            ("POST", "/api/webhooks", {"url": HOOK}),
            ("DELETE", f"/api/webhooks/{hook['id']}", None),
            ("POST", "/api/calendar/feed/rotate", None),
        ]
        for method, path, body in writes:
            error = error_of(vic.request(method, path, json=body), 403, "forbidden")
            assert "viewer" in error["message"], (method, path)
    assert workspace_rows(served.db_url) == before
