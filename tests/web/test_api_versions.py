"""Versions through the deal, plan, service-level, reminder and culture endpoints, on a real
server over SQLite and PostgreSQL: every read of a record sends its version as the ETag,
every change takes it back as If-Match (or `version` in the body) and answers the new one;
a change of an older version is a 409 in the one error shape and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.web.conftest import Served, workspace_rows
from tests.web.test_api import error_of
from tests.web.test_api_deals import YEAR, made

STALE = "was changed by someone else since version"
ACCOUNT = "Braun Maschinenbau GmbH"
PILOT = (
    '[templates.pilot]\nname = "Pilot"\nplan = "decision"\n'
    '[[templates.pilot.steps]]\nkey = "go"\ntitle = "Go"\nside = "them"\ndays = 1\n'
)

Ids = dict[str, int]
Headers = dict[str, str]


def braun(api: httpx.Client) -> Ids:
    account = made(api.post("/api/accounts", json={"name": ACCOUNT, "country": "DE"}))
    person = made(api.post("/api/people", json={"name": "Hans Braun", "account": ACCOUNT}))
    return {"account": account["id"], "person": person["id"]}


def with_deal(api: httpx.Client) -> Ids:
    """A deal to decide by June next year, with one step in its plan."""
    ids = braun(api)
    body = {"account": ids["account"], "title": "Retrofit",
            "contacts": [{"person": ids["person"]}], "decision_by": f"{YEAR}-06-30"}  # fmt: skip
    deal = made(api.post("/api/deals", json=body))["id"]
    step = {"title": "Site visit", "due": f"{YEAR}-02-02"}
    milestone = made(api.post(f"/api/deals/{deal}/milestones", json=step))["id"]
    return {**ids, "deal": deal, "milestone": milestone}


def with_tiers(api: httpx.Client) -> Ids:
    for name, minutes in (("gold", 240), ("silver", 1440)):
        made(api.post("/api/tiers", json={"name": name, "response_minutes": minutes}))
    return braun(api)


def with_request(api: httpx.Client) -> Ids:
    ids = braun(api)
    asked = api.post(f"/api/accounts/{ids['account']}/requests", json={"what": "Sensor down"})
    return {**ids, "request": made(asked)["id"]}


def with_webhook(api: httpx.Client) -> Ids:
    made_hook = api.post("/api/webhooks", json={"url": "https://hooks.example/followup"})
    return {"webhook": made(made_hook)["id"]}


def with_template(api: httpx.Client) -> Ids:
    made(api.post("/api/plan-templates", json={"toml": PILOT}))
    return {}


def with_culture_edit(api: httpx.Client) -> Ids:
    edited = api.patch("/api/cultures/de", json={"set": {"min_gap_days": 9}})
    assert edited.status_code == 200, edited.text
    return {}


def nothing(_: httpx.Client) -> Ids:
    return {}


# How a record is read: its version, and the response whose ETag it is (None when the
# version is an item of a listing or of another record's document).
Read = Callable[[httpx.Client, Ids], tuple[int, httpx.Response | None]]


def own(path: str) -> Read:
    def read(api: httpx.Client, ids: Ids) -> tuple[int, httpx.Response | None]:
        response = api.get(path.format(**ids))
        assert response.status_code == 200, response.text
        return int(response.json()["version"]), response

    return read


def listed(path: str, key: str, field: str, wanted: str) -> Read:
    """The version of the item of a listing (or a document's list) whose `field` is `wanted`
    (formatted with the ids)."""

    def read(api: httpx.Client, ids: Ids) -> tuple[int, httpx.Response | None]:
        items = api.get(path.format(**ids)).json()[key]
        return int(next(i for i in items if str(i[field]) == wanted.format(**ids))["version"]), None

    return read


DEAL = own("/api/deals/{deal}")
MILESTONE = listed("/api/deals/{deal}", "milestones", "id", "{milestone}")
ACCOUNT_DOC = own("/api/accounts/{account}")

# A change: (api, ids, n, body fields to add, headers); each n changes something else.
Send = Callable[[httpx.Client, Ids, int, dict[str, Any], Headers], httpx.Response]


def post(path: str, body: Callable[[int], dict[str, Any]] | None = None) -> Send:
    def send(api: httpx.Client, ids: Ids, n: int, extra: dict[str, Any], h: Headers) -> Any:
        url = path.format(**ids)
        if body is None:
            return api.post(url, headers=h)
        return api.post(url, json={**body(n), **extra}, headers=h)

    return send


def call(method: str, path: str, body: Callable[[int], dict[str, Any]] | None = None) -> Send:
    def send(api: httpx.Client, ids: Ids, n: int, extra: dict[str, Any], h: Headers) -> Any:
        content = None if body is None else {**body(n), **extra}
        return api.request(method, path.format(**ids), json=content, headers=h)

    return send


def empty(_: int) -> dict[str, Any]:
    return {}


@dataclass
class Change:
    record: str  # how a refusal names it (formatted with the ids)
    setup: Callable[[httpx.Client], Ids]
    read: Read
    send: Send
    has_body: bool = True  # takes `version` in its JSON body too
    removes: bool = False  # the record is gone after it: no ETag to answer


EDITS = {
    "deal move": Change(
        "deal #{deal}", with_deal, DEAL,
        post("/api/deals/{deal}/move", lambda n: {"decision_by": f"{YEAR}-0{4 + n}-30"}),
    ),
    "milestone slip": Change(
        "milestone #{milestone}", with_deal, MILESTONE,
        post("/api/milestones/{milestone}/slip", lambda n: {"to": f"{YEAR}-03-0{n + 1}"}),
    ),
    "tier edit": Change(
        "tier 'gold'", with_tiers, listed("/api/tiers", "tiers", "name", "gold"),
        call("PATCH", "/api/tiers/gold", lambda n: {"response_minutes": 60 * (n + 1)}),
    ),
    "account tier": Change(
        f"account {ACCOUNT}", with_tiers, ACCOUNT_DOC,
        call("PUT", "/api/accounts/{account}/tier", lambda n: {"tier": ("gold", "silver")[n]}),
    ),
    "account edit": Change(
        f"account {ACCOUNT}", braun, ACCOUNT_DOC,
        call("PATCH", "/api/accounts/{account}", lambda n: {"country": ("AT", "CH")[n]}),
    ),
    "prefs": Change(
        "the reminder preferences of anna", nothing, own("/api/prefs"),
        call("PATCH", "/api/prefs", lambda n: {"digest_at": f"0{7 + n}:30"}),
    ),
    "culture edit": Change(
        "culture profile 'de'", nothing, own("/api/cultures/de"),
        call("PATCH", "/api/cultures/de", lambda n: {"set": {"min_gap_days": 5 + n}}),
    ),
}  # fmt: skip


def if_match(version: int) -> Headers:
    return {"If-Match": f'"{version}"'}


def assert_tagged(response: httpx.Response | None, version: int) -> None:
    """The response carries `version` as its ETag (and in its document)."""
    if response is not None:
        assert response.status_code == 200, response.text
        assert response.headers["etag"] == f'"{version}"'
        assert response.json()["version"] == version


def assert_stale(response: httpx.Response, record: str, version: int) -> None:
    message = error_of(response, 409, "conflict")["message"]
    assert message == f"{record} {STALE} {version}: reload and make your change again"


def prepared(change: Change, api: httpx.Client) -> tuple[Ids, str, int]:
    """The record set up: its ids, how a refusal names it, and the version it is read at
    (checked against the ETag of its read)."""
    ids = change.setup(api)
    read, response = change.read(api, ids)
    assert_tagged(response, read)
    return ids, change.record.format(**ids), read


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_takes_the_etag_back_and_a_stale_one_is_409(name: str, served: Served) -> None:
    change = EDITS[name]
    with served.api("anna") as api:
        ids, record, read = prepared(change, api)
        first = change.send(api, ids, 0, {}, if_match(read))  # the first editor of `read`
        assert_tagged(first, read + 1)
        before = workspace_rows(served.db_url)
        assert_stale(change.send(api, ids, 1, {}, if_match(read)), record, read)
        if change.has_body:
            assert_stale(change.send(api, ids, 1, {"version": read}, {}), record, read)
            both = change.send(api, ids, 1, {"version": read + 1}, if_match(read))
            assert "disagree" in error_of(both, 422, "invalid")["message"]
        assert workspace_rows(served.db_url) == before
        again = change.send(api, ids, 1, {}, if_match(read + 1))  # reloaded: it goes through
        assert_tagged(again, read + 2)
        assert change.read(api, ids)[0] == read + 2


CLOSES = {
    "deal win": Change("deal #{deal}", with_deal, DEAL, post("/api/deals/{deal}/win", empty)),
    "deal lose": Change(
        "deal #{deal}", with_deal, DEAL,
        post("/api/deals/{deal}/lose", lambda _: {"reason": "no budget"}),
    ),
    "plan from a template": Change(
        "deal #{deal}", with_deal, DEAL,
        post("/api/deals/{deal}/plan", lambda _: {"template": "capital_equipment"}),
    ),
    "milestone done": Change(
        "milestone #{milestone}", with_deal, MILESTONE,
        post("/api/milestones/{milestone}/done"), has_body=False,
    ),
    "milestone drop": Change(
        "milestone #{milestone}", with_deal, MILESTONE,
        post("/api/milestones/{milestone}/drop"), has_body=False,
    ),
    "request done": Change(
        "request #{request}", with_request,
        listed("/api/requests", "requests", "id", "{request}"),
        post("/api/requests/{request}/done", empty),
    ),
    "webhook remove": Change(
        "webhook #{webhook}", with_webhook,
        listed("/api/webhooks", "webhooks", "id", "{webhook}"),
        call("DELETE", "/api/webhooks/{webhook}"), has_body=False, removes=True,
    ),
    "plan template remove": Change(
        "plan template 'pilot'", with_template, own("/api/plan-templates/pilot"),
        call("DELETE", "/api/plan-templates/pilot"), has_body=False, removes=True,
    ),
    "culture reset": Change(
        "culture profile 'de'", with_culture_edit, own("/api/cultures/de"),
        post("/api/cultures/de/reset", empty),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CLOSES)
def test_a_close_of_another_version_is_409_and_the_current_one_goes_through(
    name: str, served: Served
) -> None:
    change = CLOSES[name]
    with served.api("anna") as api:
        ids, record, read = prepared(change, api)
        before = workspace_rows(served.db_url)
        assert_stale(change.send(api, ids, 0, {}, if_match(read + 1)), record, read + 1)
        if change.has_body:
            stale = change.send(api, ids, 0, {"version": read + 1}, {})
            assert_stale(stale, record, read + 1)
        assert workspace_rows(served.db_url) == before
        done = change.send(api, ids, 0, {}, if_match(read))
        if change.removes:
            assert done.status_code in (200, 204) and "etag" not in done.headers, done.text
        else:
            assert_tagged(done, read + 1)
        assert workspace_rows(served.db_url) != before


def test_every_record_made_comes_with_its_version_as_etag(served: Served) -> None:
    with served.api("anna") as api:
        ids = with_deal(api)
        deal = api.get(f"/api/deals/{ids['deal']}")
        assert deal.headers["etag"] == f'"{deal.json()["version"]}"'
        made_now = [
            api.post("/api/tiers", json={"name": "gold", "response_minutes": 240}),
            api.post(f"/api/accounts/{ids['account']}/requests", json={"what": "Sensor down"}),
            api.post("/api/webhooks", json={"url": "https://hooks.example/followup"}),
            api.post("/api/content", json={"title": "Retrofit guide", "topics": ["retrofit"]}),
            api.post("/api/cultures", json={"key": "dach", "set": {"name": "DACH"}}),
            api.post(f"/api/deals/{ids['deal']}/milestones",
                     json={"title": "Offer", "due": f"{YEAR}-03-03"}),
            api.post("/api/deals", json={"account": ids["account"], "title": "Spare parts",
                                         "contacts": [{"person": ids["person"]}]}),
        ]  # fmt: skip
        for response in made_now:
            assert response.status_code == 201, response.text
            assert response.headers["etag"] == f'"{response.json()["version"]}"'
        person = api.put(f"/api/deals/{ids['deal']}/people/{ids['person']}",
                         json={"role": "decision_maker"})  # fmt: skip
        assert person.headers["etag"] == deal.headers["etag"]  # the people are a set
