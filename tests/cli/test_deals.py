"""Deals from first meeting to delivery, end to end through the CLI on SQLite and PostgreSQL.

The clock starts frozen on Monday 23 November 2026, 08:00 in Berlin (anna's zone).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from followup.services.deal_files import refresh_deal
from followup.services.workspace import Workspace
from followup.store.tables import deals
from tests.cli.deal_helpers import NOW, day, german_account, japanese_deal, steps
from tests.cli.helpers import Clock, agenda, doc
from tests.conftest import Cli


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, NOW)


@pytest.fixture
def anna(cli: Cli, clock: Clock) -> Cli:
    return cli


def deal_items(items: list[dict[str, object]], kind: str) -> list[dict[str, object]]:
    return [i for i in items if i["kind"] == kind]


def test_a_template_lays_the_plan_out_backwards_from_the_decision(anna: Cli) -> None:
    deal = japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    assert (deal["stage"], deal["timezone"], deal["template"]) == (
        "lead",
        "Asia/Tokyo",
        "japan_consensus",
    )
    plan = steps(deal)
    assert len(plan) == 12
    assert plan["kessai"]["due_on"] == "2027-04-30"  # a Friday: the decision itself
    by_id = {m["id"]: m for m in deal["milestones"]}
    for milestone in deal["milestones"]:
        for needed in milestone["depends_on"]:
            assert by_id[needed]["due_on"] <= milestone["due_on"], milestone
        assert day(milestone["due_on"]).weekday() < 5  # Japan works Monday to Friday
    # The ringi route: 5 working days each, backwards from the board's approval.
    assert plan["ringi_board"]["due_on"] == "2027-04-28"  # kessai takes 2 working days
    assert plan["ringi_department"]["due_on"] == "2027-04-14"  # the board takes 10
    assert plan["ringi_section"]["due_on"] == "2027-04-07"
    # Owners: the champion drafts the ringi-sho, the decision maker decides, we do ours.
    assert plan["ringi_draft"]["owner"] == "Keiko Tanaka"
    assert plan["kessai"]["owner"] == "Hiroshi Sato"
    assert plan["nemawashi"]["owner"] == "anna"
    assert (plan["ringi_section"]["owner"], plan["ringi_section"]["owner_role"]) == (
        None,
        "approver",
    )
    assert plan["review_questions"]["kind"] == "checkpoint"


def test_our_step_is_listed_on_its_day_theirs_from_the_day_after(anna: Cli) -> None:
    deal = japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    plan = steps(deal)
    ours = day(plan["introduction"]["due_on"])
    theirs = day(plan["questions"]["due_on"])
    before = agenda(anna, f"{ours - timedelta(days=1)}T09:00")
    assert [i for i in before if i["kind"] == "milestone"] == []
    [item] = [i for i in agenda(anna, f"{ours}T09:00") if i["kind"] == "milestone"]
    assert (item["overdue_days"], item["deal_id"], item["milestone_id"]) == (
        0, deal["id"], plan["introduction"]["id"]
    )  # fmt: skip
    assert item["person"]["name"] == "Keiko Tanaka"  # the champion is the main contact
    assert item["reason"].startswith(
        "Our step in the plan for “Line 3 monitoring” (Tanaka Seiki KK): "
        "“Introduction through a mutual contact and first meeting”"
    )
    assert item["reason"].endswith("— due today.")
    for milestone in deal["milestones"]:
        if milestone["side"] != "them":
            anna("plan", "done", str(milestone["id"]))
    on_the_day = [i for i in agenda(anna, f"{theirs}T20:00") if i["kind"] == "milestone"]
    assert [i["milestone_id"] for i in on_the_day] == []  # they still have their day
    next_day = [
        i for i in agenda(anna, f"{theirs + timedelta(days=1)}T09:00") if i["kind"] == "milestone"
    ]
    listed = {i["milestone_id"]: i for i in next_day}
    item = listed[plan["questions"]["id"]]
    assert "1 day past due" in item["reason"]
    assert item["suggestion"].startswith("A natural reason to check in: ask how “Written questions")


def test_checkpoints_show_on_their_day_and_until_recorded(anna: Cli) -> None:
    japanese_deal(anna, "--decision-by", "2027-04-30")
    checkpoint = doc(
        anna,
        "plan",
        "add",
        "1",
        "Review progress together",
        "--due",
        "2026-12-04T10:00",
        "--checkpoint",
    )
    assert (checkpoint["kind"], checkpoint["side"], checkpoint["all_day"]) == (
        "checkpoint",
        "both",
        False,
    )
    assert [i for i in agenda(anna, "2026-12-03T09:00") if i["kind"] == "milestone"] == []
    [today] = [i for i in agenda(anna, "2026-12-04T01:00") if i["kind"] == "milestone"]
    # 10:00 in Tokyo is 02:00 in Berlin: the reason says it in anna's time.
    assert today["reason"] == (
        "Checkpoint at Fri 4 Dec 02:00 your time for “Line 3 monitoring” (Tanaka Seiki KK): "
        "“Review progress together”."
    )
    [missed] = [i for i in agenda(anna, "2026-12-07T09:00") if i["kind"] == "milestone"]
    assert "was on Fri 4 Dec and is not recorded as held" in missed["reason"]
    anna("plan", "done", str(checkpoint["id"]))
    assert [i for i in agenda(anna, "2026-12-07T09:00") if i["kind"] == "milestone"] == []


def test_a_quiet_deal_stalls_after_its_stages_rotting_time_per_culture(
    anna: Cli, clock: Clock
) -> None:
    japanese_deal(anna)
    german_account(anna)
    anna("deal", "add", "Braun Maschinenbau GmbH", "Retrofit", "--contact", "Hans Braun")
    anna("deal", "move", "1", "deliberation")
    anna("deal", "move", "2", "deliberation")
    # Germany allows 45 quiet days in deliberation, Japan 90.
    at_46 = agenda(anna, "2027-01-07T09:00")
    assert [i["deal_id"] for i in at_46 if i["kind"] == "deal_stalled"] == [2]
    [german] = [i for i in at_46 if i["kind"] == "deal_stalled"]
    assert german["reason"].startswith(
        "No touch on “Retrofit” (Braun Maschinenbau GmbH) for 45 days in deliberation"
    )
    assert "the de profile allows 45 days: German buyers evaluate thoroughly" in german["reason"]
    at_91 = agenda(anna, "2027-02-22T09:00")
    [japanese] = [i for i in at_91 if i["kind"] == "deal_stalled" and i["deal_id"] == 1]
    assert (
        "the jp profile allows 90 days: In Japan deliberation is allowed to be long"
        in japanese["reason"]
    )
    assert japanese["person"]["name"] == "Keiko Tanaka"
    # A real contact with anyone at the account is a sign of life; an unanswered call is not.
    anna(
        "log",
        "Hiroshi Sato",
        "--kind",
        "call",
        "--at",
        "2027-02-20T10:00",
        "--outcome",
        "no_answer",
    )
    assert any(
        i["deal_id"] == 1 for i in agenda(anna, "2027-02-22T09:00") if i["kind"] == "deal_stalled"
    )
    anna(
        "log", "Hiroshi Sato", "--kind", "call", "--at", "2027-02-20T11:00", "--outcome",
        "reached", "--yes",  # calling back within the hour: the guard would ask
    )  # fmt: skip
    assert not any(
        i["deal_id"] == 1 for i in agenda(anna, "2027-02-22T09:00") if i["kind"] == "deal_stalled"
    )
    assert doc(anna, "deal", "show", "1")["last_touch_at"] == "2027-02-20T10:00:00+00:00"


def test_winning_starts_the_delivery_plan_on_the_cultures_clock(anna: Cli, clock: Clock) -> None:
    japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    clock.set("2027-04-30T03:00:00+00:00")  # Friday noon in Tokyo
    won = doc(anna, "deal", "win", "Line 3 monitoring")
    assert won["stage"] == "won"
    decision = [m for m in won["milestones"] if m["plan"] == "decision"]
    assert {m["status"] for m in decision if m["kind"] == "step"} == {"done"}
    assert {m["status"] for m in decision if m["kind"] == "checkpoint"} == {"dropped"}
    delivery = steps(won)
    assert set(delivery) >= {"thanks", "first_delivery", "report", "feedback", "complete"}
    # Japan expects the first delivery step within 1 working day: Monday 3 May.
    assert delivery["thanks"]["due_on"] == "2027-05-03"
    assert won["live_by"] == max(m["due_on"] for m in won["milestones"] if m["plan"] == "delivery")
    [item] = [i for i in agenda(anna, "2027-04-30T08:00") if i["kind"] == "delivery"]
    assert item["milestone_id"] == delivery["thanks"]["id"]
    assert "the yes came today; 1 working day left" in item["reason"]
    assert (
        "The jp profile expects the first delivery step within 1 working day of the yes: "
        "After 'yes', delivery is expected at once" in item["reason"]
    )
    late = [i for i in agenda(anna, "2027-05-05T08:00") if i["kind"] == "delivery"]
    assert "2 working days late" in late[0]["reason"]
    anna("plan", "done", str(delivery["thanks"]["id"]))
    assert doc(anna, "deal", "show", "1")["stage"] == "delivery"
    [next_step] = [i for i in agenda(anna, "2027-05-05T08:00") if i["kind"] == "delivery"]
    assert next_step["milestone_id"] == delivery["first_delivery"]["id"]
    anna("deal", "move", "1", "live")
    assert doc(anna, "deal", "list")["deals"] == []
    assert [d["stage"] for d in doc(anna, "deal", "list", "--all")["deals"]] == ["live"]


def test_the_delivery_expectation_is_the_cultures(anna: Cli) -> None:
    german_account(anna)
    anna("deal", "add", "Braun Maschinenbau GmbH", "Retrofit", "--contact", "Hans Braun")
    won = doc(anna, "deal", "win", "Retrofit")
    kickoff = steps(won)["kickoff"]  # standard delivery: the de profile's 5 working days
    assert (kickoff["due_on"], won["live_by"]) == ("2026-11-30", "2026-12-21")
    assert won["rules"]["delivery_first_step_days"] == 5


def test_slipping_a_step_moves_the_steps_that_wait_for_it(anna: Cli) -> None:
    deal = japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    plan = steps(deal)
    moved = doc(anna, "plan", "slip", str(plan["trial"]["id"]), "--to", "2027-03-26")
    assert (moved["status"], moved["first_due_on"]) == ("slipped", "2027-03-24")
    after = steps(doc(anna, "deal", "show", "1"))
    # The checkpoint after the trial moved by the same 2 working days; the rest kept room.
    assert after["review_questions"]["due_on"] == "2027-03-26"
    assert plan["review_questions"]["id"] in moved["moved_with_it"]
    assert after["questions"]["due_on"] == plan["questions"]["due_on"]


def test_roles_in_the_decision(anna: Cli) -> None:
    japanese_deal(anna)
    anna("person", "add", "Yuki Mori", "--account", "Tanaka Seiki KK")
    deal = doc(anna, "deal", "person", "1", "Yuki Mori", "--role", "legal")
    assert {p["name"]: p["role"] for p in deal["people"]} == {
        "Keiko Tanaka": "champion", "Hiroshi Sato": "decision_maker", "Yuki Mori": "legal",
    }  # fmt: skip
    deal = doc(anna, "deal", "person", "1", "Yuki Mori", "--remove")
    assert "Yuki Mori" not in {p["name"] for p in deal["people"]}


def test_team_templates(anna: Cli, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "ours.toml"
    path.write_text(
        '[templates.quick_pilot]\nname = "Quick pilot"\nplan = "decision"\n'
        '[[templates.quick_pilot.steps]]\nkey = "pilot"\ntitle = "Pilot"\nside = "them"\n'
        'role = "user"\ndays = 10\n'
        '[[templates.quick_pilot.steps]]\nkey = "go"\ntitle = "Go or no go"\nside = "them"\n'
        'role = "decision_maker"\ndays = 1\nafter = ["pilot"]\n',
        encoding="utf-8",
    )
    assert doc(anna, "plan", "template", "add", str(path)) == {"added": ["quick_pilot"]}
    keys = {t["key"]: t["shipped"] for t in doc(anna, "plan", "template", "list")["templates"]}
    assert keys["quick_pilot"] is False and keys["japan_consensus"] is True
    japanese_deal(anna, "--decision-by", "2026-12-18")
    deal = doc(anna, "plan", "add", "1", "--template", "quick_pilot")
    assert {m["step"]: m["due_on"] for m in deal["milestones"]} == {
        "pilot": "2026-12-17",
        "go": "2026-12-18",
    }
    anna("plan", "template", "remove", "quick_pilot")
    assert "quick_pilot" not in {
        t["key"] for t in doc(anna, "plan", "template", "list")["templates"]
    }


def test_the_plan_exports_for_the_customer(anna: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar
    from pypdf import PdfReader

    deal = japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    markdown = anna("plan", "export", "1", "--format", "markdown").stdout
    assert markdown.startswith("# Line 3 monitoring — mutual plan with Tanaka Seiki KK\n")
    html = anna("plan", "export", "1", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>")
    for text in (markdown, html):
        assert "12000000" not in text and "15M" not in text
    anna("plan", "export", "1", "--format", "ics", "--output", str(tmp_path / "plan.ics"))
    events = Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
    assert sorted(str(e.decoded("dtstart")) for e in events) == sorted(
        m["due_on"] for m in deal["milestones"]
    )
    anna("plan", "export", "1", "--format", "pdf", "-o", str(tmp_path / "plan.pdf"))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "plan.pdf").pages)
    assert "Final approval (kessai) and order" in " ".join(pdf_text.split())
    result = anna(
        "plan", "export", "1", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf"), ok=False
    )
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot write")


def test_a_dropped_step_leaves_the_agenda_and_the_stored_due_time_stays_true(
    anna: Cli, workspace: Workspace
) -> None:
    deal = japanese_deal(anna, "--decision-by", "2027-04-30", "--template", "japan_consensus")
    intro = steps(deal)["introduction"]
    at = f"{intro['due_on']}T09:00"
    assert any(i["milestone_id"] == intro["id"] for i in agenda(anna, at))
    dropped = doc(anna, "plan", "drop", str(intro["id"]))
    assert dropped["status"] == "dropped"
    assert not any(i["milestone_id"] == intro["id"] for i in agenda(anna, at))
    anna("deal", "win", "1")
    anna("deal", "move", "1", "--live-by", "2026-12-31")  # room for the slip below
    anna("plan", "slip", str(steps(doc(anna, "deal", "show", "1"))["first_delivery"]["id"]),
         "--to", "2026-12-18")  # fmt: skip
    with workspace.engine.connect() as conn, conn.begin() as transaction:
        stored = conn.execute(select(deals.c.next_due_at).where(deals.c.id == 1)).scalar_one()
        assert refresh_deal(workspace, conn, 1, datetime.now(UTC)) == stored
        transaction.rollback()
