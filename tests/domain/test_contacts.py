"""Emails, phone numbers, names and inline promises as followup keeps them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.contacts import normalise_email, normalise_phone
from followup.domain.errors import InvalidInput
from followup.domain.names import clean_name, id_in, required_name, search_key, within
from followup.domain.promises import clean_what, split_promise

PROPERTY = settings(max_examples=200, deadline=None)


# --- email ---


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("anna@example.com", "anna@example.com"),
        ("  Anna.Schmidt@Example.COM ", "anna.schmidt@example.com"),
        ("a@b.co", "a@b.co"),
        ("hans+crm@braun-gmbh.de", "hans+crm@braun-gmbh.de"),
        ("yuki_tanaka@mail.example.co.jp", "yuki_tanaka@mail.example.co.jp"),
    ],
)
def test_normalise_email_accepts_addresses(text: str, email: str) -> None:
    assert normalise_email(text) == email


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "anna",
        "anna@",
        "@example.com",
        "anna@example",
        "anna@@example.com",
        "anna @example.com",
        "anna@exa mple.com",
        "<anna@example.com>",
        "Anna Schmidt <anna@example.com>",
        "anna@example.com, ben@example.com",
        "anna@example.com;",
        "anna@example.com.",  # a sentence's full stop is not part of the address
        "anna@example..com",
        "anna@.example.com",
    ],
)
def test_normalise_email_rejects_non_addresses_quoting_them(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_email(text)
    assert repr(text) in caught.value.message


LOCAL = st.text("abcdefghijklmnopqrstuvwxyz0123456789._%+-", min_size=1, max_size=20)
LABELS = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=9), min_size=2, max_size=4
)


@PROPERTY
@given(st.builds(lambda local, labels: f"{local}@{'.'.join(labels)}", LOCAL, LABELS))
def test_normalise_email_is_idempotent_and_lower_case(text: str) -> None:
    email = normalise_email(text.upper())
    assert email == text
    assert normalise_email(email) == email


# --- phone ---


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+49 30 1234567", "+49301234567"),
        ("0049 (30) 123-4567", "+49301234567"),
        ("030/1234567", "0301234567"),
        ("+1 (555) 010-0199", "+15550100199"),
        (" 06.12.34.56.78 ", "0612345678"),
        ("12345", "12345"),
        ("+123456789012345", "+123456789012345"),
        # Business cards from Japan often use full-width forms: the same number.
        ("０３－１２３４－５６７８", "0312345678"),
        ("＋８１ ３ １２３４ ５６７８", "+81312345678"),
        # And from the Gulf, Arabic-Indic digits.
        ("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", "+971501234567"),
    ],
)
def test_normalise_phone_accepts_numbers(text: str, phone: str) -> None:
    assert normalise_phone(text) == phone


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1234",
        "+1234",
        "1234567890123456",
        "call me",
        "+49 30 12345 ext 7",
        "+49 30 1234567 (office)",
        "0049",
        "+49#301234",
    ],
)
def test_normalise_phone_rejects_non_numbers_quoting_them(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_phone(text)
    assert repr(text) in caught.value.message


@PROPERTY
@given(st.text(max_size=25))
def test_normalise_phone_gives_ascii_digits_or_a_clear_error(text: str) -> None:
    try:
        phone = normalise_phone(text)
    except InvalidInput:
        return
    digits = phone.removeprefix("+")
    assert digits.isascii() and digits.isdigit()
    assert 5 <= len(digits) <= 15
    assert normalise_phone(phone) == phone


# --- names ---


def test_search_key_ignores_case_width_and_spacing() -> None:
    assert search_key("  ANNA  Schmidt") == "anna schmidt"
    assert search_key("anna schmidt") == "anna schmidt"
    assert search_key("ＡＮＮＡ　Ｓｃｈｍｉｄｔ") == "anna schmidt"
    assert search_key("Hans\tBraun\n") == "hans braun"
    assert search_key("Jürgen Straße") == search_key("JÜRGEN STRASSE")
    assert search_key("Anna Schmidt") != search_key("Anna Schmitt")
    assert search_key("田中 ゆき") == "田中 ゆき"


def test_clean_name_trims_and_collapses_spaces_keeping_case() -> None:
    assert clean_name("  Anna   Schmidt ") == "Anna Schmidt"
    assert clean_name("Yuki\u3000Tanaka") == "Yuki Tanaka"


@PROPERTY
@given(st.text(max_size=30))
def test_search_key_is_idempotent_and_ignores_clean_name(name: str) -> None:
    key = search_key(name)
    assert search_key(key) == key
    assert search_key(clean_name(name)) == key
    assert key == key.strip()
    assert "  " not in key


def test_required_name_cleans_or_refuses() -> None:
    assert required_name("  Anna   Schmidt ", "person name") == "Anna Schmidt"
    assert required_name("x" * 300, "person name") == "x" * 300
    for empty in (None, "", " \t "):
        with pytest.raises(InvalidInput, match="person name must not be empty"):
            required_name(empty, "person name")
    with pytest.raises(InvalidInput, match="too long: at most 300"):
        required_name("x" * 301, "person name")
    # Case folding lengthens 'ß' to 'ss': the compared form counts too.
    with pytest.raises(InvalidInput, match="too long"):
        required_name("ß" * 200, "person name")


def test_within_limits_text_length() -> None:
    assert within(None, 3, "notes") is None
    assert within("abc", 3, "notes") == "abc"
    with pytest.raises(InvalidInput, match=r"notes 'abcd'\.\.\. is too long: at most 3"):
        within("abcd", 3, "notes")


IDS = [("12", 12), ("#12", 12), (" #007 ", 7)]
NOT_IDS = ["¹", "#²", "٣", "12a", "", "#", "-3", "Anna"]


@pytest.mark.parametrize(("reference", "expected"), [*IDS, *((text, None) for text in NOT_IDS)])
def test_id_in_takes_only_ascii_digits(reference: str, expected: int | None) -> None:
    assert id_in(reference) == expected


@given(st.text(max_size=12))
def test_id_in_never_raises_and_reads_only_plain_numbers(text: str) -> None:
    plain = text.strip().removeprefix("#")
    found = id_in(text)
    if plain and all(c in "0123456789" for c in plain):
        assert found == int(plain)
    else:
        assert found is None


# --- inline promises ---


@pytest.mark.parametrize(
    ("text", "what", "due"),
    [
        ("send the revised proposal by 2026-11-27", "send the revised proposal", "2026-11-27"),
        ("  send   proposal  by  2026-11-27T15:00 ", "send proposal", "2026-11-27T15:00"),
        ("drop by the office by 2026-11-27", "drop by the office", "2026-11-27"),
        ("budget approval by Friday", "budget approval", "Friday"),
    ],
)
def test_split_promise(text: str, what: str, due: str) -> None:
    assert split_promise(text) == (what, due)


@pytest.mark.parametrize(
    "text",
    ["send the proposal", "by 2026-11-27", " by 2026-11-27", "send the proposal by ", "", "by"],
)
def test_split_promise_rejects_text_without_what_and_date(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        split_promise(text)
    assert repr(text) in caught.value.message
    assert "WHAT by DATE" in caught.value.message


def test_clean_what() -> None:
    assert clean_what("  send \n the deck ") == "send the deck"
    assert clean_what("x" * 2000) == "x" * 2000
    with pytest.raises(InvalidInput, match="needs a 'what'"):
        clean_what(" \t ")
    with pytest.raises(InvalidInput, match="2000"):
        clean_what("x" * 2001)
