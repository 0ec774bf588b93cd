"""Understanding a card: names split (family first where written so), emails checked,
phones in E.164, country and time zone inferred, nothing that matters lost."""

from __future__ import annotations

import pytest

from followup.domain.cards import Address, Card, Typed
from followup.domain.errors import InvalidInput
from followup.domain.intake import Contact, IntakeDefaults, understand
from followup.domain.personal_names import NameParts, compose_name, split_name
from followup.domain.phones import parse_phone
from followup.services.gazetteer import Gazetteer

BERLIN = IntakeDefaults("DE", "Europe/Berlin")
PLACES = Gazetteer()


def contact(card: Card, defaults: IntakeDefaults = BERLIN) -> Contact:
    found, _ = understand(card, defaults, PLACES)
    assert found is not None
    return found


def test_country_from_the_address_in_any_language_and_its_zone() -> None:
    card = Card(1, 1, full_name="Hans Braun", addresses=[Address(country="Deutschland")])
    assert (contact(card).country, contact(card).timezone) == ("DE", "Europe/Berlin")
    card = Card(1, 1, full_name="Yuki Sato", addresses=[Address(country="日本")])
    assert (contact(card).country, contact(card).timezone) == ("JP", "Asia/Tokyo")


def test_a_national_number_is_read_in_the_cards_country_else_the_users() -> None:
    us = Card(
        1,
        1,
        full_name="Tom",
        phones=[Typed("(212) 555-0100")],
        addresses=[Address(country="U.S.A.")],
    )
    assert contact(us).phones == ("+12125550100",)
    home = Card(1, 1, full_name="Uwe", phones=[Typed("030 1234567")])
    found = contact(home)
    assert (found.phones, found.country) == (("+49301234567",), "DE")


def test_a_us_area_code_gives_the_time_zone() -> None:
    card = Card(1, 1, full_name="Jake", phones=[Typed("+1 415 555 0134")])
    assert (contact(card).country, contact(card).timezone) == ("US", "America/Los_Angeles")


def test_kana_in_a_name_reads_its_phone_as_japanese() -> None:
    card = Card(1, 1, family="安藤", given="ロイド", phones=[Typed("03-1234-5678")])
    found = contact(card)
    assert (found.name, found.phones, found.timezone) == (
        "安藤 ロイド",
        ("+81312345678",),
        "Asia/Tokyo",
    )


def test_an_explicit_zone_on_the_card_wins() -> None:
    card = Card(
        1, 1, full_name="Ana", timezone="America/Sao_Paulo", phones=[Typed("+351 21 000 0000")]
    )
    assert contact(card).timezone == "America/Sao_Paulo"


def test_what_cannot_be_understood_is_reported_and_kept_in_the_notes() -> None:
    card = Card(
        7,
        40,
        full_name="Bob",
        emails=[Typed("bob@@x", line=42), Typed("Bob@Example.COM")],
        phones=[Typed("BusinessPhone", "work", 43)],
        birthday=Typed("19723101", line=44),
    )
    found, problems = understand(card, BERLIN, PLACES)
    assert found is not None and found.emails == ("bob@example.com",)
    assert [(p.record, p.line, p.skipped) for p in problems] == [
        (7, 42, False),
        (7, 43, False),
        (7, 44, False),
    ]
    assert "email: bob@@x" in found.notes and "phone (work): BusinessPhone" in found.notes
    assert "birthday: 19723101" in found.notes


def test_a_card_without_a_name_takes_its_email_and_says_so() -> None:
    found, problems = understand(Card(3, 9, emails=[Typed("info@acme.example")]), BERLIN, PLACES)
    assert found is not None and found.name == "info@acme.example" and found.given == ""
    assert problems[0].message.startswith("no name given")


def test_a_card_with_nothing_to_know_a_person_by_is_skipped() -> None:
    found, problems = understand(Card(3, 9, notes=["hello"]), BERLIN, PLACES)
    assert found is None and problems[0].skipped and problems[0].line == 9


def test_huge_notes_are_cut_and_reported() -> None:
    found, problems = understand(Card(1, 1, full_name="N", notes=["x" * 200_000]), BERLIN, PLACES)
    assert found is not None and len(found.notes) == 100_000
    assert "kept the first 100,000" in problems[0].message


def test_fields_and_extras_become_the_contact() -> None:
    card = Card(
        1,
        1,
        full_name="Joe",
        org="Gump Co.",
        org_units=["Sales", "East"],
        title="CEO",
        extras=[("Spouse", "Jenny")],
        notes=["Likes shrimp"],
        birthday=Typed("--0203"),
    )
    found = contact(card)
    assert (found.company, found.department, found.title, found.birthday) == (
        "Gump Co.",
        "Sales / East",
        "CEO",
        "--02-03",
    )
    assert found.notes == "Likes shrimp\n\nSpouse: Jenny"


def test_the_fingerprint_depends_on_content_and_context_only() -> None:
    a = contact(Card(1, 1, full_name="A", emails=[Typed("a@x.example")]))
    b = contact(Card(9, 99, full_name="A", emails=[Typed("a@x.example")]))
    assert a.fingerprint("ctx") == b.fingerprint("ctx") != a.fingerprint("other")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Hans Braun", NameParts("Hans", "Braun")),
        ("Braun, Hans", NameParts("Hans", "Braun")),
        ("Dr. Hans Peter Braun", NameParts("Hans", "Braun", "Peter", "Dr.")),
        ("Ludwig van Beethoven", NameParts("Ludwig", "van Beethoven")),
        ("John Smith Jr.", NameParts("John", "Smith", suffix="Jr.")),
        ("山田 太郎", NameParts("太郎", "山田")),
        ("Madonna", NameParts("Madonna")),
    ],
)
def test_split_name(name: str, parts: NameParts) -> None:
    assert split_name(name) == parts


def test_compose_keeps_family_first_for_east_asian_names() -> None:
    assert compose_name("太郎", "山田") == "山田 太郎"
    assert compose_name("Hans", "Braun", "Peter") == "Hans Peter Braun"


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("+49 (30) 123-4567", None, "+49301234567"),
        ("0049 30 1234567", None, "+49301234567"),
        ("０３０ １２３４５６７", "DE", "+49301234567"),  # full-width digits
        ("tel:+1-418-656-9254;ext=102", None, "+14186569254;ext=102"),
        ("+1 418 656 9254 ext. 102", None, "+14186569254;ext=102"),
        ("090-1234-5678", "JP", "+819012345678"),
    ],
)
def test_phones_in_e164(text: str, region: str | None, e164: str) -> None:
    assert parse_phone(text.removeprefix("tel:"), region).e164 == e164


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Privattelefon", "holds no number"),
        ("+49 176 XXXXXXXX", "holds letters"),
        ("+5555555", "not a possible number"),
        ("030 1234567", "no country to read it in"),
    ],
)
def test_phones_that_are_no_numbers(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_phone(text, None)
