"""The customer's shared plan over real HTTP: what it shows, what it never shows, and how
revoked, expired and guessed links answer."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import httpx
from icalendar import Calendar

from benchmarks.plans import recorded
from followup.services.sharing import share_plan
from tests.cli.helpers import assert_error, doc
from tests.web.conftest import SECRET_NOTE, STEP_NOTE, Shared

NEVER_SHOWN = (
    "12000000", "JPY", SECRET_NOTE, STEP_NOTE, "champion", "decision_maker", "Retrofit Braun",
    "480000", "Other Tanaka deal", "lead",
)  # fmt: skip


def test_the_customer_sees_the_plan_and_only_the_plan(shared: Shared) -> None:
    response = httpx.get(shared.url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert "Line 3 monitoring — mutual plan with Tanaka Seiki KK" in page
    assert "Ringi: section manager&#x27;s approval (kachō)" in page
    assert "Keiko Tanaka (Tanaka Seiki KK)" in page
    # User text is escaped, never markup.
    assert "Site visit &lt;b&gt;&amp;&lt;/b&gt; “demo”" in page and "<b>&</b>" not in page
    for secret in NEVER_SHOWN:
        assert secret not in page, secret


def test_the_calendar_file_imports_every_step(shared: Shared) -> None:
    response = httpx.get(f"{shared.url}/plan.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    deal = doc(shared.cli, "deal", "show", "1")
    assert len(events) == len(deal["milestones"]) == 13
    dates = sorted(e.decoded("dtstart") for e in events)
    assert dates == sorted(date.fromisoformat(m["due_on"]) for m in deal["milestones"])
    summaries = {str(e["summary"]) for e in events}
    assert "Final approval (kessai) and order — Line 3 monitoring" in summaries
    assert len({str(e["uid"]) for e in events}) == 13
    text = response.content.decode()
    for secret in NEVER_SHOWN:
        assert secret not in text, secret


def test_a_revoked_link_is_not_found_and_tells_nothing(shared: Shared) -> None:
    shared.cli("plan", "unshare", "1")
    for url in (shared.url, f"{shared.url}/plan.ics"):
        response = httpx.get(url)
        assert response.status_code == 404
        assert "Line 3 monitoring" not in response.text and "Tanaka" not in response.text
    assert "no active share link" in assert_error(shared.cli("plan", "unshare", "1", ok=False))


def test_an_expired_link_is_gone(shared: Shared) -> None:
    month_ago = datetime.now(UTC) - timedelta(days=31)
    link = share_plan(shared.ws, "1", month_ago, "anna", shared.base, expires_days=30)
    response = httpx.get(str(link["url"]))
    assert response.status_code == 410
    assert "expired" in response.text and "Tanaka" not in response.text
    assert httpx.get(shared.url).status_code == 200  # the other link still works


def test_a_lost_deal_revokes_its_links(shared: Shared) -> None:
    shared.cli("deal", "lose", "1", "--reason", "Chose a local supplier")
    assert httpx.get(shared.url).status_code == 404


def test_guessed_links_are_not_found(shared: Shared) -> None:
    last = shared.token[-1]
    near = shared.token[:-1] + ("A" if last != "A" else "B")
    guesses = [secrets.token_urlsafe(32), near, shared.token.upper(), "x" * 43, "short", "%2e%2e"]
    for guess in guesses:
        response = httpx.get(f"{shared.base}/shared/{guess}")
        assert response.status_code == 404, guess
        assert "Tanaka" not in response.text
    assert httpx.get(f"{shared.base}/shared/{'a' * 5000}").status_code == 404


def test_a_token_is_looked_up_by_its_hash_alone(shared: Shared) -> None:
    """The database never sees a token, only its SHA-256, by one and the same statement for
    a valid and a guessed token: nothing in the lookup depends on how close a guess is."""
    near = shared.token[:-1] + ("A" if shared.token[-1] != "A" else "B")
    lookups = {}
    for token in (shared.token, near, secrets.token_urlsafe(32), "malformed"):
        with recorded(shared.ws.engine) as seen:
            httpx.get(f"{shared.base}/shared/{token}")
        sent = [str(value) for _, parameters in seen for value in _values(parameters)]
        assert not any(token in value for value in sent), token
        statement, parameters = seen[0]
        assert "FROM share_links" in statement and "token_hash" in statement
        [presented] = _values(parameters)
        assert len(str(presented)) == 64
        lookups[token] = statement
    assert len(set(lookups.values())) == 1


def _values(parameters: object) -> list[object]:
    if isinstance(parameters, dict):
        return list(parameters.values())
    assert isinstance(parameters, (list, tuple))
    return list(parameters)


def test_one_link_of_several_can_be_revoked(shared: Shared) -> None:
    second = doc(shared.cli, "plan", "share", "1", "--expires", "2w")
    assert second["url"] != shared.url
    revoked = doc(shared.cli, "plan", "share", "1", "--revoke", "--link", str(second["link_id"]))
    assert revoked == {"deal_id": 1, "revoked": [second["link_id"]]}
    assert httpx.get(str(second["url"])).status_code == 404
    assert httpx.get(shared.url).status_code == 200
    states = {x["id"]: x["state"] for x in doc(shared.cli, "deal", "show", "1")["share_links"]}
    assert states == {1: "active", second["link_id"]: "revoked"}
