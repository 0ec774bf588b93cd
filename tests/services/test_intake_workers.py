"""A large file read by a second process gives exactly what reading it in-process gives:
the same contacts, fingerprints and problems, with the records and lines of the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.domain.cards import Card
from followup.domain.intake import IntakeDefaults
from followup.formats.vcard import prepared, read_vcards, split_cards
from followup.services import intake_workers
from followup.services.intake_workers import in_parallel, understood

DATA = Path(__file__).parent.parent / "data" / "intake"
DEFAULTS = IntakeDefaults("DE", "Europe/Berlin")


def test_parts_in_a_worker_match_the_file_read_in_one_go(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"".join(
        (DATA / name).read_bytes()
        for name in ("rfc6350_v40.vcf", "broken_records.vcf", "iphone_v30_crcrlf.vcf")
    )
    monkeypatch.setattr(intake_workers, "PART", 2)  # many small parts
    expected = [
        item if not isinstance(item, Card) else understood(item, DEFAULTS, "ctx")
        for item in read_vcards(data)
    ]
    assert list(in_parallel(*prepared(data), DEFAULTS, "ctx", workers=1)) == expected
    problems = [p for item in expected if isinstance(item, tuple) for p in item[2]]
    before = (DATA / "rfc6350_v40.vcf").read_bytes().count(b"\n")  # 2 cards in those lines
    assert (problems[0].record, problems[0].line) == (4, before + 10)  # in the whole file


def test_parts_are_cut_after_a_card_never_inside_an_agent() -> None:
    agent = (
        b"BEGIN:VCARD\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Aide\r\nEND:VCARD\r\nEND:VCARD\r\n"
    )
    plain = b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n"
    parts = split_cards(agent + plain + plain, 1)
    assert parts == [agent, plain, plain]
