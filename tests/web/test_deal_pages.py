"""The Deals and Reports pages over HTTP, as a browser speaks to them (forms, htmx headers,
cookies), on SQLite and PostgreSQL: a deal made and worked on its page, refusals shown in
place, share links, exports, a viewer's refused writes, CSRF, and user text escaped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import httpx
import pytest

from followup.services import deals
from followup.services.workspace import Workspace
from tests.cli.deal_helpers import german_account, japanese_account
from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import BrowserSession, Served, workspace_rows

NEXT_YEAR = datetime.now(UTC).year + 1
DECISION = f"{NEXT_YEAR}-06-30"
HTMX = {"HX-Request": "true"}
EVIL = "<script>alert('deal')</script> Retrofit"


@pytest.fixture
def mia(served: Served) -> BrowserSession:
    japanese_account(Cli(served.db_url))
    return served.browser_session("mia")


def planned_deal(mia: BrowserSession, title: str = "Line 3 monitoring") -> str:
    """A deal made through the form, its plan laid out from the Japanese template."""
    made = mia.post("/deals", {
        "account": "Tanaka Seiki KK", "title": title, "contact": "keiko@tanaka.example",
        "role": "champion", "value": "12000000", "currency": "JPY", "stage": "lead",
        "decision_by": DECISION, "template": "japan_consensus",
    })  # fmt: skip
    assert made.status_code == 303, made.text
    return str(made.headers["location"])


def shown(served: Served, path: str) -> dict[str, Any]:
    """The deal as `followup deal show --json` gives it."""
    return doc(Cli(served.db_url), "deal", "show", path.rsplit("/", 1)[1])


def titled(deal: dict[str, Any], title: str) -> dict[str, Any]:
    return next(m for m in deal["milestones"] if m["title"] == title)


def test_deal_and_report_pages_need_a_session(served: Served) -> None:
    with httpx.Client(base_url=served.url, follow_redirects=False) as client:
        for path in ("/deals", "/deals/new", "/deals/1", "/reports", "/deals/1/plan.ics"):
            answer = client.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


def test_a_deal_is_made_from_the_form_and_worked_on_its_page(
    served: Served, mia: BrowserSession
) -> None:
    assert "japan_consensus" in mia.client.get("/deals/new").text
    path = planned_deal(mia)
    assert path == "/deals/1"
    page = mia.client.get(path).text
    assert "Final approval (kessai) and order" in page and "12000000 JPY" in page
    assert "a deal may stay quiet 21 days in lead" in page
    moved = mia.post(f"{path}/move", {"stage": "deliberation"}, headers=HTMX)
    assert moved.status_code == 200 and moved.headers["hx-redirect"] == path
    assert "deliberation is allowed to be long" in mia.client.get(path).text
    deal = shown(served, path)
    first, second = deal["milestones"][0], deal["milestones"][1]
    on_its_page = {**HTMX, "HX-Current-URL": f"{served.url}{path}"}
    done = mia.post(f"/milestones/{first['id']}/done", headers=on_its_page)
    assert done.headers["hx-refresh"] == "true" and "hx-redirect" not in done.headers
    earlier = (date.fromisoformat(second["due_on"]) - timedelta(days=3)).isoformat()
    slipped = mia.post(f"/milestones/{second['id']}/slip", {"to": earlier})
    assert slipped.status_code == 303 and slipped.headers["location"] == f"{path}#plan"
    assert "moved to" in mia.client.get(path).text  # the flash
    after = {m["id"]: m for m in shown(served, path)["milestones"]}
    assert after[first["id"]]["status"] == "done"
    assert after[second["id"]]["status"] == "open"  # earlier than planned: nothing slipped
    assert after[second["id"]]["due_on"] == earlier
    added = mia.post(f"{path}/people", {"person": "Hiroshi Sato", "role": "decision_maker"})
    assert added.status_code == 303
    people = shown(served, path)["people"]
    assert [(p["name"], p["role"]) for p in people] == [
        ("Keiko Tanaka", "champion"), ("Hiroshi Sato", "decision_maker")]  # fmt: skip
    sato = people[1]["id"]
    assert mia.post(f"{path}/people/{sato}/remove").status_code == 303
    assert len(shown(served, path)["people"]) == 1
    step = mia.post(f"{path}/milestones", {
        "title": "Reference visit", "due": f"{NEXT_YEAR}-06-01", "side": "them",
        "owner": str(people[0]["id"]), "after": str(first["id"]), "checkpoint": "true",
    })  # fmt: skip
    assert step.status_code == 303
    visit = titled(shown(served, path), "Reference visit")
    assert (visit["title"], visit["kind"], visit["depends_on"]) == (
        "Reference visit", "checkpoint", [first["id"]])  # fmt: skip
    later = mia.post(f"/milestones/{visit['id']}/slip", {"to": f"{NEXT_YEAR}-06-08"}, headers=HTMX)
    assert later.headers["hx-redirect"] == f"{path}#plan"
    visit = titled(shown(served, path), "Reference visit")
    assert (visit["status"], visit["due_on"], visit["first_due_on"]) == (
        "slipped", f"{NEXT_YEAR}-06-08", f"{NEXT_YEAR}-06-01")  # fmt: skip
    assert "(was " + f"{NEXT_YEAR}-06-01)" in mia.client.get(path).text


def test_refusals_are_shown_in_place_and_write_nothing(served: Served, mia: BrowserSession) -> None:
    path = planned_deal(mia)
    last = shown(served, path)["milestones"][-1]["id"]
    before = workspace_rows(served.db_url)
    refusals = [
        (f"{path}/milestones", {"title": "Too late", "due": f"{NEXT_YEAR}-07-15"},
         422, "after the deal's expected decision"),
        (f"{path}/milestones", {"title": "Too early", "due": f"{NEXT_YEAR}-01-05",
                                "after": str(last)}, 422, "before #"),
        (f"{path}/milestones", {"title": "Waits for nothing", "due": f"{NEXT_YEAR}-03-01",
                                "after": "99999"}, 422, "unknown milestone #99999"),
        (f"{path}/move", {"decision_by": f"{NEXT_YEAR}-01-02"}, 422, "would be due"),
        (f"{path}/template", {"key": "b2b_software"}, 409, "already planned from"),
        (f"{path}/win", {"on": f"{NEXT_YEAR}-01-01"}, 422, "is in the future"),
        (f"{path}/lose", {"reason": " "}, 422, "say why the deal was lost"),
    ]  # fmt: skip
    for where, data, status, message in refusals:
        answer = mia.post(where, data, headers=HTMX)
        assert answer.status_code == status, (where, answer.text)
        assert answer.headers["hx-retarget"] == "#flash", where
        assert message in unescape(answer.text) and 'role="alert"' in answer.text, where
    assert workspace_rows(served.db_url) == before
    assert mia.post(f"{path}/lose", {"reason": "budget moved to next year"}).status_code == 303
    moved = mia.post(f"{path}/move", {"stage": "discovery"}, headers=HTMX)
    assert moved.status_code == 409 and "is lost" in moved.text
    plain = mia.post(f"{path}/move", {"stage": "discovery"})  # without JavaScript: a page
    assert (
        plain.status_code == 409 and "That did not work" in plain.text and "is lost" in plain.text
    )


def test_a_share_link_is_shown_once_and_opens_the_customers_page(
    served: Served, mia: BrowserSession
) -> None:
    path = planned_deal(mia)
    made = mia.post(f"{path}/links", {"expires": "14d"})
    assert made.status_code == 200
    url = re.search(r'href="(http[^"]+/shared/[^"]+)"', made.text)
    assert url and url.group(1).startswith(f"{served.url}/shared/")
    assert "shown only now" in made.text
    again = mia.client.get(path).text
    assert url.group(1) not in again and "active" in again  # listed, never shown again
    with httpx.Client() as customer:
        opened = customer.get(url.group(1))
        assert opened.status_code == 200 and "Final approval (kessai) and order" in opened.text
        assert "12000000" not in opened.text
        policies = opened.headers.get_list("content-security-policy")
        assert len(policies) == 1 and "default-src 'none'" in policies[0]
        assert opened.headers.get_list("referrer-policy") == ["no-referrer"]
    fragment = mia.post(f"{path}/links", {}, headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "/shared/" in fragment.text
    links = shown(served, path)["share_links"]
    assert mia.post(f"{path}/links/{links[0]['id']}/revoke").status_code == 303
    with httpx.Client() as customer:
        assert customer.get(url.group(1)).status_code == 404
    refused = mia.post(f"{path}/links", {"expires": "400d"}, headers=HTMX)
    assert refused.status_code == 422 and "1 to 365 days" in refused.text


def test_the_plan_exports_download_for_every_role(served: Served, mia: BrowserSession) -> None:
    path = planned_deal(mia)
    vic = served.browser_session("vic")
    kinds = {"md": "text/markdown", "html": "text/html", "ics": "text/calendar"}
    for kind, media in kinds.items():
        answer = vic.client.get(f"{path}/plan.{kind}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
        assert answer.headers["content-disposition"] == f'attachment; filename="plan-1.{kind}"'
        assert "kessai" in answer.text.lower() and "12000000" not in answer.text
    assert mia.client.get(f"{path}/plan.docx").status_code == 422
    assert mia.client.get("/deals/999/plan.md").status_code == 404


def test_a_viewer_reads_deals_and_reports_and_changes_nothing(
    served: Served, mia: BrowserSession
) -> None:
    path = planned_deal(mia)
    milestone = shown(served, path)["milestones"][0]["id"]
    vic = served.browser_session("vic")
    for page in ("/deals", path, "/reports", "/deals/new"):
        assert vic.client.get(page).status_code == 200, page
    page = vic.client.get(path).text
    assert "Final approval" in page and "/milestones/" not in page and "/move" not in page
    before = workspace_rows(served.db_url)
    for where, data in [
        ("/deals", {"account": "Tanaka Seiki KK", "title": "x", "contact": "Hiroshi Sato"}),
        (f"{path}/move", {"stage": "decision"}),
        (f"{path}/win", {}),
        (f"{path}/lose", {"reason": "x"}),
        (f"{path}/people", {"person": "Hiroshi Sato"}),
        (f"{path}/people/1/remove", {}),
        (f"{path}/milestones", {"title": "x", "due": DECISION}),
        (f"{path}/template", {"key": "b2b_software"}),
        (f"/milestones/{milestone}/done", {}),
        (f"/milestones/{milestone}/drop", {}),
        (f"/milestones/{milestone}/slip", {"to": DECISION}),
        (f"{path}/links", {}),
        (f"{path}/links/1/revoke", {}),
    ]:
        answer = vic.post(where, data)
        assert answer.status_code == 403 and "viewer" in answer.text, where
    assert workspace_rows(served.db_url) == before


def test_a_form_without_the_sessions_csrf_token_is_refused(
    served: Served, mia: BrowserSession
) -> None:
    path = planned_deal(mia)
    before = workspace_rows(served.db_url)
    for where, data in [(f"{path}/move", {"stage": "decision"}), (f"{path}/links", {})]:
        forged = mia.client.post(where, data=data)
        assert forged.status_code == 403 and "CSRF" in forged.text
        wrong = mia.client.post(where, data={**data, "csrf_token": "forged"})
        assert wrong.status_code == 403
    assert workspace_rows(served.db_url) == before


def test_html_in_deal_titles_and_steps_is_shown_as_text(
    served: Served, mia: BrowserSession
) -> None:
    path = planned_deal(mia, EVIL)
    evil_step = "<img src=x onerror=alert('step')> visit"
    mia.post(f"{path}/milestones", {"title": evil_step, "due": f"{NEXT_YEAR}-03-02"})
    for page in ("/deals", path, "/deals?stage=lead", "/reports"):
        html = mia.client.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html, page
    deal_page = mia.client.get(path).text
    assert "&lt;script&gt;alert(&#39;deal&#39;)&lt;/script&gt; Retrofit" in deal_page
    assert "&lt;img src=x onerror=alert(&#39;step&#39;)&gt; visit" in deal_page
    assert "&lt;script&gt;" in mia.client.get("/deals").text


def test_the_deal_list_filters_and_pages(served: Served, mia: BrowserSession) -> None:
    german_account(Cli(served.db_url))
    ws = Workspace.open(served.db_url)
    now = datetime.now(UTC)
    try:
        for number in range(52):
            entry = deals.DealInput("Braun Maschinenbau GmbH", f"Spare part {number:02}",
                                    [("Hans Braun", "champion")], stage="discovery")  # fmt: skip
            deals.add_deal(ws, entry, now, "anna")
    finally:
        ws.engine.dispose()
    planned_deal(mia)
    first = mia.client.get("/deals").text
    assert "53</small>" in first and "1–50 of 53" in first and "Next →" in first
    second = mia.client.get("/deals?offset=50").text
    assert "51–53 of 53" in second and "← Previous" in second
    assert "Spare part" in mia.client.get("/deals?stage=discovery&owner=anna").text
    only_mias = mia.client.get("/deals?owner=mia").text
    assert "Line 3 monitoring" in only_mias and "Spare part" not in only_mias
    japanese = mia.client.get("/deals?account=Tanaka+Seiki+KK").text
    assert "1–1 of 1" in japanese
    assert mia.client.get("/deals?stage=lost").text.count("<tr>") == 2  # the header, "none"
    assert mia.client.get("/deals?stage=sold").status_code == 422
    assert mia.client.get("/deals?owner=nobody").status_code == 404


def test_the_reports_page_draws_each_chart_with_its_table(
    served: Served, mia: BrowserSession
) -> None:
    planned_deal(mia)
    page = mia.client.get("/reports")
    assert page.status_code == 200
    charts = re.findall(r'<svg role="img" aria-labelledby="([\w-]+)-title \1-desc"', page.text)
    assert charts == [
        "chart-followups-us", "chart-followups-them", "chart-responses-channel",
        "chart-responses-culture", "chart-pipeline", "chart-satisfaction",
    ]  # fmt: skip
    for key in charts:
        assert f'<title id="{key}-title">' in page.text and f'<desc id="{key}-desc">' in page.text
    assert "1 open deals by stage" in page.text and "<script" not in page.text.split("</head>")[1]
    filtered = mia.client.get("/reports?since=2025-01-01&until=2025-12-31&user=mia")
    assert filtered.status_code == 200 and "2025-12" in filtered.text
    refused = mia.client.get("/reports?since=later")
    assert refused.status_code == 422 and "invalid date 'later'" in unescape(refused.text)
