"""Birthdays, working days, and the rules that tell whether a contact is someone we know."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.birthdays import parse_birthday
from followup.domain.cards import Address
from followup.domain.dedupe import Matcher, name_score, same_name
from followup.domain.errors import InvalidInput
from followup.domain.intake import Contact
from followup.domain.merge import Stored, plan_merge
from followup.domain.workdays import add_working_days, working_days_deadline, workweek_of
from tests.domain.strategies import ZONES

PROPERTY = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "country", "iso"),
    [
        ("19800321", None, "1980-03-21"),
        ("1980-03-21T00:00:00Z", None, "1980-03-21"),
        ("--0203", None, "--02-03"),
        ("--02-29", None, "--02-29"),
        ("3/21/1980", "US", "1980-03-21"),
        ("4/3/1980", "US", "1980-04-03"),
        ("4/3/1980", "DE", "1980-03-04"),
        ("20/01/1991", "US", "1991-01-20"),
        ("12.04.1970", None, "1970-04-12"),
        ("07 Dec 1975", None, "1975-12-07"),
        ("0/0/00", None, None),
        ("0.0.00", None, None),
    ],
)
def test_birthdays(text: str, country: str | None, iso: str | None) -> None:
    assert parse_birthday(text, country) == iso


@pytest.mark.parametrize("text", ["19723101", "2023-02-30", "--13-01", "soon", "1066-10-14"])
def test_impossible_birthdays(text: str) -> None:
    with pytest.raises(InvalidInput, match="birthday"):
        parse_birthday(text)


@PROPERTY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_iso_birthday_reads_back(day: date) -> None:
    assert parse_birthday(day.isoformat()) == day.isoformat()
    assert parse_birthday(day.strftime("%Y%m%d")) == day.isoformat()


@PROPERTY
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(ZONES),
    st.sampled_from([None, "DE", "US", "SA", "AE", "IR", "JP"]),
)
def test_two_working_days_end_on_a_working_day_in_the_persons_zone(
    now: datetime, zone_name: str, country: str | None
) -> None:
    due = working_days_deadline(now, 2, zone_name, country)
    tz = ZoneInfo(zone_name)
    local_now, local_due = now.astimezone(tz), due.astimezone(tz)
    assert due > now
    rest = set(range(7)) - workweek_of(country).days
    assert local_due.weekday() not in rest
    assert (local_due.hour, local_due.minute, local_due.second) == (23, 59, 59)  # end of day
    days = (local_due.date() - local_now.date()).days
    between = [local_now.date() + timedelta(d) for d in range(1, days + 1)]
    assert sum(1 for d in between if d.weekday() not in rest) == 2  # exactly two working days


def test_weekends_differ_by_country() -> None:
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 2, "DE") == date(2026, 12, 1)  # Mon, Tue
    assert add_working_days(friday, 2, "SA") == date(2026, 11, 30)  # Sun, Mon
    assert add_working_days(date(2026, 11, 26), 1, "SA") == date(2026, 11, 29)  # Thu -> Sun


def person(
    record: int,
    name: str,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    company: str = "",
) -> Contact:
    return Contact(record, record, name, emails=emails, phones=phones, company=company)


def test_the_same_email_or_ledger_print_is_the_same_person() -> None:
    m = Matcher()
    m.learn(1, person(1, "Hans Braun", ("hans@braun.example",)), None, "print-1")
    assert m.match(person(2, "H. Braun", ("hans@braun.example",)), "x", None).by == "email"  # type: ignore[union-attr]
    assert m.match(person(3, "Someone Else"), "print-1", None).by == "ledger"  # type: ignore[union-attr]
    assert m.match(person(4, "Hans Braun", ("other@braun.example",)), "y", None) is None


def test_a_shared_phone_is_the_same_person_only_if_the_names_agree() -> None:
    m = Matcher()
    m.learn(1, person(1, "Eva Braun", phones=("+49301234567",)), 7, "p1")
    assert m.match(person(2, "Eva Braun", phones=("+49301234567",)), "x", None) is not None
    assert m.match(person(3, "Karl Ostermann", phones=("+49301234567",)), "y", None) is None


def test_a_close_name_at_the_same_company_is_the_same_person() -> None:
    m = Matcher()
    m.learn(1, person(1, "Jonathan Smith", company="ACME"), 7, "p1")
    assert m.match(person(2, "Jonathon Smith"), "x", 7) is not None
    assert m.match(person(3, "Jonathan Smith"), "y", 8) is None  # another company
    assert m.match(person(4, "Joanna Smythe"), "z", 7) is None


def test_a_bare_name_matches_the_one_namesake_at_no_company() -> None:
    m = Matcher()
    m.learn(1, person(1, "Conference Room"), None, "p1")
    assert m.match(person(2, "conference  ROOM"), "x", None) is not None
    m.learn(2, person(3, "Conference Room", emails=("r@x.example",)), None, "p2")
    assert m.match(person(4, "Conference Room"), "y", None) is None  # two: no guess


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Hans Braun", "Braun Hans", True),
        ("Dr. Hans Braun", "Hans Braun", True),
        ("山田太郎", "山田 太郎", True),
        ("Jon Smith", "John Smith", True),
        ("Hans Braun", "Hanna Braun", False),
        ("Anna Schmidt", "Anna Schneider", False),
    ],
)
def test_names_agree(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same, name_score(a, b)


def test_merging_fills_what_is_empty_keeps_what_is_there_and_says_so() -> None:
    stored = Stored(
        5,
        {
            "name": "Hans Braun",
            "title": "CTO",
            "country": None,
            "timezone": "Europe/Berlin",
            "notes": "Met in Hanover.",
        },
        emails=("hans@braun.example",),
        phones=("+49301234567",),
    )
    incoming = Contact(
        1,
        1,
        "Hans Braun",
        title="CEO",
        department="R&D",
        emails=("hans@braun.example", "h@b.example"),
        phones=("+49301234567", "+491511234567"),
        country="AT",
        timezone="Europe/Vienna",
        timezone_inferred=True,
        addresses=(Address(street="Ring 1", country="Austria"),),
    )
    merge = plan_merge(stored, incoming, "Web Summit")
    assert merge.values["department"] == "R&D" and merge.values["source"] == "Web Summit"
    assert (merge.values["country"], merge.values["timezone"]) == ("AT", "Europe/Vienna")
    assert "title" not in merge.values
    assert [(c.field, c.kept, c.offered) for c in merge.conflicts] == [("title", "CTO", "CEO")]
    assert merge.values["notes"] == "Met in Hanover.\n\nAlso given on import: title 'CEO'"
    assert (merge.emails, merge.phones) == (["h@b.example"], ["+491511234567"])
    assert merge.addresses == [{"street": "Ring 1", "country": "Austria"}]


def test_merging_the_same_again_changes_nothing() -> None:
    incoming = Contact(1, 1, "Hans Braun", title="CEO", emails=("hans@braun.example",))
    stored = Stored(
        5,
        {"name": "Hans Braun", "title": "CTO", "notes": "Also given on import: title 'CEO'"},
        emails=("hans@braun.example",),
    )
    merge = plan_merge(stored, incoming, None)
    assert not merge.changes and len(merge.conflicts) == 1


def test_an_address_of_only_a_country_adds_nothing_to_a_person_whose_country_is_known() -> None:
    """Our own export writes a person's country as such an address; reading it back must
    change nothing. Where the country is not known yet, it is kept."""
    incoming = Contact(1, 1, "Hans Braun", country="DE", addresses=(Address(country="Germany"),))
    known = Stored(5, {"name": "Hans Braun", "country": "DE"})
    assert plan_merge(known, incoming, None).addresses == []
    unknown = Stored(5, {"name": "Hans Braun", "country": None})
    assert plan_merge(unknown, incoming, None).addresses == [{"country": "Germany"}]
