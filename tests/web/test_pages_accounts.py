"""An account's service on its page, over HTTP, on both databases: the tier and the
culture's etiquette shown, a tier set, feedback recorded, requests added and answered;
viewers change nothing, bad input is refused, user text is shown as text."""

from __future__ import annotations

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import BrowserSession, Served, workspace_rows


def braun(served: Served) -> tuple[BrowserSession, str]:
    """mia, and the page of a German account with one person and a 'gold' tier to choose."""
    anna = served.browser_session("anna")
    gold = {"name": "gold", "response": "4h", "checkin": "90d", "price": "EUR 450 / month"}
    assert anna.post("/settings/tiers", gold).status_code == 303
    mia = served.browser_session("mia")
    account = mia.post("/accounts", {"name": "Braun Maschinenbau GmbH", "country": "DE"})
    path = str(account.headers["location"])
    made = mia.post("/people", {"name": "Hans Braun", "account": "Braun Maschinenbau GmbH"})
    assert made.status_code == 303
    return mia, path


def test_the_page_shows_the_tier_and_the_etiquette_once(served: Served) -> None:
    mia, path = braun(served)
    html = mia.client.get(path).text
    assert "No tier: requests are due within 2 days." in html
    assert "How to ask them for feedback: survey." in html
    assert "<h3>Negotiating</h3>" in html and "Make a precise, justified offer" in html
    assert html.count("Informal first names before being offered.") == 1
    assert '<a href="/settings/cultures/de">de</a>' in html
    assert mia.post(f"{path}/tier", {"tier": "gold"}).status_code == 303
    html = mia.client.get(path).text
    assert "Tier <strong>gold</strong>: we answer requests within 4 hours" in html
    assert "every 90 days; EUR 450 / month." in html
    assert "<option selected>gold</option>" in html
    unknown = mia.post(f"{path}/tier", {"tier": "platinum"})
    assert unknown.status_code == 404 and "unknown tier" in unknown.text
    assert mia.post(f"{path}/tier", {"tier": ""}).status_code == 303
    assert "No tier" in mia.client.get(path).text


def test_feedback_is_recorded_and_a_score_out_of_range_refused(served: Served) -> None:
    mia, path = braun(served)
    before = workspace_rows(served.db_url)
    for score in ("0", "11", "eight"):
        assert mia.post(f"{path}/feedback", {"score": score}).status_code == 422
    assert workspace_rows(served.db_url) == before
    people = doc(Cli(served.db_url), "person", "list")["people"]
    form = {"score": "8", "comment": "fast answers", "person": str(people[0]["id"]),
            "channel": "in_person"}  # fmt: skip
    saved = mia.post(f"{path}/feedback", form)
    assert saved.status_code == 303 and saved.headers["location"] == path
    assert "Recorded 8/10." in mia.client.get(path).text
    report = doc(Cli(served.db_url), "report", "satisfaction")["accounts"]
    (mine,) = report
    assert mine["account"] == "Braun Maschinenbau GmbH"
    assert [s["score"] for s in mine["scores"]] == [8]


def test_requests_are_added_listed_and_answered(served: Served) -> None:
    mia, path = braun(served)
    assert mia.post(f"{path}/tier", {"tier": "gold"}).status_code == 303
    added = mia.post(f"{path}/requests", {"what": "Bench 7 shows no data", "assign": "anna"})
    assert added.status_code == 303
    html = mia.client.get(added.headers["location"]).text
    assert "respond within 4 hours (anna)" in html
    assert "Bench 7 shows no data" in html and "Hans Braun" in html  # the main contact asked
    (request,) = doc(Cli(served.db_url), "request", "list")["requests"]
    done = mia.post(f"/requests/{request['id']}/done", {"next": f"{path}#requests"})
    assert done.status_code == 303 and done.headers["location"] == f"{path}#requests"
    assert "answered in time" in mia.client.get(path).text
    twice = mia.post(f"/requests/{request['id']}/done", {})
    assert twice.status_code == 409 and "already answered" in twice.text
    assert mia.post("/requests/99999/done").status_code == 404
    assert mia.post(f"{path}/requests", {"what": "  "}).status_code == 422


def test_viewers_change_no_service(served: Served) -> None:
    mia, path = braun(served)
    mia.post(f"{path}/requests", {"what": "Bench 7 shows no data"})
    (request,) = doc(Cli(served.db_url), "request", "list")["requests"]
    vic = served.browser_session("vic")
    html = vic.client.get(path).text
    assert "Bench 7 shows no data" in html
    assert "Record feedback" not in html and "Add a request" not in html and "Set tier" not in html
    before = workspace_rows(served.db_url)
    for target, data in [(f"{path}/tier", {"tier": "gold"}), (f"{path}/feedback", {"score": "9"}),
                         (f"{path}/requests", {"what": "x"}),
                         (f"/requests/{request['id']}/done", {})]:  # fmt: skip
        answer = vic.post(target, data)
        assert answer.status_code == 403 and "viewer" in answer.text, target
    assert workspace_rows(served.db_url) == before


def test_script_in_requests_and_feedback_is_shown_as_text(served: Served) -> None:
    mia, path = braun(served)
    evil = "<script>alert('request')</script>"
    assert mia.post(f"{path}/requests", {"what": evil}).status_code == 303
    html = mia.client.get(path).text
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
