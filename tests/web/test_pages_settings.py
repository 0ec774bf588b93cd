"""The Settings pages beyond users and tokens, over HTTP, on both databases: my reminders
(as `followup prefs`), my calendar feed (shown, served, rotated), my webhooks, service
tiers (admins change them) and the content library."""

from __future__ import annotations

import re

import httpx

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import BrowserSession, Served, workspace_rows

PREFS = {
    "digest_at": "07:30", "email_digest": "true", "quiet": ["fri", "sat", "sun"],
    "holidays": "DE-BY", "language": "de", "timezone": "Europe/Vienna",
    "email": "mia@elsewhere.example",
}  # fmt: skip


def feed_url(browser: BrowserSession) -> str:
    html = browser.client.get("/settings/reminders").text
    found = re.search(r'id="feed-url" class="secret" value="([^"]+)"', html)
    assert found, "no calendar address on the page"
    return found.group(1)


def test_my_reminders_are_changed_as_followup_prefs_changes_them(served: Served) -> None:
    mia = served.browser_session("mia")
    page = mia.client.get("/settings/reminders")
    assert page.status_code == 200 and 'name="digest_at" type="time" value="08:00"' in page.text
    saved = mia.post("/settings/reminders", PREFS)
    assert saved.status_code == 303, saved.text
    prefs = doc(Cli(served.db_url, login="mia"), "prefs")
    assert prefs["digest_at"] == "07:30" and prefs["email_digest"] is True
    assert prefs["webhooks"] is False and prefs["empty_digest"] is False  # unticked: off
    assert prefs["quiet_days"] == ["fri", "sat", "sun"] and prefs["holidays"] == "DE-BY"
    assert (prefs["language"], prefs["timezone"]) == ("de", "Europe/Vienna")
    assert prefs["email"] == "mia@elsewhere.example"
    none = mia.post("/settings/reminders", {**PREFS, "quiet": [], "holidays": ""})
    assert none.status_code == 303
    prefs = doc(Cli(served.db_url, login="mia"), "prefs")
    assert prefs["quiet_days"] == [] and prefs["holidays"] is None


def test_a_refused_preference_is_said_in_place_and_nothing_changes(served: Served) -> None:
    mia = served.browser_session("mia")
    mia.client.get("/settings/reminders")  # the feed exists before the snapshot
    before = workspace_rows(served.db_url)
    for wrong, message in [({"holidays": "XX"}, "no holiday calendar for &#39;XX&#39;"),
                           ({"digest_at": "25:00"}, "invalid time of day"),
                           ({"timezone": "Mars/Olympus"}, "Mars/Olympus")]:  # fmt: skip
        answer = mia.post("/settings/reminders", {**PREFS, **wrong})
        assert answer.status_code == 422 and message in answer.text, wrong
        assert 'role="alert"' in answer.text
    assert workspace_rows(served.db_url) == before


def test_the_calendar_feed_is_served_and_a_viewer_may_rotate_their_own(served: Served) -> None:
    vic = served.browser_session("vic")
    old = feed_url(vic)
    assert old.startswith(served.url + "/calendar/") and old.endswith(".ics")
    assert feed_url(vic) == old  # shown again, not made anew
    calendar = httpx.get(old)
    assert calendar.status_code == 200 and calendar.text.startswith("BEGIN:VCALENDAR")
    rotated = vic.post("/settings/calendar/rotate")
    assert rotated.status_code == 303
    new = feed_url(vic)
    assert new != old
    assert httpx.get(old).status_code == 404 and httpx.get(new).status_code == 200
    assert vic.post("/settings/reminders", PREFS).status_code == 303  # their own reminders


def test_webhooks_are_added_with_a_secret_shown_once_listed_and_removed(served: Served) -> None:
    mia = served.browser_session("mia")
    form = {"url": "https://hooks.example.com/followup", "events": ["item.due"]}
    added = mia.post("/settings/webhooks", form)
    assert added.status_code == 200
    secret = re.search(r'<code class="secret" id="new-secret">([^<]+)</code>', added.text)
    assert secret and len(secret.group(1)) >= 16
    page = mia.client.get("/settings/reminders").text
    assert "https://hooks.example.com/followup" in page and secret.group(1) not in page
    (hook,) = doc(Cli(served.db_url, login="mia"), "webhook", "list")["webhooks"]
    assert hook["events"] == ["item.due"]
    for wrong, said in [({"url": "ftp://x"}, "invalid webhook URL"),
                        ({"secret": "short"}, "webhook secret too short")]:  # fmt: skip
        refused = mia.post("/settings/webhooks", {**form, **wrong})
        assert refused.status_code == 422 and said in refused.text
    vic = served.browser_session("vic")
    assert vic.post("/settings/webhooks", form).status_code == 403
    assert vic.post(f"/settings/webhooks/{hook['id']}/remove").status_code == 403
    removed = mia.post(f"/settings/webhooks/{hook['id']}/remove")
    assert removed.status_code == 303
    assert doc(Cli(served.db_url, login="mia"), "webhook", "list")["webhooks"] == []
    assert mia.post("/settings/webhooks/99999/remove").status_code == 404


