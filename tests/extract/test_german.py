"""German notes: verb second or last, separable verbs, formal 'Sie', the same dates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup.extract import extract

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 15, tzinfo=BERLIN)


def found(text: str) -> list[tuple[str, str | None, str, str | None, bool]]:
    result = extract(text, MONDAY, BERLIN, ["Anna"], ["Frau Weber", "Herr Meier"], "de")
    return [(c.owner.value, c.who, c.what, c.due, c.agreed) for c in result.commitments]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ich schicke Ihnen das Angebot bis Freitag.",
         ("us", "Anna", "Angebot schicken", "2026-11-27", False)),
        ("Frau Weber meldet sich nächste Woche.",
         ("them", "Frau Weber", "melden", "2026-12-04", False)),
        ("Wir rufen Sie am Montag an.", ("us", None, "anrufen", "2026-11-30", False)),
        ("Wir werden die Präsentation bis morgen überarbeiten.",
         ("us", None, "Präsentation überarbeiten", "2026-11-24", False)),
        ("Frau Weber bestätigt den Termin innerhalb von drei Tagen.",
         ("them", "Frau Weber", "Termin bestätigen", "2026-11-26", False)),
        ("Das Protokoll schicke ich Ihnen heute Abend.",
         ("us", "Anna", "Protokoll schicken", "2026-11-23", False)),
        ("Frau Weber: Ich prüfe das intern und gebe Ihnen bis Donnerstag Bescheid.",
         ("them", "Frau Weber", "prüfen und Bescheid geben", "2026-11-26", True)),
        ("Herr Meier sendet uns die Stückliste bis zum 15.",
         ("them", "Herr Meier", "Stückliste senden", "2026-12-15", False)),
        ("Wir liefern die Muster in der KW 50.",
         ("us", None, "Muster liefern", "2026-12-11", False)),
    ],
)  # fmt: skip
def test_german_promises(text: str, expected: tuple[str, str | None, str, str, bool]) -> None:
    assert found(text) == [expected]


def test_a_request_taken_on_and_an_offer_declined() -> None:
    text = (
        "Anna: Könnten Sie uns die Unterlagen bis Ende des Monats schicken?\n"
        "Frau Weber: Ja, gerne.\n"
        "Anna: Sollen wir eine Demo vorbereiten?\n"
        "Frau Weber: Nein, danke.\n"
    )
    assert found(text) == [("them", "Frau Weber", "Unterlagen schicken", "2026-11-30", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Herr Meier hat die Unterlagen bereits geschickt.",
        "Eventuell kommt er im Frühjahr vorbei.",
        "Eine Erweiterung wäre später denkbar.",
        "Thema Lagerautomatisierung: kein Bedarf.",
    ],
)
def test_german_non_promises(text: str) -> None:
    assert found(text) == []
