"""Culture profiles on the Settings pages over HTTP, on both databases: everyone reads every
value with its source; an admin sets a field, adds to a list, resets, creates a profile,
and sees the CLI's validation errors in place; members and viewers change nothing."""

from __future__ import annotations

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows


def field(cli: Cli, key: str, name: str) -> dict[str, object]:
    (found,) = [f for f in doc(cli, "culture", "show", key)["fields"] if f["field"] == name]
    return found  # type: ignore[no-any-return]


def test_everyone_reads_every_profile_with_its_sources(served: Served) -> None:
    vic = served.browser_session("vic")
    listing = vic.client.get("/settings/cultures")
    assert listing.status_code == 200
    assert (
        '<a href="/settings/cultures/jp">' in listing.text
        and "Create a profile" not in listing.text
    )
    page = vic.client.get("/settings/cultures/de")
    assert page.status_code == 200
    html = page.text
    for shown in ("min gap days", "negotiation", "Faux pas", "Chasing more often than agreed",
                  "US vs German follow-up expectations", "shipped"):  # fmt: skip
        assert shown in html, shown
    assert "Change a field" not in html and "Only an admin can change" in html
    assert vic.client.get("/settings/cultures/xx").status_code == 422  # unknown profile


def test_an_admin_sets_a_field_adds_to_a_list_and_resets(served: Served) -> None:
    anna = served.browser_session("anna")
    cli = Cli(served.db_url, login="anna")
    form = anna.client.get("/settings/cultures/de?field=min_gap_days").text
    assert "<option selected>min_gap_days</option>" in form and 'value="7"' in form
    saved = anna.post("/settings/cultures/de", {"field": "min_gap_days", "value": "10",
                                                 "note": "our customers said so"})  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/settings/cultures/de"
    assert field(cli, "de", "min_gap_days")["value"] == 10
    page = anna.client.get("/settings/cultures/de").text
    assert "edited in this workspace by anna on" in page and "our customers said so" in page
    added = anna.post("/settings/cultures/de", {"field": "notes", "value": "Bring printed agendas.",
                                                 "how": "add"})  # fmt: skip
    assert added.status_code == 303
    assert "Bring printed agendas." in field(cli, "de", "notes")["value"]  # type: ignore[operator]
    assert len(field(cli, "de", "notes")["value"]) == 3  # type: ignore[arg-type]
    reset = anna.post("/settings/cultures/de/reset", {"field": "min_gap_days"})
    assert (
        reset.status_code == 303
        and "Reset min_gap_days of de" in anna.client.get(reset.headers["location"]).text
    )
    assert field(cli, "de", "min_gap_days")["value"] == 7
    everything = anna.post("/settings/cultures/de/reset", {})
    assert everything.status_code == 303
    assert field(cli, "de", "notes")["origin"] == "shipped"


def test_invalid_edits_are_refused_in_place_with_the_clis_message(served: Served) -> None:
    anna = served.browser_session("anna")
    cli = Cli(served.db_url, login="anna")
    before = workspace_rows(served.db_url)
    for name, value in [("channel", "pigeon"), ("cadence_days.lead", "-3"),
                        ("countries", "XX"), ("nonsense", "1")]:  # fmt: skip
        said = cli("culture", "edit", "de", "--set", f"{name}={value}", ok=False).stderr
        message = said.removeprefix("error: ").strip()
        answer = anna.post("/settings/cultures/de", {"field": name, "value": value})
        assert answer.status_code == 422, (name, answer.text)
        assert message.replace("'", "&#39;") in answer.text, (message, name)
        assert f'value="{value}"' in answer.text  # what was typed stays in the form
    assert workspace_rows(served.db_url) == before
    nothing = anna.post("/settings/cultures/de/reset", {"field": "channel"})
    assert nothing.status_code == 409 and "no workspace edits to reset" in nothing.text


def test_an_admin_creates_a_profile(served: Served) -> None:
    anna = served.browser_session("anna")
    made = anna.post("/settings/cultures", {"key": "nordics", "name": "Nordic countries",
                                            "countries": "SE, NO"})  # fmt: skip
    assert made.status_code == 303 and made.headers["location"] == "/settings/cultures/nordics"
    shown = doc(Cli(served.db_url), "culture", "show", "nordics")
    assert shown["name"] == "Nordic countries"
    again = anna.post("/settings/cultures", {"key": "nordics", "name": "Again"})
    assert again.status_code == 409 and "already exists" in again.text
    bad = anna.post("/settings/cultures", {"key": "Nordics!", "name": "x"})
    assert bad.status_code == 422 and "invalid culture profile key" in bad.text
    assert 'value="Nordics!"' in bad.text
    gone = anna.post("/settings/cultures/nordics/reset", {})
    assert gone.status_code == 303 and gone.headers["location"] == "/settings/cultures"


def test_members_and_viewers_change_no_profile(served: Served) -> None:
    before = workspace_rows(served.db_url)
    for name, refusal in (("mia", "only an admin"), ("vic", "viewer")):
        browser = served.browser_session(name)
        assert "Change a field" not in browser.client.get("/settings/cultures/de").text
        for path, data in [
            ("/settings/cultures/de", {"field": "min_gap_days", "value": "10"}),
            ("/settings/cultures/de/reset", {}),
            ("/settings/cultures", {"key": "mine", "name": "Mine"}),
        ]:
            answer = browser.post(path, data)
            assert answer.status_code == 403 and refusal in answer.text, (name, path)
    assert workspace_rows(served.db_url) == before


def test_script_in_a_note_is_shown_as_text(served: Served) -> None:
    anna = served.browser_session("anna")
    evil = "<script>alert('culture')</script>"
    assert anna.post("/settings/cultures/de", {"field": "notes", "value": evil, "how": "add",
                                               "note": evil}).status_code == 303  # fmt: skip
    html = anna.client.get("/settings/cultures/de").text
    assert "<script>alert" not in html and html.count("&lt;script&gt;alert(") >= 2
