"""The 'In town' page over HTTP on the demo workspace, on both databases: the people worth
meeting in a city with their reasons and a draft note, as `followup visit` says; dates
that cannot be read are said in place."""

from __future__ import annotations

from markupsafe import escape

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import Served

TRIP = {"city": "Tokyo", "from": "2030-01-10", "to": "2030-01-12", "all": "true"}


def test_who_is_worth_meeting_in_town_as_the_cli_says(demo_served: Served) -> None:
    omar = demo_served.browser_session("omar")  # a viewer may plan a trip too
    page = omar.client.get("/visit", params=TRIP)
    assert page.status_code == 200
    expected = doc(
        Cli(demo_served.db_url, login="omar"),
        "visit", "Tokyo", "--from", "2030-01-10", "--to", "2030-01-12", "--all",
    )  # fmt: skip
    assert len(expected["people"]) >= 3
    text = page.text
    assert f"{len(expected['people'])} worth meeting" in text
    for person in expected["people"]:
        assert f'href="/people/{person["id"]}">{escape(person["name"])}</a>' in text
        assert escape(person["note"]) in text
        for reason in person["reasons"]:
            assert escape(reason) in text
    assert 'data-copy="note-1"' in text and '<script src="/static/copy.js"' in text


def test_only_my_people_unless_the_whole_team_is_asked(demo_served: Served) -> None:
    mike = demo_served.browser_session("mike")
    alone = {k: v for k, v in TRIP.items() if k != "all"}  # an unticked box is not sent
    mine = mike.client.get("/visit", params=alone).text
    assert "0 worth meeting" in mine and "Nobody of yours there" in mine
    team = mike.client.get("/visit", params=TRIP).text
    assert "0 worth meeting" not in team


def test_an_unknown_city_or_date_is_said_in_place(demo_served: Served) -> None:
    anna = demo_served.browser_session("anna")
    empty = anna.client.get("/visit")
    assert empty.status_code == 200 and "worth meeting</small>" not in empty.text
    city = anna.client.get("/visit", params={**TRIP, "city": "<script>alert(1)</script>ville"})
    assert city.status_code == 200 and "0 worth meeting" in city.text  # a place nobody is in
    assert (
        "<script>alert" not in city.text
        and "&lt;script&gt;alert(1)&lt;/script&gt;ville," in city.text
    )
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;ville"' in city.text  # kept in the form
    day = anna.client.get("/visit", params={**TRIP, "from": "someday"})
    assert day.status_code == 422 and 'role="alert"' in day.text
    assert "invalid --from date &#39;someday&#39;" in day.text
    backwards = anna.client.get("/visit", params={**TRIP, "from": "2030-02-01"})
    assert backwards.status_code == 422 and 'role="alert"' in backwards.text
