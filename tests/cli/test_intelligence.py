"""Relationship intelligence end to end through the real CLI, on SQLite and PostgreSQL.

The clock is frozen at Monday 23 November 2026, 08:00 in Berlin (anna's zone).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.helpers import Clock, agenda, assert_error, doc, item_for, rows
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"
MONDAY = "2026-11-23T08:00"


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, NOW)
    cli("user", "add", "mike", "--tz", "America/New_York")
    return cli


def mike(anna: Cli) -> Cli:
    return Cli(anna.db_url, login="mike")


def next_due(cli: Cli, ref: str) -> str:
    value = doc(cli, "person", "show", ref)["next_due_at"]
    assert isinstance(value, str)
    return value


# --- culture profiles ------------------------------------------------------------------------


def test_culture_show_lists_and_explains(anna: Cli) -> None:
    profiles = doc(anna, "culture", "show")["profiles"]
    assert {"default", "de", "jp", "us", "gulf"} <= {p["key"] for p in profiles}
    jp = doc(anna, "culture", "show", "jp")
    fields = {f["field"]: f for f in jp["fields"]}
    assert fields["feedback_channel"]["value"] == "in_person"
    assert fields["feedback_channel"]["origin"] == "shipped"
    assert "in person in much of Asia" in fields["feedback_channel"]["note"]
    assert fields["checkin_days"]["origin"] == "default profile"
    assert {"text": "An upsell pitch at the end of a service call.",
            "on": ["satisfaction", "service_request"]} in jp["faux_pas"]  # fmt: skip
    assert "Pressing for a decision" in anna("culture", "show", "jp").stdout


def test_an_edit_moves_the_due_times_it_governs_and_a_reset_restores_them(anna: Cli) -> None:
    anna("person", "add", "Lena Vogel", "--country", "DE", "--stage", "prospect")
    anna("person", "add", "Ken Ito", "--country", "JP", "--stage", "prospect")
    before, other = next_due(anna, "Lena Vogel"), next_due(anna, "Ken Ito")
    assert before == "2026-12-14T07:00:00+00:00"  # de prospects: every 21 days
    edited = doc(
        anna, "culture", "edit", "de", "--set", "cadence_days.prospect=28",
        "--set", "feedback_channel=phone", "--note", "our buyers asked for less",
    )  # fmt: skip
    assert edited["recomputed"] == {"people": 1, "accounts": 0}
    fields = {f["field"]: f for f in edited["fields"]}
    assert fields["cadence_days.prospect"]["value"] == 28
    assert fields["feedback_channel"]["origin"] == "workspace"
    assert fields["feedback_channel"]["note"] == (
        "edited in this workspace by anna on 2026-11-23: our buyers asked for less"
    )
    assert next_due(anna, "Lena Vogel") == "2026-12-21T07:00:00+00:00"
    assert next_due(anna, "Ken Ito") == other  # another culture: untouched
    assert doc(anna, "culture", "reset", "de")["reset"] == [
        "cadence_days.prospect",
        "feedback_channel",
    ]
    assert next_due(anna, "Lena Vogel") == before


def test_a_team_adds_a_profile_of_its_own(anna: Cli) -> None:
    anna(
        "culture", "edit", "nordics", "--new", "--set", "name=Nordics",
        "--set", "countries=SE,NO,DK", "--set", "cadence_days.lead=14",
        "--add", 'faux_pas={ text = "Overselling.", on = ["prospect"] }',
    )  # fmt: skip
    person = doc(anna, "person", "add", "Sven Berg", "--country", "SE")
    assert person["culture"] == "nordics"
    assert person["next_due_at"] == "2026-12-07T07:00:00+00:00"
    # Named explicitly by someone, it cannot go away.
    anna("person", "add", "Liv Dahl", "--culture", "nordics")
    assert_error(anna("culture", "reset", "nordics", ok=False), "used by 1 people")
    anna("person", "edit", "Liv Dahl", "--culture", "")
    # Found by country only, it can: Sven falls back to the default profile.
    assert doc(anna, "culture", "reset", "nordics")["recomputed"]["people"] == 1
    assert doc(anna, "person", "show", "Sven Berg")["culture"] == "default"


def test_nonsense_edits_are_refused_and_nothing_is_written(anna: Cli) -> None:
    anna("person", "add", "Lena Vogel", "--country", "DE")
    before = rows(anna.db_url)
    cases: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
        (("--set", "min_gap_days=-3"), ("min_gap_days must not be negative",)),
        (("--set", "deliberation_days=-10"), ("deliberation_days", "from 1 to 3660")),
        (("--set", "channel=pigeon"), ("channel 'pigeon' is not one of",)),
        (("--set", "feedback_channel=fax"), ("feedback_channel 'fax'",)),
        (("--set", "countries=DE,XX"), ("unknown country code 'XX'",)),
        (("--set", "countries=JP"), ("country JP is in both profiles",)),
        (("--set", "colour=blue"), ("unknown culture field 'colour'",)),
        (("--add", "min_gap_days=3"), ("--add takes a list field",)),
        (("--set", "min_gap_days"), ("write FIELD=VALUE",)),
        ((), ("nothing to change",)),
    ]
    for options, needles in cases:
        assert_error(anna("culture", "edit", "de", *options, ok=False), *needles)
        assert rows(anna.db_url) == before, options
    assert_error(anna("culture", "edit", "atlantis", "--set", "min_gap_days=3", ok=False), "--new")
    assert_error(
        anna("culture", "edit", "de", "--new", "--set", "min_gap_days=3", ok=False), "exists"
    )
    assert_error(anna("culture", "reset", "de", ok=False), "no workspace edits")
    assert_error(anna("culture", "show", "atlantis", ok=False), "unknown culture profile")
    assert rows(anna.db_url) == before


# --- the too-much guard ----------------------------------------------------------------------


def braun(anna: Cli) -> None:
    anna("account", "add", "Braun GmbH", "--country", "DE")
    anna("person", "add", "Hans Braun", "--account", "Braun GmbH", "--stage", "customer")
    anna("person", "add", "Petra Lang", "--account", "Braun GmbH", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "2w", "--min-gap", "7d")


def test_a_contact_that_breaks_the_agreement_needs_confirmation_and_is_recorded(
    anna: Cli,
) -> None:
    braun(anna)
    mike(anna)(
        "log", "Hans Braun", "--kind", "call", "--at", "2026-11-20T10:00", "--outcome", "reached"
    )
    before = rows(anna.db_url)
    refused = anna("log", "Hans Braun", "--kind", "email", ok=False)
    assert_error(
        refused,
        "too soon for Hans Braun: agreed at most every 7 days; mike called them 3 days ago "
        "(Fri 20 Nov) — next contact welcome from Fri 27 Nov",
        "log it anyway with --yes",
    )
    assert rows(anna.db_url) == before  # nothing logged
    logged = doc(anna, "log", "Hans Braun", "--kind", "email", "--yes")
    assert logged["guard"]["breaches"] == [
        refused.stderr.removeprefix("error: ").split("; log it")[0]
    ]
    assert logged["guard"]["notices"] == []  # the breach already names mike's call
    entries = doc(anna, "timeline", "Hans Braun")["entries"]
    recorded = [e for e in entries if e["event"] == "guard_confirmed"]
    assert len(recorded) == 1 and recorded[0]["user"] == "anna"
    assert recorded[0]["interaction_id"] == logged["interaction_id"]
    # --force is the same; inbound messages are never too soon.
    anna("log", "Hans Braun", "--kind", "email", "--force")
    assert doc(anna, "log", "Hans Braun", "--direction", "in")["guard"]["breaches"] == []


def test_colleagues_touching_the_same_account_this_week_are_told(anna: Cli) -> None:
    braun(anna)
    mike(anna)("log", "Petra Lang", "--kind", "email", "--at", "2026-11-19T15:00")
    logged = doc(anna, "log", "Hans Braun", "--kind", "call")
    assert logged["guard"] == {
        "breaches": [],
        "notices": ["mike emailed Petra Lang at the same account 4 days ago (Thu 19 Nov)"],
    }
    shown = " ".join(anna("log", "Petra Lang", "--kind", "call", "--yes").stdout.split())
    assert "logged despite: too soon for Petra Lang: the de default is at most every 7 days; " in (
        shown
    )
    assert "mike emailed them 4 days ago (Thu 19 Nov)" in shown
    # Whoever is not the owner is reminded of the etiquette.
    noted = doc(mike(anna), "log", "Hans Braun", "--direction", "in")["guard"]["notices"]
    assert noted[-1].startswith("etiquette (de): avoid chasing more often than agreed")


# --- going dark ------------------------------------------------------------------------------


def shinwa(anna: Cli) -> None:
    anna("account", "add", "Shinwa Seiki", "--country", "JP")
    anna(
        "person", "add", "Takahashi Hiroshi", "--account", "Shinwa Seiki", "--stage", "customer",
        "--role", "decision_maker",
    )  # fmt: skip
    anna("person", "add", "Ito Yumi", "--account", "Shinwa Seiki", "--role", "champion",
         "--title", "Plant manager")  # fmt: skip
    anna("person", "add", "Sato Ken", "--country", "JP", "--stage", "partner")
    anna("person", "link", "Takahashi Hiroshi", "Sato Ken", "--as", "introduced_by")
    anna("person", "interests", "Takahashi Hiroshi", "--add", "Retrofits")
    for day in ("2026-10-01", "2026-10-12", "2026-10-23"):
        anna("log", "Takahashi Hiroshi", "--kind", "email", "--at", f"{day}T10:00")


def test_going_dark_suggests_an_unused_point_and_other_ways_in(anna: Cli) -> None:
    shinwa(anna)
    piece = doc(
        anna, "content", "add", "Case study: the Aoba retrofit", "--kind", "case_study",
        "--topic", "retrofits", "--url", "https://example.com/aoba",
    )  # fmt: skip
    dark = item_for(agenda(anna, MONDAY), "Takahashi Hiroshi", "going_dark")
    assert dark["reason"] == (
        "3 attempts without a reply since Thu 1 Oct; the jp profile counts a contact as gone "
        "dark after 3."
    )
    assert dark["point"] == "introduction"  # the jp profile tries introductions first
    assert "ask Sato Ken (who introduced you) to re-introduce you" in dark["suggestion"]
    assert dark["entry_points"] == [{"id": 2, "name": "Ito Yumi", "role": "champion"}]
    assert "Ito Yumi (champion, Plant manager, not contacted yet)" in dark["suggestion"]
    # Asked Sato for the introduction: that point is used; the content piece is next.
    anna("log", "Takahashi Hiroshi", "--kind", "email", "--point", "introduction", "--yes")
    dark = item_for(agenda(anna, "2026-12-07T08:00"), "Takahashi Hiroshi", "going_dark")
    assert (dark["point"], dark["content_id"]) == ("article", piece["id"])
    assert (
        "send the case study “Case study: the Aoba retrofit” (https://example.com/aoba), "
        "on retrofits"
    ) in dark["suggestion"]
    listed = doc(anna, "content", "list", "--for", "Takahashi Hiroshi")["content"]
    assert [c["id"] for c in listed] == [piece["id"]]
    sent = doc(anna, "content", "send", str(piece["id"]), "--to", "Takahashi Hiroshi", "--yes")
    assert sent["content"]["sent"] == 1
    assert doc(anna, "content", "list", "--for", "Takahashi Hiroshi")["content"] == []
    # A reply ends it: back to the rhythm.
    anna("log", "Takahashi Hiroshi", "--kind", "email", "--direction", "in")
    assert "going_dark" not in [i["kind"] for i in agenda(anna, "2026-12-07T08:00")]


def test_links_and_interests_refuse_nonsense(anna: Cli) -> None:
    shinwa(anna)
    before = rows(anna.db_url)
    assert_error(
        anna("person", "link", "Ito Yumi", "Ito Yumi", "--as", "knows", ok=False), "themselves"
    )
    assert_error(
        anna("person", "link", "Takahashi Hiroshi", "Sato Ken", "--as", "introduced_by", ok=False),
        "already introduced_by",
    )
    anna("person", "link", "Ito Yumi", "Takahashi Hiroshi", "--as", "reports_to")
    after = rows(anna.db_url)
    assert_error(
        anna("person", "link", "Takahashi Hiroshi", "Ito Yumi", "--as", "reports_to", ok=False),
        "cannot report to each other",
    )
    assert_error(anna("person", "interests", "Ito Yumi", "--add", "  ", ok=False), "topic")
    assert_error(anna("content", "add", "No topic", ok=False), "at least one --topic")
    assert_error(anna("content", "add", "X", "--topic", "a", "--url", "ftp://x", ok=False), "url")
    assert_error(anna("content", "send", "99", "--to", "Ito Yumi", ok=False), "unknown content 99")
    usage = anna("person", "link", "Ito Yumi", "Sato Ken", "--as", "cousin", ok=False)
    assert usage.exit_code == 2
    assert rows(anna.db_url) == after != before
    shown = doc(anna, "person", "show", "Ito Yumi")
    assert (shown["role"], shown["title"]) == ("champion", "Plant manager")
    assert shown["links"] == [{"as": "reports_to", "id": 1, "name": "Takahashi Hiroshi"}]
    boss = doc(anna, "person", "show", "Takahashi Hiroshi")
    assert [(link["as"], link["name"]) for link in boss["links"]] == [
        ("introduced_by", "Sato Ken"),
        ("manages", "Ito Yumi"),
    ]
    assert boss["interests"] == ["Retrofits"]
    assert "manages Ito Yumi" in anna("person", "show", "Takahashi Hiroshi").stdout
    assert anna("person", "unlink", "Ito Yumi", "Takahashi Hiroshi").stdout.startswith("Removed 1")
    assert_error(anna("person", "unlink", "Ito Yumi", "Takahashi Hiroshi", ok=False), "not linked")


# --- satisfaction and service levels ----------------------------------------------------------


def test_feedback_check_ins_and_the_report(anna: Cli) -> None:
    shinwa(anna)
    anna(
        "tier", "add", "premium", "--response", "4h", "--checkin", "90d", "--price", "EUR 450/month"
    )
    anna("tier", "set", "Shinwa Seiki", "premium")
    anna("feedback", "Shinwa Seiki", "--score", "6", "--at", "2026-05-04", "--from", "Ito Yumi")
    recorded = doc(anna, "feedback", "Shinwa Seiki", "--score", "8", "--at", "2026-08-03",
                   "--comment", "Faster spare parts")  # fmt: skip
    assert recorded["next_checkin"] == "2026-11-01T10:00:00+00:00"  # 90 days: the tier's
    # Whom to ask: a customer before a lead (Ito), whatever her role.
    check = item_for(agenda(anna, MONDAY), "Takahashi Hiroshi", "satisfaction")
    assert check["channel"] == "in_person"
    assert check["reason"] == (
        "Satisfaction check-in with Shinwa Seiki 22 days overdue: every 90 days, as the premium "
        "tier asks; last feedback 8/10 on Mon 3 Aug."
    )
    assert (
        "etiquette (jp): avoid an upsell pitch at the end of a service call." in check["warnings"]
    )
    report = doc(anna, "report", "satisfaction")
    [shinwa_row] = [a for a in report["accounts"] if a["account"] == "Shinwa Seiki"]
    assert [s["score"] for s in shinwa_row["scores"]] == [6, 8]
    assert (shinwa_row["trend"], shinwa_row["average"], shinwa_row["culture"]) == ("up", 7.0, "jp")
    [jp] = [c for c in report["cultures"] if c["culture"] == "jp"]
    assert (jp["rated"], jp["up"], jp["average_latest"]) == (1, 1, 8.0)
    anna("feedback", "Shinwa Seiki", "--score", "9")
    assert "satisfaction" not in [i["kind"] for i in agenda(anna, MONDAY)]
    before = rows(anna.db_url)
    for score in ("0", "11", "-3"):
        assert_error(anna("feedback", "Shinwa Seiki", "--score", score, ok=False), "from 1 to 10")
    assert_error(
        anna("feedback", "Shinwa Seiki", "--score", "5", "--at", "2027-01-01", ok=False), "future"
    )
    assert_error(
        anna("feedback", "Shinwa Seiki", "--score", "5", "--from", "Sato Ken", ok=False), "not at"
    )
    assert_error(anna("feedback", "Nobody Inc", "--score", "5", ok=False), "unknown account")
    assert rows(anna.db_url) == before


def test_requests_come_due_as_their_response_time_runs_out_and_breaches_are_reported(
    anna: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shinwa(anna)
    anna("tier", "add", "premium", "--response", "4h")
    anna("tier", "set", "Shinwa Seiki", "premium")
    made = doc(anna, "request", "add", "Shinwa Seiki", "Replacement sensor for line 2",
               "--from", "Ito Yumi", "--at", "2026-11-23T06:00")  # fmt: skip
    assert (made["due"], made["tier"], made["status"]) == (
        "2026-11-23T09:00:00+00:00",
        "premium",
        "open",
    )
    item = item_for(agenda(anna, MONDAY), "Ito Yumi", "service_request")
    assert item["urgent"] and item["request_id"] == made["id"]
    assert item["reason"].endswith("within 4 hours: due Mon 23 Nov 10:00, 2 h left.")
    assert agenda(anna, MONDAY)[0]["kind"] == "service_request"  # urgent: first
    # The request came from Ito: it counts as her reaching out.
    assert doc(anna, "timeline", "Ito Yumi")["entries"][0]["direction"] == "in"
    Clock(monkeypatch, "2026-11-23T12:00:00+00:00")
    done = doc(anna, "request", "done", str(made["id"]), "--at", "2026-11-23T11:30")
    assert (done["breach"], done["late_by"]) == (True, "1 h 30 min")
    assert "service_request" not in [i["kind"] for i in agenda(anna, MONDAY)]
    report = doc(anna, "report", "breaches")
    assert [b["id"] for b in report["breaches"]] == [made["id"]]
    assert report["tiers"] == [{"tier": "premium", "requests": 1, "breaches": 1}]
    assert doc(anna, "request", "list")["requests"] == []
    assert len(doc(anna, "request", "list", "--all")["requests"]) == 1
    before = rows(anna.db_url)
    assert_error(anna("request", "done", str(made["id"]), ok=False), "already answered")
    assert_error(anna("request", "done", "404", ok=False), "unknown request 404")
    assert_error(anna("request", "add", "Shinwa Seiki", "  ", ok=False), "what")
    assert_error(anna("tier", "add", "premium", "--response", "4h", ok=False), "already exists")
    assert_error(
        anna("tier", "add", "gold", "--response", "soon", ok=False), "invalid response time"
    )
    assert_error(anna("tier", "set", "Shinwa Seiki", "platinum", ok=False), "unknown tier")
    assert rows(anna.db_url) == before


def test_a_tier_nobody_defined_is_kept_with_a_warning_until_it_is(anna: Cli) -> None:
    # `account add --tier` takes any name (a team may add the tier after), but an account
    # on an undefined tier silently gets the default's response time: say so.
    added = anna("account", "add", "Initech", "--tier", "platinum", "--json")
    assert json.loads(added.stdout)["tier"] == "platinum"
    assert added.stderr.splitlines() == [
        "warning: tier 'platinum' is not defined, so the default tier's response time and "
        "check-ins apply to this account; define it under Settings → Service tiers or with "
        "'followup tier add platinum --response 4h'"
    ]
    assert doc(anna, "account", "show", "Initech")["warnings"] == [added.stderr[9:].strip()]
    anna("tier", "add", "platinum", "--response", "4h")
    assert doc(anna, "account", "show", "Initech")["warnings"] == []
    edited = anna("account", "edit", "Initech", "--tier", "gold")
    assert "warning: tier 'gold' is not defined" in edited.stderr
    assert anna("account", "edit", "Initech", "--tier", "").stderr == ""


# --- in town ----------------------------------------------------------------------------------


def test_visit_lists_whom_to_meet_with_a_note(anna: Cli) -> None:
    anna("account", "add", "Krämer GmbH", "--country", "DE")
    anna("person", "add", "Katrin Vollmer", "--account", "Krämer GmbH", "--stage", "prospect")
    anna("person", "edit", "Katrin Vollmer", "--address", "Leopoldstraße 12, 80802 MÜNCHEN")
    anna("person", "add", "Jens Ober", "--account", "Krämer GmbH", "--stage", "prospect")
    anna("person", "edit", "Jens Ober", "--address", "Königsallee 1, Düsseldorf")
    found = doc(anna, "visit", "Munich", "--from", "2026-12-01", "--to", "2026-12-03")
    assert (found["city"], found["from"], found["to"]) == ("München", "2026-12-01", "2026-12-03")
    [katrin] = found["people"]
    assert (katrin["name"], katrin["matched_by"]) == ("Katrin Vollmer", "address")
    assert katrin["reasons"] == ["a prospect, deliberating: a visit answers questions in person"]
    assert katrin["note"].startswith(
        "Dear Katrin Vollmer, I will be in München anyway from Tue 1 Dec"
    )
    before = rows(anna.db_url)
    assert_error(
        anna("visit", "Munich", "--from", "2026-12-03", "--to", "2026-12-01", ok=False),
        "the visit ends (2026-12-01) before it starts (2026-12-03)",
    )
    assert_error(
        anna("visit", "Munich", "--from", "soon", "--to", "2026-12-01", ok=False), "--from"
    )
    assert rows(anna.db_url) == before


# --- the team's own rhythm ------------------------------------------------------------------


def test_internal_progress_reaches_the_customer_on_the_customers_rhythm(anna: Cli) -> None:
    anna("account", "add", "Braun GmbH", "--country", "US")
    anna("person", "add", "Hans Braun", "--account", "Braun GmbH", "--stage", "customer")
    anna("log", "Hans Braun", "--kind", "call", "--at", "2026-10-20T10:00", "--outcome", "reached")
    anna("person", "add", "Engineering", "--stage", "colleague")
    agreed = doc(anna, "agree", "Engineering", "--every", "2w", "--about", "Braun GmbH",
                 "--what", "send the retrofit status")  # fmt: skip
    assert agreed["rhythm"] is None  # the status promises drive it
    [promise] = doc(anna, "commit", "list", "Engineering")["commitments"]
    assert (promise["owner"], promise["what"], promise["due"]) == (
        "them", "send the retrofit status", "2026-12-07T22:59:59+00:00",
    )  # fmt: skip
    anna("log", "Engineering", "--direction", "in", "--notes", "Firmware fix passed the tests")
    statuses = doc(anna, "commit", "list", "Engineering")["commitments"]
    assert [c["status"] for c in statuses] == ["done", "open"]
    cadence = item_for(agenda(anna, MONDAY), "Hans Braun", "cadence")  # us: every 30 days
    assert (
        "pass on the update from Engineering (Mon 23 Nov): “Firmware fix passed the tests”"
        in (cadence["suggestion"])
    )
    anna("log", "Hans Braun", "--kind", "email", "--notes", "Passed on the firmware news", "--yes")
    later = [i for i in agenda(anna, "2026-12-23T08:00") if i["person"]["name"] == "Hans Braun"]
    assert later and all("pass on" not in i["suggestion"] for i in later)
    refused = anna("agree", "Hans Braun", "--every", "2w", "--about", "Braun GmbH", ok=False)
    assert_error(refused, "only a colleague reports on an account")
    assert_error(anna("agree", "Hans Braun", "--every", "3w", "--max", "2w", ok=False), "maximum")


# --- the account view, for everyone --------------------------------------------------------


def test_every_account_view_shows_the_etiquette(anna: Cli) -> None:
    anna("account", "add", "Al Noor LLC", "--country", "AE")
    shown: dict[str, Any] = doc(mike(anna), "account", "show", "Al Noor LLC")
    etiquette = shown["etiquette"]
    assert etiquette["culture"] == "gulf"
    assert (
        "Customers expect room to negotiate price: leave it in your first offer."
        in (etiquette["negotiation"])
    )
    assert "A final, non-negotiable first price." in etiquette["faux_pas"]
    assert etiquette["feedback_channel"] == "in_person"
    assert shown["next_checkin"] == "2027-11-23T07:00:00+00:00"
    text = mike(anna)("account", "show", "Al Noor LLC").stdout
    assert "negotiation" in text and "leave it in your" in text
    assert "next check-in  Tue 23 Nov 2027" in text  # a year away: the year is shown


def test_edits_that_no_longer_fit_the_shipped_profiles_do_not_lock_anyone_out(anna: Cli) -> None:
    """An edit valid when made can clash with the profiles a newer followup ships (here: a
    country that the shipped de profile holds). The shipped profiles stay in force, the
    problem is shown, and a reset repairs it."""
    import json
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from followup.store.engine import make_engine
    from followup.store.intel_tables import culture_edits

    engine = make_engine(anna.db_url)
    with engine.begin() as conn:
        conn.execute(
            insert(culture_edits).values(
                profile="jp", field="countries", value=json.dumps(["JP", "DE"]),
                edited_by="anna", edited_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )  # fmt: skip
    engine.dispose()
    shown = anna("culture", "show", "--json")
    assert "warning: invalid culture edit: country DE is in both profiles" in shown.stderr
    assert "the shipped profiles are in force" in doc(anna, "culture", "show")["problem"]
    anna("person", "add", "Lena Vogel", "--country", "DE")
    assert doc(anna, "person", "show", "Lena Vogel")["culture"] == "de"
    anna("culture", "reset", "jp")
    assert doc(anna, "culture", "show")["problem"] is None