def test_a_member_removes_only_their_own_webhooks_an_admin_anyones(served: Served) -> None:
    form = {"url": "https://hooks.example.com/followup", "events": ["item.due"]}
    anna, mia = served.browser_session("anna"), served.browser_session("mia")
    for session in (anna, mia):
        assert session.post("/settings/webhooks", form).status_code == 200
    hooks = {
        h["user"]: h["id"] for h in doc(Cli(served.db_url), "webhook", "list", "--all")["webhooks"]
    }
    assert mia.post(f"/settings/webhooks/{hooks['anna']}/remove").status_code == 404
    assert anna.post(f"/settings/webhooks/{hooks['mia']}/remove").status_code == 303
    left = doc(Cli(served.db_url), "webhook", "list", "--all")["webhooks"]
    assert [h["user"] for h in left] == ["anna"]


def test_admins_add_and_change_tiers_others_read_them(served: Served) -> None:
    anna = served.browser_session("anna")
    form = {"name": "gold", "response": "4h", "checkin": "90d", "price": "EUR 450 / month"}
    assert anna.post("/settings/tiers", form).status_code == 303
    twice = anna.post("/settings/tiers", form)
    assert twice.status_code == 409 and "already exists" in twice.text
    slow = anna.post("/settings/tiers", {**form, "name": "silver", "response": "soonish"})
    assert slow.status_code == 422 and 'role="alert"' in slow.text
    changed = anna.post(
        "/settings/tiers/gold", {"response": "2h", "checkin": "90d", "default": "true"}
    )
    assert changed.status_code == 303
    (gold,) = doc(Cli(served.db_url), "tier", "list")["tiers"]
    assert (gold["response_minutes"], gold["checkin_days"], gold["default"]) == (120, 90, True)
    assert gold["price"] == "EUR 450 / month"
    mia = served.browser_session("mia")
    page = mia.client.get("/settings/tiers").text
    assert "gold" in page and "2 hours" in page and "Add a tier" not in page
    before = workspace_rows(served.db_url)
    refused = mia.post("/settings/tiers", {**form, "name": "platinum"})
    assert refused.status_code == 403 and "only an admin" in refused.text
    assert mia.post("/settings/tiers/gold", {"response": "1h"}).status_code == 403
    assert workspace_rows(served.db_url) == before


def test_members_add_to_the_content_library_with_topics(served: Served) -> None:
    mia = served.browser_session("mia")
    form = {
        "title": "Vibration monitoring <b>at</b> Krämer",
        "kind": "case_study",
        "topics": "predictive maintenance, packaging lines",
        "url": "https://x.example/a",
    }
    assert mia.post("/settings/content", form).status_code == 303
    listed = doc(Cli(served.db_url), "content", "list")["content"]
    assert [(c["kind"], sorted(c["topics"])) for c in listed] == [
        ("case_study", ["packaging lines", "predictive maintenance"])
    ]
    page = mia.client.get("/settings/content", params={"topic": "packaging lines"}).text
    assert "Vibration monitoring &lt;b&gt;at&lt;/b&gt; Krämer" in page
    assert "Vibration" not in mia.client.get("/settings/content?topic=pricing").text
    for wrong, said in [({"url": "javascript:alert(1)"}, "invalid url"),
                        ({"topics": ""}, "at least one"),
                        ({"kind": "poem"}, "invalid kind")]:  # fmt: skip
        refused = mia.post("/settings/content", {**form, **wrong})
        assert refused.status_code == 422 and said in refused.text, wrong
        assert "Vibration monitoring &lt;b&gt;at&lt;/b&gt; Krämer" in refused.text  # kept
    assert served.browser_session("vic").post("/settings/content", form).status_code == 403


def test_every_settings_page_answers_and_links_the_others(served: Served) -> None:
    vic = served.browser_session("vic")
    for path in ("/settings", "/settings/reminders", "/settings/cultures", "/settings/tiers",
                 "/settings/content"):  # fmt: skip
        html = vic.client.get(path).text
        assert f'<a href="{path}" aria-current="page">' in html, path
        assert html.count('<nav class="sub"') == 1
