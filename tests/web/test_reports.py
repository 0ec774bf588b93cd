"""The reports' numbers on hand-built scenarios, on SQLite and PostgreSQL: the same document
through `followup report NAME --json` and `GET /api/reports/NAME`, and bad input refused.

The scenario lies in spring 2025 (the CLI's clock is frozen while it is built); the API
answers with the real clock, later than all of it, which only ages the open deals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import Clock, doc
from tests.conftest import Cli
from tests.web.conftest import Served, workspace_rows

PERIOD = ("--since", "2025-03-01", "--until", "2025-04-30")
QUERY = {"since": "2025-03-01", "until": "2025-04-30"}
ZERO = {"on_time": 0, "late": 0, "overdue": 0, "open": 0, "dropped": 0}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, "2025-01-10T09:00:00+00:00")


@pytest.fixture
def team(served: Served, clock: Clock) -> dict[str, Cli]:
    """anna's German customer and mia's Japanese one, and a deal at each."""
    anna, mia = Cli(served.db_url), Cli(served.db_url, "mia")
    anna("account", "add", "Braun GmbH", "--country", "DE")
    anna("person", "add", "Hans Braun", "--account", "Braun GmbH")
    anna("account", "add", "Tanaka KK", "--country", "JP")
    mia("person", "add", "Keiko Tanaka", "--account", "Tanaka KK", "--owner", "mia")
    return {"anna": anna, "mia": mia}


def at(clock: Clock, day: str) -> None:
    clock.set(f"{day}T09:00:00+00:00")


def promise(cli: Cli, who: str, side: str, due: str) -> int:
    return int(
        doc(cli, "commit", "add", who, f"promise due {due}", "--owner", side, "--due", due)["id"]
    )


def both(served: Served, cli: Cli, name: str, *options: str, **query: str) -> list[dict[str, Any]]:
    """The report from the CLI and from the API (as anna, in Berlin)."""
    printed = doc(cli, "report", name, *options)
    with served.api("anna") as api:
        answer = api.get(f"/api/reports/{name}", params=query)
    assert answer.status_code == 200, answer.text
    return [printed, answer.json()]


def test_promises_kept_on_time_late_and_overdue_by_side_month_and_owner(
    served: Served, team: dict[str, Cli], clock: Clock
) -> None:
    anna, mia = team["anna"], team["mia"]
    at(clock, "2025-03-01")
    on_time = promise(anna, "Hans Braun", "us", "2025-03-10")
    late = promise(anna, "Hans Braun", "us", "2025-03-12")
    promise(anna, "Hans Braun", "us", "2025-04-05")  # never kept: overdue
    dropped = promise(anna, "Hans Braun", "us", "2025-04-20")
    theirs = promise(mia, "Keiko Tanaka", "them", "2025-03-20")
    promise(mia, "Keiko Tanaka", "them", "2025-04-02")  # they never delivered
    promise(anna, "Hans Braun", "us", "2025-05-02")  # after the period: not counted
    at(clock, "2025-03-09")
    anna("commit", "done", str(on_time))
    at(clock, "2025-03-15")
    anna("commit", "done", str(late))
    anna("commit", "drop", str(dropped))
    clock.set("2025-03-20T14:00:00+00:00")  # 23:00 in Tokyo: still their due day
    mia("commit", "done", str(theirs))
    at(clock, "2025-06-01")
    for report in both(served, anna, "followups", *PERIOD, **QUERY):
        assert report["since"] == "2025-02-28T23:00:00+00:00"  # midnight in Berlin
        assert report["timezone"] == "Europe/Berlin" and report["user"] is None
        ours, theirs_ = report["sides"]["us"], report["sides"]["them"]
        assert ours == {"on_time": 1, "late": 1, "overdue": 1, "open": 0, "dropped": 1,
                        "due": 3, "on_time_rate": 0.333}  # fmt: skip
        assert theirs_ == {**ZERO, "on_time": 1, "overdue": 1, "due": 2, "on_time_rate": 0.5}
        march, april = report["months"]
        assert (march["month"], april["month"]) == ("2025-03", "2025-04")
        assert (march["us"]["on_time"], march["us"]["late"], march["them"]["on_time"]) == (1, 1, 1)
        assert (april["us"]["overdue"], april["us"]["dropped"], april["them"]["overdue"]) == (
            1,
            1,
            1,
        )
        owners = {u["user"]: u for u in report["users"]}
        assert set(owners) == {"anna", "mia"}
        assert owners["anna"]["us"]["due"] == 3 and owners["anna"]["them"]["due"] == 0
        assert owners["mia"]["them"]["due"] == 2 and owners["mia"]["us"]["due"] == 0
    tables = anna("report", "followups", *PERIOD).stdout
    assert "Promises due in the period" in tables and "33%" in tables and "2025-04" in tables
    for report in both(served, anna, "followups", *PERIOD, "--user", "mia", **QUERY, user="mia"):
        assert report["user"] == "mia"
        assert report["sides"]["us"]["due"] == 0 and report["sides"]["them"]["due"] == 2
        assert [u["user"] for u in report["users"]] == ["mia"]


def test_attempts_answered_per_channel_and_culture(
    served: Served, team: dict[str, Cli], clock: Clock
) -> None:
    anna, mia = team["anna"], team["mia"]
    at(clock, "2025-03-31")

    def log(cli: Cli, who: str, kind: str, when: str, *extra: str) -> None:
        cli("log", who, "--kind", kind, "--at", f"2025-03-{when}", "--yes", *extra)

    log(anna, "Hans Braun", "email", "02T09:00")  # not answered: we wrote again at 10
    log(anna, "Hans Braun", "email", "02T10:00")  # answered: the next touch is theirs
    log(mia, "Hans Braun", "email", "03T10:00", "--direction", "in")  # logged by mia
    log(anna, "Hans Braun", "call", "05T10:00", "--outcome", "no_answer")  # chased instead
    log(anna, "Hans Braun", "email", "06T10:00")  # nothing since
    log(mia, "Keiko Tanaka", "meeting", "04T10:00")  # a meeting took place: answered
    log(mia, "Keiko Tanaka", "message", "07T10:00", "--outcome", "replied")
    since = ("--since", "2025-03-02", "--until", "2025-03-31")
    window = {"since": "2025-03-02", "until": "2025-03-31"}
    for report in both(served, anna, "responses", *since, **window):
        assert (report["attempts"], report["answered"], report["rate"]) == (6, 3, 0.5)
        channels = {c["channel"]: (c["attempts"], c["answered"]) for c in report["channels"]}
        assert channels == {
            "email": (3, 1),
            "phone": (1, 0),
            "in_person": (1, 1),
            "message": (1, 1),
        }
        cultures = {
            c["culture"]: (c["attempts"], c["answered"], c["rate"]) for c in report["cultures"]
        }
        assert cultures == {"de": (4, 1, 0.25), "jp": (2, 2, 1.0)}
    # anna's own attempts: her first email was answered even though mia logged the reply.
    for report in both(served, anna, "responses", *since, "--user", "anna", **window, user="anna"):
        assert (report["attempts"], report["answered"]) == (4, 1)
    later = {"since": "2025-03-03", "until": "2025-03-31"}
    for report in both(
        served, anna, "responses", "--since", "2025-03-03", "--until", "2025-03-31", **later
    ):
        assert (report["attempts"], report["answered"]) == (4, 2)  # the 2nd's emails are out
    tables = anna("report", "responses", "--since", "2025-03-02", "--until", "2025-03-31").stdout
    assert "Attempts answered: 3 of 6 (50%)" in tables and "in_person" in tables


def test_the_pipeline_by_stage_value_and_age_and_what_closed(
    served: Served, team: dict[str, Cli], clock: Clock
) -> None:
    anna = team["anna"]
    at(clock, "2025-01-10")
    anna("deal", "add", "Braun GmbH", "Retrofit", "--contact", "Hans Braun",
         "--stage", "discovery", "--value", "100000.50", "--currency", "EUR")  # fmt: skip
    at(clock, "2025-03-01")
    anna("deal", "add", "Tanaka KK", "Line 3", "--contact", "Keiko Tanaka",
         "--value", "12000000", "--currency", "JPY", "--owner", "mia")  # fmt: skip
    anna("deal", "add", "Braun GmbH", "Spares", "--contact", "Hans Braun",
         "--value", "200000", "--currency", "EUR")  # fmt: skip
    anna("deal", "add", "Braun GmbH", "Service", "--contact", "Hans Braun",
         "--value", "50000", "--currency", "EUR")  # fmt: skip
    anna("deal", "add", "Braun GmbH", "No value yet", "--contact", "Hans Braun")
    at(clock, "2025-03-15")
    anna("deal", "lose", "Spares", "--reason", "budget cut")
    at(clock, "2025-03-20")
    anna("deal", "win", "Service")
    at(clock, "2025-03-31")
    printed, served_ = both(served, anna, "pipeline", *PERIOD, **QUERY)
    for report in (printed, served_):
        stages = {s["stage"]: s for s in report["stages"]}
        assert list(stages) == ["lead", "discovery", "deliberation", "decision"]
        assert stages["lead"]["deals"] == 2 and stages["discovery"]["deals"] == 1
        assert stages["lead"]["values"] == [{"currency": "JPY", "value": "12000000"}]
        assert stages["discovery"]["values"] == [{"currency": "EUR", "value": "100000.5"}]
        assert stages["deliberation"]["deals"] == 0
        assert report["won"] == {"deals": 1, "values": [{"currency": "EUR", "value": "50000"}]}
        assert report["lost"] == {"deals": 1, "values": [{"currency": "EUR", "value": "200000"}]}
    # Ages by the CLI's clock (the 31st of March); the API's clock is much later.
    stages = {s["stage"]: s["ages"] for s in printed["stages"]}
    assert stages["lead"] == {"0-7": 0, "8-30": 2, "31-90": 0, "91+": 0}
    assert stages["discovery"] == {"0-7": 0, "8-30": 0, "31-90": 1, "91+": 0}
    assert {s["stage"]: s["ages"]["91+"] for s in served_["stages"]}["lead"] == 2
    tables = anna("report", "pipeline", *PERIOD).stdout
    assert "Open deals" in tables and "200000 EUR" in tables and "Closed in the period" in tables
    mine = doc(anna, "report", "pipeline", *PERIOD, "--user", "mia")
    assert [s["deals"] for s in mine["stages"]] == [1, 0, 0, 0]
    assert mine["won"]["deals"] == 0 and mine["lost"]["deals"] == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("followups", "--since", "2025-05-01", "--until", "2025-04-01"),
            "--since must come before",
        ),
        (("responses", "--since", "last tuesday"), "invalid date 'last tuesday'"),
        (("pipeline", "--user", "nobody"), "unknown user 'nobody'"),
        (("followups", "--since", "1990-01-01"), "at most 10 years"),
        (("responses", "--until", "9999-12-31"), "give one from 1900 to 2199"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    served: Served, args: tuple[str, ...], message: str
) -> None:
    before = workspace_rows(served.db_url)
    result = Cli(served.db_url)("report", *args, ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert workspace_rows(served.db_url) == before


def test_the_api_names_its_reports_and_refuses_what_they_do_not_take(served: Served) -> None:
    with served.api("vic") as api:  # a viewer reads every report
        for name in ("followups", "responses", "pipeline", "satisfaction", "breaches"):
            answer = api.get(f"/api/reports/{name}")
            assert answer.status_code == 200, (name, answer.text)
            assert answer.json()["report"] == name
        unknown = api.get("/api/reports/revenue")
        assert unknown.status_code == 404 and "followups, responses" in unknown.text
        extra = api.get("/api/reports/satisfaction", params={"until": "2025-01-01"})
        assert extra.status_code == 422 and extra.json()["error"]["code"] == "invalid"
        bad = api.get("/api/reports/followups", params={"since": "soon"})
        assert bad.status_code == 422 and "invalid date 'soon'" in bad.json()["error"]["message"]
    with served.api(None) as anonymous:
        assert anonymous.get("/api/reports/pipeline").status_code == 401
