"""The too-much guard and the in-town listing, on the same person in different cultures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.guard import Contact, Touch, check
from followup.domain.model import InteractionKind, Stage
from followup.domain.relationship import Replies
from followup.domain.visits import (
    Candidate,
    City,
    find_city,
    fold,
    match,
    parse_cities,
    window,
    worth_meeting,
)
from followup.services.visits import cities
from tests.domain.builders import BERLIN, TOKYO, agreed, dossier, local, person, touched
from tests.domain.intel_builders import in_culture, profile

HANS = person("Hans Braun", tz=BERLIN, stage=Stage.CUSTOMER, created_at=local(BERLIN, 2026, 1, 5))
NOW = local(BERLIN, 2026, 11, 23, 9)
CALLED = Touch(local(BERLIN, 2026, 11, 20, 10), "mike", InteractionKind.CALL, "Hans Braun")


def contact(owner: bool = True, outbound: bool = True) -> Contact:
    return Contact(HANS, NOW, "anna", ZoneInfo(BERLIN), outbound, owner)


def test_the_same_second_contact_breaks_the_german_default_not_the_american() -> None:
    de = check(contact(), profile("de").rhythm_for(Stage.CUSTOMER), CALLED, [], profile("de"))
    us = check(contact(), profile("us").rhythm_for(Stage.CUSTOMER), CALLED, [], profile("us"))
    assert de.breaches == (
        "too soon for Hans Braun: the de default is at most every 7 days; mike called them "
        "3 days ago (Fri 20 Nov) — next contact welcome from Fri 27 Nov",
    )
    assert us.clear and us.breaches == ()


def test_an_agreement_is_named_as_such_and_inbound_is_never_a_breach() -> None:
    verdict = check(contact(), agreed(14, 5), CALLED, [], profile("us"))
    assert verdict.breaches[0].startswith("too soon for Hans Braun: agreed at most every 5 days")
    assert check(contact(outbound=False), agreed(14, 5), CALLED, [], profile("us")).clear


def test_colleagues_touches_at_the_account_this_week_are_reported() -> None:
    other = Touch(local(BERLIN, 2026, 11, 19, 15), "kenji", InteractionKind.EMAIL, "Petra Lang")
    mine = Touch(local(BERLIN, 2026, 11, 18, 15), "anna", InteractionKind.EMAIL, "Petra Lang")
    verdict = check(contact(), agreed(14, 2), CALLED, [CALLED, other, mine], profile("us"))
    assert verdict.clear
    assert verdict.notices == (
        "mike called them at the same account 3 days ago (Fri 20 Nov)",
        "kenji emailed Petra Lang at the same account 4 days ago (Thu 19 Nov)",
    )


def test_whoever_is_not_the_owner_sees_the_etiquette() -> None:
    verdict = check(contact(owner=False), None, None, [], profile("jp"))
    assert verdict.notices == (
        "etiquette (jp): avoid pressing for a decision during deliberation (more often than "
        "every 14 days); an upsell pitch at the end of a service call.",
    )
    assert check(contact(owner=True), None, None, [], profile("jp")).notices == ()


# --- in town ---------------------------------------------------------------------------------

KNOWN = cities()


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("München", "Leopoldstraße 12, 80802 München"),
        ("Munich", "Leopoldstraße 12, 80802 MÜNCHEN"),
        ("munich", "Leopoldstr. 12, 80802 Muenchen, Germany"),
        ("MUENCHEN", "Leopoldstrasse 12, Munich"),
        ("Tokyo", "2-1 Marunouchi, Chiyoda-ku, 東京都 100-0005"),
        ("Bombay", "Nariman Point, Mumbai 400021"),
        ("São Paulo", "Av. Paulista 1000, Sao Paulo - SP"),
    ],
)
def test_a_city_is_found_by_any_of_its_spellings(typed: str, address: str) -> None:
    city = find_city(typed, KNOWN, [])
    assert match(address, BERLIN, city) == "address"


def test_an_address_elsewhere_or_a_partial_word_is_not_a_match() -> None:
    munich = find_city("Munich", KNOWN, [])
    assert match("Marienplatz 1, Augsburg", BERLIN, munich) is None
    assert match("Münchenstein, Basel", BERLIN, munich) is None  # a word of its own only
    assert fold(" São  Paulo ") == "sao paulo"


def test_without_an_address_the_time_zone_named_after_the_city_counts() -> None:
    tokyo = find_city("Tokyo", KNOWN, [])
    assert match(None, TOKYO, tokyo) == "time zone"
    assert match("", TOKYO, tokyo) == "time zone"
    assert match("Osaka", TOKYO, tokyo) is None  # an address that says otherwise wins
    # A city that is not listed is found by its own name and the IANA zone named after it.
    kolkata = find_city("Kolkata", {}, ["Asia/Kolkata", "Europe/Berlin"])
    assert kolkata == City("Kolkata", ("kolkata",), ("Asia/Kolkata",), ("Kolkata",))
    assert parse_cities('cities = [{ name = "Köln", aliases = ["Cologne"] }]')["cologne"].name == (
        "Köln"
    )


def test_a_visit_window_must_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidInput, match=r"the visit ends \(2026-12-01\) before it starts"):
        window(date(2026, 12, 3), date(2026, 12, 1), BERLIN)
    one = window(date(2026, 12, 1), date(2026, 12, 1), BERLIN)
    assert (one.start, one.end) == (local(BERLIN, 2026, 12, 1), local(BERLIN, 2026, 12, 2))


def test_who_is_worth_meeting_depends_on_the_culture() -> None:
    """The same prospect, silent since September: in the US they have gone dark (a visit is
    a natural reason to reconnect); in Japan they are still deliberating."""
    takahashi = person(
        "Takahashi Hiroshi", tz=TOKYO, stage=Stage.PROSPECT, created_at=local(TOKYO, 2026, 8, 1)
    )
    seen = local(TOKYO, 2026, 9, 20, 10)
    visit = window(date(2026, 12, 1), date(2026, 12, 3), BERLIN)
    tokyo = find_city("Tokyo", KNOWN, [])
    rows = {}
    for key in ("us", "jp"):
        one = in_culture(dossier(takahashi, None, touched(seen, seen), account="Shinwa"), key)
        silent = Replies(seen, 1, local(TOKYO, 2026, 10, 20, 10))
        one = replace(one, relationship=replace(one.relationship, replies=silent))
        rows[key] = worth_meeting(Candidate(one, "address"), visit, tokyo, "anna", BERLIN)
    us, jp = rows["us"], rows["jp"]
    assert us is not None and jp is not None
    assert us.reasons == (
        "has gone dark: a visit is a natural reason to be in touch again",
        "a prospect, deliberating: a visit answers questions in person",
    )
    assert jp.reasons == ("a prospect, deliberating: a visit answers questions in person",)
    assert us.note == (
        "Dear Takahashi Hiroshi, I will be in Tokyo anyway from Tue 1 Dec to Thu 3 Dec. If it "
        "suits you, I would be glad to stop by at Shinwa with no agenda, simply to catch up. "
        "Would one of those days work for you? Best regards, anna"
    )
    assert "to answer any questions you may have while you weigh our proposal" in jp.note


def test_a_customer_is_worth_meeting_when_due_or_when_the_check_in_is_near() -> None:
    visit = window(date(2026, 12, 1), date(2026, 12, 3), BERLIN)
    munich = find_city("München", KNOWN, [])
    recent = local(BERLIN, 2026, 11, 25, 10)
    fresh = in_culture(dossier(HANS, agreed(30, 7), touched(recent, recent)), "de", agreed=True)
    assert worth_meeting(Candidate(fresh, "address"), visit, munich, "anna", BERLIN) is None
    soon = Candidate(fresh, "address", local(BERLIN, 2026, 12, 20))
    found = worth_meeting(soon, visit, munich, "anna", BERLIN)
    assert found is not None
    assert found.reasons == (
        "the account's satisfaction check-in is due Sun 20 Dec: ask in person while there",
    )
    assert found.warnings == (
        "next contact welcome from Wed 2 Dec (as agreed): meet them from then",
    )
    old = local(BERLIN, 2026, 10, 1, 10)
    due = in_culture(dossier(HANS, agreed(30, 7), touched(old, old)), "de", agreed=True)
    found = worth_meeting(Candidate(due, "address"), visit, munich, "anna", BERLIN)
    assert found is not None
    assert found.reasons == ("due for a check-in (every 30 days; due Sat 31 Oct)",)
