"""Reading contact CSVs: headers of Google, Outlook (English and German), LinkedIn and
Thunderbird; separators, encodings, preambles, multi-line cells, no header at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.domain.cards import Card, Problem
from followup.formats.csv_contacts import UnknownMapping, read_csv_contacts
from followup.formats.csv_headers import Role, role_of
from followup.formats.encoding import text_of

DATA = Path(__file__).parent.parent / "data" / "intake"


def read(name: str, mapping: dict[str, str] | None = None) -> list[Card | Problem]:
    text, _ = text_of((DATA / name).read_bytes())
    return list(read_csv_contacts(text, mapping))


def cards(name: str, mapping: dict[str, str] | None = None) -> list[Card]:
    return [c for c in read(name, mapping) if isinstance(c, Card)]


def test_google_csv_with_bom_multi_values_and_a_multi_line_address() -> None:
    priya, kenji = cards("google_contacts.csv")
    assert (priya.given, priya.family, priya.org, priya.title, priya.org_units) == (
        "Priya",
        "Sharma",
        "Tata Example Ltd",
        "VP Engineering",
        ["Platform"],
    )
    assert [e.value for e in priya.emails] == [
        "priya.sharma@tata.example.in",
        "priya@home.example.in",
    ]
    assert priya.emails[0].kind == "work"
    assert priya.addresses[0].label == "12 MG Road\nBengaluru 560001\nIndia"
    assert priya.notes == ["Met at the Bangalore summit.\nFollow up on pilot."]
    assert ("Met via", "Rahul") in priya.extras
    assert (kenji.phonetic_given, kenji.phonetic_family) == ("けんじ", "たなか")
    assert (priya.line, kenji.line) == (2, 6)  # quoted cells span lines 2-5


def test_german_outlook_in_windows_1252_with_semicolons() -> None:
    klaus, ute = cards("outlook_de.csv")
    assert (klaus.prefix, klaus.given, klaus.middle, klaus.family) == (
        "Herr",
        "Klaus",
        "Peter",
        "Weiß",
    )
    assert (klaus.org, klaus.org_units, klaus.title) == (
        "Bäckerei Weiß KG",
        ["Einkauf"],
        "Leiter Einkauf",
    )
    assert [p.kind for p in klaus.phones] == ["work", "cell"]
    address = klaus.addresses[0]
    assert (address.kind, address.street, address.locality, address.country) == (
        "work",
        "Hauptstraße 12",
        "Köln",
        "Deutschland",
    )
    assert [e.value for e in ute.emails] == ["ute@schaefer.example", "u.schaefer@privat.example"]
    assert not any(label.startswith(("E-Mail-Typ", "Vertraulichkeit")) for label, _ in klaus.extras)


def test_english_outlook_title_is_the_honorific_and_noise_is_dropped() -> None:
    (tom,) = cards("outlook_en.csv")
    assert (tom.prefix, tom.title, tom.org) == ("Mr.", "Account Executive", "Baker & Sons, Inc.")
    assert tom.birthday is not None and tom.birthday.value == "3/21/1980"
    assert [label for label, _ in tom.extras] == ["Categories"]
    assert [p.kind for p in tom.phones] == ["work", "cell", "fax"]


def test_linkedin_connections_after_the_notes_preamble() -> None:
    fatima, lars = cards("linkedin_connections.csv")
    assert (fatima.given, fatima.org, fatima.title) == (
        "Fatima",
        "Gulf Trading, LLC",
        "Director, Procurement",
    )
    assert fatima.emails == [] and fatima.urls[0].value.endswith("fatima-haddad-example")
    assert ("Connected on LinkedIn", "07 Dec 2025") in fatima.extras
    assert (fatima.record, fatima.line, lars.record) == (1, 5, 2)


def test_thunderbird_quotes_tabs_new_lines_and_a_split_birthday() -> None:
    (olga,) = cards("thunderbird.csv")
    assert olga.title == '"Senior" buyer'
    assert olga.birthday is not None and olga.birthday.value == "1979-06-05"
    assert ("Custom 2", "tab here") in olga.extras
    assert olga.notes == ["first line\nsecond line"]


def test_a_split_birthday_in_other_digits_is_read_or_kept_as_text() -> None:
    # str.isdigit() accepts '¹', which int() refuses: that row crashed the whole import.
    text = (
        "First Name,E-mail Address,Birth Year,Birth Month,Birth Day\n"
        "Jo,jo@example.com,,¹,²\n"
        "Ken,ken@example.jp,１９８０,１２,３\n"
    )
    jo, ken = (c for c in read_csv_contacts(text) if isinstance(c, Card))
    assert jo.birthday is not None and jo.birthday.value == "¹ ²"
    assert ken.birthday is not None and ken.birthday.value == "1980-12-03"


def test_a_file_without_header_is_read_by_its_email_column_and_says_so() -> None:
    items = read("no_header.csv")
    note = items[0]
    assert isinstance(note, Problem) and not note.skipped and "column 4 as email" in note.message
    maya = items[1]
    assert isinstance(maya, Card)
    assert (maya.full_name, [e.value for e in maya.emails]) == (
        "Maya Cohen",
        ["maya@cohen.example"],
    )
    assert maya.extras == []  # 'Maya' and 'Cohen' are in the name already


def test_no_recognisable_header_is_one_clear_error() -> None:
    (problem,) = read("no_recognisable_header.csv")
    assert isinstance(problem, Problem) and problem.skipped
    assert "no recognisable header" in problem.message and "--map" in problem.message


def test_unknown_headers_need_a_map_by_name_or_by_number() -> None:
    assert isinstance(read("custom_columns.csv")[0], Problem)
    mapping = {"Kontakt": "name", "mailadresse": "email", "3": "phone", "Arbeitgeber": "company"}
    (eva,) = cards("custom_columns.csv", mapping)
    assert (eva.full_name, eva.emails[0].value, eva.phones[0].value, eva.org) == (
        "Eva Kern",
        "eva.kern@example.at",
        "+43 1 5123456",
        "Kern Bau",
    )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Nope": "name"}, "no column 'Nope'"),
        ({"Kontakt": "shoe size"}, "unknown field"),
        # A superscript one is a digit to Python but no column number (found by the fuzz run).
        ({"\u00b9": "email"}, "no column '\u00b9'"),
        # A number past the last column: the reader padded its header up to it, so twelve
        # Arabic-Indic digits asked for 333 billion names (a fuzz run was killed out of
        # memory in the CSV test; this is the input that would do it).
        ({"\u0663" * 12: "email"}, "no column '\u0663{12}' in the file \\(4 columns\\)"),
        ({"5": "email"}, "no column '5'"),
        ({"4": "notes"}, None),
    ],
)
def test_a_wrong_map_is_refused(mapping: dict[str, str], message: str | None) -> None:
    if message is None:  # the last column is still a column
        assert read("custom_columns.csv", mapping)
        return
    with pytest.raises(UnknownMapping, match=message):
        read("custom_columns.csv", mapping)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("E-mail 3 - Value", Role("email", "3")),
        ("Phone 2 - Label", Role("phone", "2", "kind")),
        ("E-Mail 2: Adresse", Role("email", "2")),
        ("Business Country/Region", Role("address", "work", "country")),
        ("Postleitzahl privat", Role("address", "home", "postal_code")),
        ("Mobile Phone", Role("phone", "mobile phone")),
        ("Organization 1 - Title", Role("title")),
        ("\ufeffFirst Name", Role("given")),
        ("Sensitivity", Role("ignore")),
        ("Shoe Size", None),
    ],
)
def test_headers(header: str, role: Role | None) -> None:
    assert role_of(header) == role
