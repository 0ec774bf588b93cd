"""Reading vCards: every quirk of real exports, on fixtures written for them (tests/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.domain.cards import Card, Problem
from followup.formats.vcard import count_cards, looks_like_vcard, read_vcards
from followup.formats.vcard_lines import components, logical_lines, parse_line, unescape

DATA = Path(__file__).parent.parent / "data" / "intake"


def cards(name: str) -> list[Card]:
    return [c for c in read_vcards((DATA / name).read_bytes()) if isinstance(c, Card)]


def test_german_outlook_21_in_windows_1252_with_quoted_printable_and_a_photo() -> None:
    (card,) = cards("outlook_de_v21_cp1252.vcf")
    assert (card.full_name, card.family, card.given, card.prefix) == (
        "Dr. Jürgen Müller",
        "Müller",
        "Jürgen",
        "Dr.",
    )
    assert (card.org, card.org_units, card.title) == (
        "Großhandel Süd GmbH",
        ["Vertrieb", "Export"],
        "Geschäftsführer",
    )
    assert [(p.value, p.kind) for p in card.phones] == [
        ("089 1234567", "work"),
        ("0171 9876543", "cell"),
        ("089 1234568", "work,fax"),
    ]
    # a soft line break joined, CRLF escapes decoded, the charset applied
    assert card.notes == ["Kennengelernt auf der Messe.\nMag Fußball und gutes Essen."]
    (address,) = card.addresses
    assert (address.street, address.locality, address.country) == (
        "Marienplatz 1",
        "München",
        "Deutschland",
    )
    assert address.label == "Marienplatz 1\n80331 München"  # the LABEL joined its ADR
    assert card.birthday is not None and card.birthday.value == "19700412"
    assert card.problems == []  # the photo is valid, and dropped silently


def test_japanese_phone_in_shift_jis_with_half_width_readings() -> None:
    yamada, sato = cards("docomo_v21_shift_jis.vcf")
    assert (yamada.family, yamada.given) == ("山田", "太郎")
    assert (yamada.phonetic_family, yamada.phonetic_given) == ("ヤマダ", "タロウ")  # full width
    assert (yamada.org, yamada.org_units) == ("株式会社サンプル", ["営業部"])
    (address,) = yamada.addresses  # quoted-printable over Shift_JIS bytes
    assert (address.region, address.locality, address.country) == ("東京都", "千代田区", "日本")
    assert (sato.family, sato.line, sato.record) == ("佐藤", 11, 2)


def test_utf16_with_bom_and_apple_item_labels() -> None:
    lena, ichiro = cards("google_v30_utf16le_bom.vcf")
    assert lena.full_name == "Lena Groß"
    assert [(e.value, e.kind) for e in lena.emails] == [("lena.gross@example.de", "arbeit")]
    assert lena.addresses[0].country == "DE"
    assert ("Categories", "myContacts, Kunden") in lena.extras
    assert (ichiro.phonetic_family, ichiro.phonetic_given) == ("すずき", "いちろう")


def test_iphone_line_ends_year_less_birthday_and_folded_photo() -> None:
    (card,) = cards("iphone_v30_crcrlf.vcf")
    assert card.full_name == "Siobhan O'Brien"
    assert [u.kind for u in card.urls] == ["homepage"]
    assert card.addresses[0].street == "Custom House Quay 1, Dock 3"
    assert card.birthday is not None and card.birthday.value == "--03-21"
    assert card.problems == []


def test_vcard_40_sort_as_tel_uri_label_parameter_and_zone() -> None:
    maria, jake = cards("rfc6350_v40.vcf")
    assert (maria.phonetic_family, maria.phonetic_given) == ("Garcia Lopez", "Maria Jose")
    assert [p.value for p in maria.phones] == ["+34-91-555-0100;ext=204", "+34-600-123-456"]
    assert maria.addresses[0].street == "Paseo de la Castellana 100"  # folded mid-value
    assert maria.addresses[0].label.splitlines()[1] == "28046 Madrid"
    assert (maria.timezone, maria.language, maria.birthday.value if maria.birthday else "") == (
        "Europe/Madrid",
        "es",
        "--0415",
    )
    assert maria.notes == ["Interested in the 2027 framework agreement, wants a call in Spanish."]
    assert jake.record == 2


def test_broken_records_are_reported_where_they_are_and_the_rest_is_read() -> None:
    items = list(read_vcards((DATA / "broken_records.vcf").read_bytes()))
    read = [i for i in items if isinstance(i, Card)]
    assert [c.full_name for c in read] == [
        "Anna Schmidt",
        "Conference Room",
        "",
        "Bob Stone",
        "Carla Broken Photo",
        "Désirée Lefèvre",
        "Cut Off Carl",
    ]
    problems = {(p.record, p.line): p.message for c in read for p in c.problems}
    assert "is no vCard property" in problems[(2, 10)]
    assert "is no vCard property" in problems[(2, 11)]
    assert "base64" in problems[(5, 29)]
    assert "not valid UTF-8" in problems[(6, 33)]
    assert "no END:VCARD" in problems[(7, 36)]
    assert read[5].full_name == "Désirée Lefèvre"  # read as Windows-1252 after all


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        (b"A:1\r\nB:2\r\n", [(1, b"A:1"), (2, b"B:2")]),
        (b"NOTE:long\r\n  line\r\n\tend\r\n", [(1, b"NOTE:long line" + b"end")]),
        (
            b"NOTE;QUOTED-PRINTABLE:a=\r\nb=\r\n\r\nc\r\nX:1",
            [(1, b"NOTE;QUOTED-PRINTABLE:abc"), (5, b"X:1")],
        ),
        (
            b"PHOTO;ENCODING=BASE64:AAAA\nBBBB\n\nX:1",
            [(1, b"PHOTO;ENCODING=BASE64:AAAABBBB"), (4, b"X:1")],
        ),
        (b"A:1\r\r\nB:2", [(1, b"A:1"), (2, b"B:2")]),
    ],
)
def test_unfolding_keeps_the_first_line_number(raw: bytes, lines: list[tuple[int, bytes]]) -> None:
    assert list(logical_lines(raw)) == lines


def test_content_lines_with_groups_bare_and_quoted_parameters() -> None:
    prop = parse_line(3, b'item1.TEL;TYPE="work,voice";PREF;X-A="a:b":+1 555')
    assert not isinstance(prop, Problem)
    assert (prop.group, prop.name, prop.raw) == ("item1", "TEL", b"+1 555")  # type: ignore[union-attr]
    assert prop.params["TYPE"] == ["work", "voice", "PREF"]  # type: ignore[union-attr]
    assert prop.param("X-A") == "a:b"  # type: ignore[union-attr]


def test_text_escapes_and_structured_values() -> None:
    assert unescape(r"a\, b\; c\\d\ne") == "a, b; c\\d\ne"
    assert components(r"Gump;Sales Dept.\;Manager;") == ["Gump", "Sales Dept.;Manager", ""]


def test_detection_and_counting() -> None:
    data = (DATA / "google_v30_utf16le_bom.vcf").read_bytes()
    assert looks_like_vcard(data) and count_cards(data) == 2
    assert not looks_like_vcard((DATA / "google_contacts.csv").read_bytes())


def test_an_agent_card_inside_a_card_is_not_a_card_of_its_own() -> None:
    data = b"BEGIN:VCARD\nFN:Boss\nAGENT:\nBEGIN:VCARD\nFN:Assistant\nEND:VCARD\nEND:VCARD\n"
    read = [c for c in read_vcards(data) if isinstance(c, Card)]
    assert [c.full_name for c in read] == ["Boss"]
