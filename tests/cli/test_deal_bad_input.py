"""Bad input to deals and plans: one clear line, exit code 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.deal_helpers import NOW, german_account, japanese_deal
from tests.cli.helpers import Clock, assert_error, assert_usage_error, doc, rows
from tests.conftest import Cli

CYCLIC = """
[templates.circular]
name = "Circular"
[[templates.circular.steps]]
key = "budget"
title = "Budget"
side = "them"
days = 5
after = ["legal"]
[[templates.circular.steps]]
key = "legal"
title = "Legal review"
side = "them"
days = 5
after = ["po"]
[[templates.circular.steps]]
key = "po"
title = "Purchase order"
side = "them"
days = 2
after = ["budget"]
"""


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, NOW)
    japanese_deal(cli, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    return cli


def refused(cli: Cli, *args: str) -> str:
    """Run a command that must fail, check it wrote nothing, return its error line."""
    before = rows(cli.db_url)
    result = cli(*args, ok=False)
    assert rows(cli.db_url) == before
    return assert_error(result)


def test_cyclic_template_dependencies_are_refused_naming_the_cycle(
    anna: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "circular.toml"
    path.write_text(CYCLIC, encoding="utf-8")
    line = refused(anna, "plan", "template", "add", str(path))
    assert "depend on each other in a cycle: budget → legal → po → budget" in line
    assert "circular" in line


def test_a_step_after_an_unknown_step_is_refused(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(CYCLIC.replace('after = ["budget"]', 'after = ["bugdet"]'), encoding="utf-8")
    assert "comes after unknown steps: bugdet" in refused(
        anna, "plan", "template", "add", str(path)
    )


def test_a_milestone_due_after_the_deals_end_is_refused(anna: Cli) -> None:
    line = refused(anna, "plan", "add", "1", "Reference visit", "--due", "2027-05-10")
    assert line == (
        "error: milestone 'Reference visit' would be due 2027-05-10, after the deal's expected "
        "decision (2027-04-30): move that date first "
        "('followup deal move DEAL --decision-by DATE')"
    )
    # Nor can the decision move before the steps already planned.
    assert "after the deal's expected decision (2027-04-01)" in refused(
        anna, "deal", "move", "1", "--decision-by", "2027-04-01"
    )
    # Nor can a slip push the plan past it.
    kessai = next(m for m in doc(anna, "deal", "show", "1")["milestones"] if m["step"] == "kessai")
    assert "after the deal's expected decision" in refused(
        anna, "plan", "slip", str(kessai["id"]), "--to", "2027-05-07"
    )


def test_a_milestone_before_the_step_it_waits_for_is_refused(anna: Cli) -> None:
    trial = next(m for m in doc(anna, "deal", "show", "1")["milestones"] if m["step"] == "trial")
    line = refused(
        anna, "plan", "add", "1", "Results", "--due", "2027-03-01", "--after", str(trial["id"])
    )
    assert f"before #{trial['id']} (Trial with the users) it depends on (2027-03-24)" in line
    assert "depends on unknown milestone #999" in refused(
        anna, "plan", "add", "1", "Results", "--due", "2027-03-30", "--after", "999"
    )


def test_moving_a_lost_deal_is_refused(anna: Cli) -> None:
    lost = doc(anna, "deal", "lose", "1", "--reason", "Budget frozen until next fiscal year")
    assert (lost["stage"], lost["lost_reason"]) == ("lost", "Budget frozen until next fiscal year")
    assert {m["status"] for m in lost["milestones"]} == {"dropped"}
    line = refused(anna, "deal", "move", "1", "deliberation")
    assert line == (
        "error: deal #1 (Line 3 monitoring) is lost (Budget frozen until next fiscal year): "
        "a lost deal does not move; add a new deal to start again"
    )
    assert "is lost" in refused(anna, "deal", "move", "1", "--decision-by", "2027-05-30")
    assert "only an open deal can be won" in refused(anna, "deal", "win", "1")
    assert "only an open deal can be lost" in refused(anna, "deal", "lose", "1", "--reason", "x")
    assert "its plan is closed" in refused(anna, "plan", "add", "1", "Call", "--due", "2027-01-10")
    assert "there is no plan to share" in refused(anna, "plan", "share", "1")


def test_stage_moves_that_skip_the_decision_are_refused(anna: Cli) -> None:
    assert "use 'followup deal win 1'" in refused(anna, "deal", "move", "1", "won")
    assert "not won yet" in refused(anna, "deal", "move", "1", "delivery")
    assert "already at lead" in refused(anna, "deal", "move", "1", "lead")
    anna("deal", "win", "1")
    assert "does not go back to discovery" in refused(anna, "deal", "move", "1", "discovery")
    assert "add delivery steps with --delivery" in refused(
        anna, "plan", "add", "1", "Call", "--due", "2026-12-10"
    )


def test_a_plan_that_cannot_fit_before_the_decision_says_when_it_can(anna: Cli) -> None:
    german_account(anna)
    anna("deal", "add", "Braun Maschinenbau GmbH", "Retrofit", "--contact", "Hans Braun",
         "--decision-by", "2026-12-18")  # fmt: skip
    line = refused(anna, "plan", "add", "2", "--template", "capital_equipment")
    assert "the template 'Capital equipment with budget approval' needs steps from" in line
    assert "the earliest decision date it can reach is 2027-02-05" in line


def test_dates_in_the_past_and_unknown_references(anna: Cli) -> None:
    assert "in the past" in refused(anna, "plan", "add", "1", "Call", "--due", "2026-11-20")
    assert "decision date 2026-01-01 is in the past" in refused(
        anna, "deal", "move", "1", "--decision-by", "2026-01-01"
    )
    assert "unknown deal #42" in refused(anna, "deal", "show", "42")
    assert "unknown deal 'Nope'" in refused(anna, "deal", "show", "Nope")
    assert "unknown milestone #999" in refused(anna, "plan", "done", "999")
    assert "unknown plan template 'ringi'" in refused(anna, "plan", "template", "show", "ringi")
    assert "invalid date 'soon'" in refused(anna, "plan", "add", "1", "Call", "--due", "soon")


def test_closing_a_milestone_twice_is_refused(anna: Cli) -> None:
    first = doc(anna, "deal", "show", "1")["milestones"][0]
    anna("plan", "done", str(first["id"]))
    assert "is already done" in refused(anna, "plan", "done", str(first["id"]))


def test_deal_input_is_checked(anna: Cli) -> None:
    assert "a deal needs a contact" in refused(anna, "deal", "add", "Tanaka Seiki KK", "Second")
    assert "needs its currency" in refused(
        anna,
        "deal",
        "add",
        "Tanaka Seiki KK",
        "Second",
        "--contact",
        "Hiroshi Sato",
        "--value",
        "5",
    )
    assert "invalid value '-5'" in refused(
        anna, "deal", "add", "Tanaka Seiki KK", "Second", "--contact", "Hiroshi Sato",
        "--value", "-5", "--currency", "JPY",
    )  # fmt: skip
    assert "invalid currency 'YEN!'" in refused(
        anna, "deal", "add", "Tanaka Seiki KK", "Second", "--contact", "Hiroshi Sato",
        "--value", "5", "--currency", "YEN!",
    )  # fmt: skip
    assert "already planned from the template 'japan_consensus'" in refused(
        anna, "plan", "add", "1", "--template", "b2b_software"
    )
    assert "is a delivery plan, not a decision plan" in refused(
        anna, "plan", "add", "1", "--template", "rapid_delivery"
    )
    german_account(anna)
    anna("deal", "add", "Braun Maschinenbau GmbH", "Retrofit", "--contact", "Hans Braun")
    assert "needs at least one contact" in refused(
        anna, "deal", "person", "2", "Hans Braun", "--remove"
    )
    assert "is not part of deal #2" in refused(
        anna, "deal", "person", "2", "Keiko Tanaka", "--remove"
    )
    assert_usage_error(anna("deal", "add", "Tanaka Seiki KK", "X", "--contact", "Hiroshi Sato",
                            "--role", "boss", ok=False))  # fmt: skip


def test_shipped_templates_cannot_be_replaced_or_removed(anna: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(CYCLIC.replace("circular", "b2b_software").replace('after = ["budget"]', ""))
    assert "'b2b_software' is shipped with followup" in refused(
        anna, "plan", "template", "add", str(path)
    )
    assert "shipped with followup and cannot be removed" in refused(
        anna, "plan", "template", "remove", "japan_consensus"
    )
    assert "cannot read" in refused(anna, "plan", "template", "add", str(tmp_path / "none.toml"))


def test_share_links_need_a_sensible_lifetime_and_something_to_revoke(anna: Cli) -> None:
    assert "no active share link" in refused(anna, "plan", "unshare", "1")
    assert "expires after 1 to 365 days" in refused(anna, "plan", "share", "1", "--expires", "400d")
    assert "invalid expiry" in refused(anna, "plan", "share", "1", "--expires", "forever")
