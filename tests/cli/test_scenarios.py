"""The agenda on hand-built scenarios, end to end through the CLI on SQLite and PostgreSQL.

The clock is frozen at Monday 23 November 2026, 08:00 in Berlin (anna's zone); interactions
are logged in the past with --at, and the agenda is always asked with an explicit --at.
"""

from __future__ import annotations

import pytest

from tests.cli.helpers import Clock, agenda, doc, item_for, kinds_of
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"
MONDAY = "2026-11-23T08:00"  # in the asking user's zone


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, NOW)


@pytest.fixture
def anna(cli: Cli, clock: Clock) -> Cli:
    """anna's CLI with the clock frozen on Monday morning."""
    return cli


def next_due(cli: Cli, name: str) -> str | None:
    [person] = [p for p in doc(cli, "person", "list")["people"] if p["name"] == name]
    value = person["next_due_at"]
    assert value is None or isinstance(value, str)
    return value


def test_agreed_rhythm_due(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--country", "DE", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "14d", "--channel", "phone")
    anna(
        "log", "Hans Braun", "--kind", "call", "--at", "2026-11-06T10:00",
        "--outcome", "reached", "--notes", "Talked about the pilot line.",
    )  # fmt: skip
    items = agenda(anna, MONDAY)
    assert len(items) == 1
    item = items[0]
    assert (item["kind"], item["overdue_days"], item["channel"]) == ("cadence", 3, "phone")
    assert item["due"] == "2026-11-20T09:00:00+00:00"  # 14 days after, 10:00 in Berlin
    assert item["reason"] == (
        "Agreed to be in touch every 2 weeks; last contact Fri 6 Nov, 17 days ago — 3 days overdue."
    )
    assert item["suggestion"] == (
        "Check in by phone as agreed: pick up from last time (“Talked about the pilot line.”)."
    )
    assert item["warnings"] == []
    assert item["account"] is None


def test_agreed_rhythm_not_yet_due(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--country", "DE", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "2w", "--channel", "email")
    anna("log", "Hans Braun", "--kind", "email", "--at", "2026-11-16T10:00")
    assert next_due(anna, "Hans Braun") == "2026-11-30T09:00:00+00:00"
    assert agenda(anna, MONDAY) == []
    assert agenda(anna, "2026-11-29T23:30") == []
    [item] = agenda(anna, "2026-11-30T08:00")  # before 10:00, but due by the end of the day
    assert (item["kind"], item["overdue_days"], item["channel"]) == ("cadence", 0, "email")
    assert item["reason"].endswith("last contact Mon 16 Nov, 14 days ago — due today.")


def test_culture_default_rhythm_without_agreement(anna: Cli) -> None:
    """No agreement: the culture's default for the stage applies, and says so."""
    anna("person", "add", "Hans Braun", "--country", "DE")  # a lead: every 10 days in DE
    assert agenda(anna, "2026-12-02T08:00") == []
    [item] = agenda(anna, "2026-12-03T08:00")
    assert (item["kind"], item["overdue_days"], item["channel"]) == ("cadence", 0, "email")
    assert item["reason"] == (
        "No rhythm agreed yet; the de default for a lead is every 10 days; "
        "not contacted since added on Mon 23 Nov — due today."
    )
    assert item["suggestion"].endswith("Agree a rhythm with them while you are at it.")


def test_our_overdue_promise(anna: Cli) -> None:
    anna("account", "add", "Braun GmbH", "--country", "DE")
    anna("person", "add", "Hans Braun", "--account", "Braun GmbH", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "14d")
    anna(
        "log", "Hans Braun", "--at", "2026-11-16T10:00", "--outcome", "reached",
        "--we", "send a revised proposal by 2026-11-20",
    )  # fmt: skip
    [item] = agenda(anna, MONDAY)
    assert (item["kind"], item["overdue_days"], item["channel"]) == ("our_commitment", 3, "email")
    assert item["account"] == "Braun GmbH"
    assert item["reason"] == (
        "You promised to send a revised proposal by Fri 20 Nov — 3 days overdue."
    )
    assert item["suggestion"] == "Deliver it now, or tell Hans Braun today when it will come."
    assert item["due"] == "2026-11-20T22:59:59+00:00"  # the end of Friday in Berlin
    assert isinstance(item["commitment_id"], int)


def test_our_promise_due_today(anna: Cli) -> None:
    anna("person", "add", "Hans Braun")
    anna("commit", "add", "Hans Braun", "the pricing sheet", "--owner", "us", "--due", "2026-11-23")
    [item] = agenda(anna, MONDAY)
    assert (item["kind"], item["overdue_days"]) == ("our_commitment", 0)
    assert item["reason"] == "You promised the pricing sheet by Mon 23 Nov — due today."
    assert item["suggestion"] == "Deliver it today as promised."
    assert agenda(anna, "2026-11-22T20:00") == []


def test_their_promise_past_due(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "4w", "--channel", "phone")
    anna(
        "log", "Hans Braun", "--kind", "visit", "--at", "2026-11-16T10:00",
        "--outcome", "reached", "--they", "send the parts list by 2026-11-18",
    )  # fmt: skip
    [item] = agenda(anna, MONDAY)
    assert (item["kind"], item["overdue_days"], item["channel"]) == (
        "their_commitment",
        5,
        "phone",
    )
    assert item["reason"] == (
        "Hans Braun promised to send the parts list by Wed 18 Nov — 5 days past due."
    )
    assert item["suggestion"] == (
        "A natural reason to check in: ask Hans Braun where things stand on their promise "
        "to send the parts list, and whether you can help."
    )
    assert item["warnings"] == []


def test_their_promise_due_today_is_listed_the_next_day(anna: Cli) -> None:
    anna("person", "add", "Hans Braun")
    anna(
        "commit", "add", "Hans Braun", "send the signed order", "--owner", "them",
        "--due", "2026-11-23",
    )  # fmt: skip
    assert agenda(anna, MONDAY) == []
    assert agenda(anna, "2026-11-23T23:30") == []  # they still have until midnight
    [item] = agenda(anna, "2026-11-24T08:00")
    assert (item["kind"], item["overdue_days"]) == ("their_commitment", 1)
    assert item["reason"].endswith("by Mon 23 Nov — 1 day past due.")


def test_snoozed_person(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "7d", "--channel", "phone")
    anna(
        "log", "Hans Braun", "--at", "2026-11-02T10:00", "--outcome", "reached",
        "--we", "send the contract draft by 2026-11-20",
        "--they", "return the signed NDA by 2026-11-19",
    )  # fmt: skip
    assert kinds_of(agenda(anna, MONDAY), "Hans Braun") == [
        "cadence",
        "their_commitment",
        "our_commitment",
    ]
    anna("snooze", "Hans Braun", "--until", "2026-11-26")
    for moment in (MONDAY, "2026-11-25T20:00"):
        [item] = agenda(anna, moment)  # our promise stands through a snooze
        assert item["kind"] == "our_commitment"
        assert item["warnings"] == [
            "Hans Braun is snoozed until Thu 26 Nov; your promise still stands"
        ]
    thursday = agenda(anna, "2026-11-26T08:00")
    assert kinds_of(thursday, "Hans Braun") == ["cadence", "their_commitment", "our_commitment"]
    assert item_for(thursday, "Hans Braun", "our_commitment")["warnings"] == []
    anna("snooze", "Hans Braun", "--clear")
    assert len(agenda(anna, MONDAY)) == 3


def test_minimum_gap_not_yet_passed(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "14d", "--min-gap", "7d", "--channel", "phone")
    anna(
        "log", "Hans Braun", "--at", "2026-11-02T10:00", "--outcome", "reached",
        "--they", "sign the order form by 2026-11-18",
    )  # fmt: skip
    # Our call on Friday went unanswered: it still counts against 'at most every 7 days'.
    anna(
        "log", "Hans Braun", "--kind", "call", "--direction", "out", "--outcome", "no_answer",
        "--at", "2026-11-20T10:00",
    )  # fmt: skip
    [item] = agenda(anna, MONDAY)  # the rhythm (due 16 Nov) waits for the gap
    assert (item["kind"], item["overdue_days"]) == ("their_commitment", 5)
    assert item["warnings"] == [
        "too soon: agreed at most every 7 days, last contact 3 days ago "
        "— next contact welcome from Fri 27 Nov"
    ]
    assert kinds_of(agenda(anna, "2026-11-26T08:00"), "Hans Braun") == ["their_commitment"]
    assert next_due(anna, "Hans Braun") == "2026-11-18T22:59:59+00:00"
    friday = agenda(anna, "2026-11-27T12:00")
    assert kinds_of(friday, "Hans Braun") == ["their_commitment", "cadence"]
    assert item_for(friday, "Hans Braun", "their_commitment")["warnings"] == []
    cadence = item_for(friday, "Hans Braun", "cadence")
    assert cadence["due"] == "2026-11-27T09:00:00+00:00"  # the call + 7 days, 10:00 Berlin
    assert cadence["overdue_days"] == 0


def test_person_in_tokyo_promised_by_friday(anna: Cli) -> None:
    """'By Friday' means the end of Friday in Tokyo, which is Friday 15:59 in Berlin and
    Friday 06:59 in Los Angeles: both users first see it on their Friday."""
    anna("user", "add", "lee", "--tz", "America/Los_Angeles")
    anna("person", "add", "Sato Kenji", "--country", "JP", "--stage", "customer")
    anna("person", "add", "Tanaka Yuki", "--country", "JP", "--stage", "customer", "--owner", "lee")
    assert doc(anna, "person", "show", "Sato Kenji")["timezone"] == "Asia/Tokyo"
    for name in ("Sato Kenji", "Tanaka Yuki"):
        anna("agree", name, "--every", "8w", "--channel", "phone")
    anna(
        "log", "Sato Kenji", "--at", "2026-11-16T10:00", "--outcome", "reached",
        "--we", "send the quotation by 2026-11-20",
    )  # fmt: skip
    anna(
        "--as", "lee", "log", "Tanaka Yuki", "--at", "2026-11-16T10:00", "--outcome", "reached",
        "--we", "send the quotation by 2026-11-20",
    )  # fmt: skip
    friday_in_tokyo_ends = "2026-11-20T14:59:59+00:00"

    # anna in Berlin: Thursday nothing; Friday due today; Saturday one day overdue.
    assert agenda(anna, "2026-11-19T08:00") == []
    [friday] = agenda(anna, "2026-11-20T08:00")
    assert (friday["person"]["name"], friday["kind"]) == ("Sato Kenji", "our_commitment")
    assert (friday["due"], friday["overdue_days"], friday["channel"]) == (
        friday_in_tokyo_ends,
        0,
        "phone",
    )
    assert friday["reason"] == "You promised to send the quotation by Fri 20 Nov — due today."
    assert friday["warnings"] == [
        "Sato Kenji is in Asia/Tokyo, 8 h ahead of you: their 09:00–18:00 is 01:00–10:00 your time"
    ]
    [saturday] = agenda(anna, "2026-11-21T08:00")
    assert saturday["overdue_days"] == 1
    assert saturday["reason"].endswith("by Fri 20 Nov — 1 day overdue.")

    # lee in Los Angeles: on Thursday evening it is already Friday in Tokyo, but the promise
    # is due by the end of Friday there, 06:59 on Friday for lee: not listed on Thursday.
    thursday = doc(anna, "today", "--user", "lee", "--at", "2026-11-19T18:00")
    assert (thursday["user"], thursday["at"]) == ("lee", "2026-11-20T02:00:00+00:00")
    assert thursday["items"] == []
    # On lee's Friday morning Friday has ended in Tokyo: a day overdue where it was promised.
    [lee_friday] = agenda(anna, "2026-11-20T08:00", "--user", "lee")
    assert (lee_friday["person"]["name"], lee_friday["kind"]) == ("Tanaka Yuki", "our_commitment")
    assert (lee_friday["due"], lee_friday["overdue_days"]) == (friday_in_tokyo_ends, 1)
    assert lee_friday["reason"] == (
        "You promised to send the quotation by Fri 20 Nov — 1 day overdue "
        "(already Sat 21 Nov in Asia/Tokyo)."
    )
    assert lee_friday["warnings"] == [
        "Tanaka Yuki is in Asia/Tokyo, 17 h ahead of you: their 09:00–18:00 is "
        "16:00–01:00 your time"
    ]
    [lee_saturday] = agenda(anna, "2026-11-21T08:00", "--user", "lee")
    assert lee_saturday["overdue_days"] == 2
    assert [i["person"]["name"] for i in agenda(anna, "2026-11-21T08:00")] == ["Sato Kenji"]


def test_promise_at_a_time_of_day_in_another_zone(anna: Cli) -> None:
    anna("person", "add", "Sato Kenji", "--country", "JP", "--stage", "colleague")
    anna("commit", "add", "Sato Kenji", "call back", "--owner", "us", "--due", "2026-11-20T17:00")
    [item] = agenda(anna, "2026-11-20T08:00")
    assert item["due"] == "2026-11-20T08:00:00+00:00"  # 17:00 in Tokyo
    assert item["reason"] == (
        "You promised to call back by Fri 20 Nov 17:00 their time (Fri 20 Nov 09:00 yours) "
        "— due today."
    )


def test_done_and_dropped_commitments_leave_the_agenda(anna: Cli) -> None:
    anna("person", "add", "Hans Braun", "--stage", "customer")
    anna("agree", "Hans Braun", "--every", "14d")
    logged = doc(
        anna, "log", "Hans Braun", "--at", "2026-11-16T10:00", "--outcome", "reached",
        "--we", "send the brochure by 2026-11-19", "--we", "book the demo room by 2026-11-21",
    )  # fmt: skip
    brochure, room = (c["id"] for c in logged["commitments"])
    items = agenda(anna, MONDAY)
    assert [(i["kind"], i["commitment_id"]) for i in items] == [
        ("our_commitment", brochure),
        ("our_commitment", room),
    ]
    assert next_due(anna, "Hans Braun") == "2026-11-19T22:59:59+00:00"
    anna("commit", "done", str(brochure))
    assert [i["commitment_id"] for i in agenda(anna, MONDAY)] == [room]
    assert next_due(anna, "Hans Braun") == "2026-11-21T22:59:59+00:00"
    anna("commit", "drop", str(room))
    assert agenda(anna, MONDAY) == []
    assert next_due(anna, "Hans Braun") == "2026-11-30T09:00:00+00:00"  # the agreed rhythm


def test_ranking_longest_overdue_first_then_ours_first(anna: Cli) -> None:
    for name in ("Ada", "Bert", "Cleo", "Dirk", "Emil"):
        anna("person", "add", name, "--stage", "customer")
        anna("agree", name, "--every", "7d")
    anna("commit", "add", "Ada", "send the agenda", "--owner", "us", "--due", "2026-11-23")
    anna("commit", "add", "Bert", "send the specs", "--owner", "them", "--due", "2026-11-18")
    anna("log", "Cleo", "--at", "2026-11-15T10:00")
    anna("commit", "add", "Dirk", "send the invoice", "--owner", "us", "--due", "2026-11-20")
    anna("log", "Emil", "--at", "2026-11-16T07:00")
    for name in ("Ada", "Bert", "Dirk"):
        anna("log", name, "--at", "2026-11-22T10:00")  # keeps their rhythm quiet
    items = agenda(anna, MONDAY)
    assert [(i["person"]["name"], i["kind"], i["overdue_days"]) for i in items] == [
        ("Bert", "their_commitment", 5),
        ("Dirk", "our_commitment", 3),
        ("Cleo", "cadence", 1),
        ("Ada", "our_commitment", 0),  # today: our promises before rhythms
        ("Emil", "cadence", 0),
    ]


def test_user_option_selects_whose_agenda(anna: Cli) -> None:
    anna("user", "add", "bob", "--tz", "Europe/Berlin")
    anna("person", "add", "Hans Braun", "--stage", "colleague")
    anna("person", "add", "Greta Lind", "--stage", "colleague", "--owner", "bob")
    anna("commit", "add", "Hans Braun", "send the deck", "--owner", "us", "--due", "2026-11-20")
    anna(
        "--as", "bob", "commit", "add", "Greta Lind", "send the deck", "--owner", "us",
        "--due", "2026-11-20",
    )  # fmt: skip
    mine = doc(anna, "today", "--at", MONDAY)
    assert mine["user"] == "anna"
    assert [i["person"]["name"] for i in mine["items"]] == ["Hans Braun"]
    bobs = doc(anna, "today", "--at", MONDAY, "--user", "bob")
    assert bobs["user"] == "bob"
    assert [i["person"]["name"] for i in bobs["items"]] == ["Greta Lind"]
    assert bobs["items"][0]["reason"].startswith("You promised to send the deck")
    assert doc(anna, "--as", "bob", "today", "--at", MONDAY) == bobs
