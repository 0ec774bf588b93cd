"""The version in the web's forms, on SQLite and PostgreSQL: every form that changes a
versioned record (deal, milestone, tier, culture profile, reminder preferences, webhook,
user, account, request, person, promise) carries the version the page showed, and its
handler refuses a stale one (409, said in the page, nothing written). The forms are found
by reading the rendered pages, so a form added later without its version fails here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from tests.web.conftest import BrowserSession, Served, workspace_rows
from tests.web.test_api_deals import YEAR
from tests.web.test_api_versions import braun, made, with_deal

STALE = "was changed by someone else since version"
HTMX = {"HX-Request": "true"}


@dataclass
class Form:
    """A POST form as a browser would send it untouched: its fields in order."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)


class PostForms(HTMLParser):
    """The POST forms of a page with their values: inputs (checkboxes when ticked), the
    chosen option of each select (else its first) and text areas."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None  # the select being read, and its options so far:
        self.options: list[tuple[str | None, bool, str]] = []  # value, selected, text
        self.textarea = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = Form(a.get("action") or "")
            self.forms.append(self.form)
        if self.form is None:
            return
        if (
            tag == "input"
            and name
            and (a.get("type") not in ("checkbox", "radio") or "checked" in a)
        ):
            self.form.fields.append((name, a.get("value") or ""))
        elif tag == "select":
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((a.get("value"), "selected" in a, ""))
        elif tag == "textarea":
            self.textarea = True
            self.form.fields.append((name, ""))

    def handle_data(self, data: str) -> None:
        if self.form is None:
            return
        if self.select and self.options:
            value, chosen, text = self.options[-1]
            self.options[-1] = (value, chosen, text + data)
        elif self.textarea:
            name, text = self.form.fields[-1]
            self.form.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = False
        elif tag == "select" and self.form is not None and self.select:
            values = [(v if v is not None else t.strip(), s) for v, s, t in self.options]
            chosen = [v for v, s in values if s] or [v for v, _ in values[:1]]
            self.form.fields.extend((self.select, v) for v in chosen)
            self.select = None


def post_forms(session: BrowserSession, path: str) -> list[Form]:
    page = session.client.get(path)
    assert page.status_code == 200, page.text
    return PostForms(page.text).forms


# The forms that change no versioned record, and why. Any other POST form must carry one.
UNVERSIONED = {
    r"/signout": "signing out",
    r"/deals/\d+/people": "a deal's people are a set",
    r"/deals/\d+/people/\d+/remove": "a deal's people are a set",
    r"/deals/\d+/milestones": "a new step",
    r"/deals/\d+/links": "a new share link",
    r"/deals/\d+/links/\d+/revoke": "a revoked link stays revoked",
    r"/settings/tiers": "a new tier",
    r"/settings/cultures": "a new profile",
    r"/settings/webhooks": "a new webhook",
    r"/settings/calendar/rotate": "a new secret replaces the feed's: nothing to overwrite",
    r"/settings/password": "a new password replaces the old: nothing to overwrite",
    r"/settings/tokens": "a new token",
    r"/settings/tokens/\d+/revoke": "a revoked token stays revoked",
    r"/settings/users": "a new user",
    r"/accounts/\d+/requests": "a new request",
    r"/accounts/\d+/feedback": "a new score",
    r"/people/\d+/commitments": "a new promise",
}
# What a stale submit fills in where the page leaves a field empty (a valid value, so
# that only the version is wrong).
FILLED = {"to": f"{YEAR}-03-03", "reason": "no budget", "stage": "discovery", "every": "14d"}


@dataclass
class Records:
    """One record of every kind with a form (their ids), and the pages that show them."""

    ids: dict[str, int]
    pages: list[str]


def everything(served: Served) -> Records:
    with served.api("anna") as api:
        ids = with_deal(api)
        made(api.post("/api/tiers", json={"name": "gold", "response_minutes": 240}))
        asked = api.post(f"/api/accounts/{ids['account']}/requests", json={"what": "Sensor down"})
        ids["request"] = made(asked)["id"]
        made(api.post("/api/webhooks", json={"url": "https://hooks.example/followup"}))
        assert api.patch("/api/cultures/de", json={"set": {"min_gap_days": 9}}).status_code == 200
        promise = {"owner": "us", "what": "send the offer", "due": f"{YEAR}-01-10"}
        made(api.post(f"/api/people/{ids['person']}/commitments", json=promise))
        # Two versions apart, so that a form carrying the wrong record's version shows.
        slipped = api.post(f"/api/milestones/{ids['milestone']}/slip", json={"to": f"{YEAR}-02-03"})
        assert slipped.status_code == 200, slipped.text
    pages = [f"/deals/{ids['deal']}", f"/accounts/{ids['account']}", f"/people/{ids['person']}",
             "/settings", "/settings/tiers", "/settings/cultures", "/settings/cultures/de",
             "/settings/reminders"]  # fmt: skip
    return Records(ids, pages)


def versioned_forms(session: BrowserSession, records: Records) -> list[Form]:
    """Every POST form of the pages but those known to change no versioned record."""
    found = [form for path in records.pages for form in post_forms(session, path)]
    return [f for f in found if not any(re.fullmatch(p, f.action) for p in UNVERSIONED)]


def test_every_form_of_a_versioned_record_carries_its_version(served: Served) -> None:
    records = everything(served)
    forms = versioned_forms(served.browser_session("anna"), records)
    missing = [f.action for f in forms if not (f.value("version") or "").isdigit()]
    assert not missing, f"forms without the version of what they change: {missing}"
    ids = records.ids
    by_action = {f.action: f.value("version") for f in forms}
    expected = {
        f"/deals/{ids['deal']}/move": "1", f"/deals/{ids['deal']}/win": "1",
        f"/deals/{ids['deal']}/lose": "1", f"/deals/{ids['deal']}/template": "1",
        f"/milestones/{ids['milestone']}/done": "2",
        f"/milestones/{ids['milestone']}/slip": "2", f"/milestones/{ids['milestone']}/drop": "2",
        "/settings/tiers/gold": "1", "/settings/cultures/de": "2",
        "/settings/cultures/de/reset": "2", "/settings/reminders": "1",
        f"/accounts/{ids['account']}/edit": "1", f"/accounts/{ids['account']}/tier": "1",
        f"/requests/{ids['request']}/done": "1",
    }  # fmt: skip
    assert {a: by_action.get(a) for a in expected} == expected
    assert "/settings/users/anna" in by_action
    assert any(a.startswith("/settings/webhooks/") for a in by_action)
    assert any(a.startswith("/commitments/") for a in by_action)


def test_every_versioned_form_submitted_stale_is_refused_and_writes_nothing(
    served: Served,
) -> None:
    records = everything(served)
    anna = served.browser_session("anna")
    forms = versioned_forms(anna, records)
    assert len(forms) >= 20
    before = workspace_rows(served.db_url)
    for form in forms:
        sent = [(k, v or FILLED.get(k, "")) for k, v in form.fields if k != "version"]
        stale = str(int(form.value("version") or 0) + 1)
        answer = anna.client.post(form.action, data=_grouped([*sent, ("version", stale)]))
        assert answer.status_code == 409, (form.action, answer.status_code, answer.text[:300])
        assert STALE in answer.text and 'role="alert"' in answer.text, form.action
    assert workspace_rows(served.db_url) == before


def _grouped(fields: list[tuple[str, str]]) -> dict[str, Any]:
    grouped: dict[str, list[str]] = {}
    for key, value in fields:
        grouped.setdefault(key, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}


def test_a_stale_deal_page_submit_shows_the_conflict_and_changes_nothing(served: Served) -> None:
    with served.api("anna") as api:
        ids = with_deal(api)
    deal, step = ids["deal"], ids["milestone"]
    mia = served.browser_session("mia")
    forms = {f.action: f for f in post_forms(mia, f"/deals/{deal}")}
    assert forms[f"/deals/{deal}/move"].value("version") == "1"
    with served.api("anna") as api:  # meanwhile, anna re-dates the deal and the step
        assert api.post(f"/api/deals/{deal}/move", json={"stage": "discovery"}).status_code == 200
        slipped = api.post(f"/api/milestones/{step}/slip", json={"to": f"{YEAR}-02-09"})
        assert slipped.status_code == 200
    before = workspace_rows(served.db_url)
    moved = mia.post(f"/deals/{deal}/move", {"stage": "deliberation", "version": "1"})
    assert moved.status_code == 409 and 'role="alert"' in moved.text
    assert f"deal #{deal} {STALE} 1: reload and make your change again" in moved.text
    done = mia.post(f"/milestones/{step}/done", {"version": "1"}, headers=HTMX)
    assert done.status_code == 409 and done.headers["hx-retarget"] == "#flash"
    assert f"milestone #{step} {STALE} 1" in done.text
    assert workspace_rows(served.db_url) == before
    reloaded = {f.action: f for f in post_forms(mia, f"/deals/{deal}")}
    version = reloaded[f"/deals/{deal}/move"].value("version") or ""
    again = mia.post(f"/deals/{deal}/move", {"stage": "deliberation", "version": version})
    assert again.status_code == 303
    with served.api("anna") as api:
        assert api.get(f"/api/deals/{deal}").json()["stage"] == "deliberation"


def test_the_account_page_edits_the_account_with_its_version(served: Served) -> None:
    with served.api("anna") as api:
        account = braun(api)["account"]
    mia = served.browser_session("mia")
    form = next(f for f in post_forms(mia, f"/accounts/{account}") if f.action.endswith("/edit"))
    assert form.value("culture") == form.value("culture_shown") == "de"
    fields = dict(form.fields) | {"name": "Braun Maschinenbau AG", "country": "AT"}
    saved = mia.client.post(f"/accounts/{account}/edit", data=fields)
    assert saved.status_code == 303, saved.text
    with served.api("anna") as api:
        shown = api.get(f"/api/accounts/{account}")
        assert shown.json()["name"] == "Braun Maschinenbau AG" and shown.json()["country"] == "AT"
        assert shown.headers["etag"] == '"2"'
        # The culture left as shown was not stored: it still follows the country.
        patched = api.patch(f"/api/accounts/{account}", json={"country": "JP"})
        assert patched.json()["culture"] == "jp"
    before = workspace_rows(served.db_url)
    late = mia.client.post(f"/accounts/{account}/edit", data=fields | {"country": "CH"})
    assert late.status_code == 409 and 'role="alert"' in late.text
    assert f"account Braun Maschinenbau AG {STALE} 1" in late.text
    assert workspace_rows(served.db_url) == before


def test_choosing_a_culture_on_the_account_page_stores_it(served: Served) -> None:
    with served.api("anna") as api:
        account = braun(api)["account"]
    mia = served.browser_session("mia")
    form = next(f for f in post_forms(mia, f"/accounts/{account}") if f.action.endswith("/edit"))
    chosen = mia.client.post(
        f"/accounts/{account}/edit", data=dict(form.fields) | {"culture": "jp"}
    )
    assert chosen.status_code == 303, chosen.text
    with served.api("anna") as api:
        moved = api.patch(f"/api/accounts/{account}", json={"country": "FR"})
        assert moved.json()["culture"] == "jp", moved.text
