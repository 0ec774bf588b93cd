"""The wording of the agenda's sentences."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.domain.model import Channel
from followup.domain.reasons import ago, distance_warnings, lateness, promise_phrase
from tests.domain.builders import agreed, dossier, person


@pytest.mark.parametrize(
    ("what", "phrase"),
    [
        ("send the deck", "to send the deck"),
        ("Send the deck", "to Send the deck"),
        ("call Hans about the SLA", "to call Hans about the SLA"),
        ("review  the contract", "to review  the contract"),
        ("revised proposal", "revised proposal"),
        ("the purchase order", "the purchase order"),
        ("sending the deck", "sending the deck"),
        ("", ""),
    ],
)
def test_promise_phrase_reads_imperatives_as_to_infinitives(what: str, phrase: str) -> None:
    assert promise_phrase(what) == phrase


@pytest.mark.parametrize(
    ("days", "text"),
    [(-3, "due today"), (0, "due today"), (1, "1 day overdue"), (3, "3 days overdue")],
)
def test_lateness(days: int, text: str) -> None:
    assert lateness(days) == text


@pytest.mark.parametrize(
    ("days", "text"), [(-1, "today"), (0, "today"), (1, "yesterday"), (2, "2 days ago")]
)
def test_ago(days: int, text: str) -> None:
    assert ago(days) == text


@pytest.mark.parametrize(
    ("tz", "at", "expected"),
    [
        # Lord Howe in its southern summer: +11 against Berlin's +1.
        (
            "Australia/Lord_Howe",
            datetime(2026, 1, 15, 9, tzinfo=UTC),
            "P is in Australia/Lord_Howe, 10 h ahead of you: their 09:00–18:00 is "
            "23:00–08:00 your time",
        ),
        # Chatham: +13:45 against +1.
        (
            "Pacific/Chatham",
            datetime(2026, 1, 15, 9, tzinfo=UTC),
            "P is in Pacific/Chatham, 12.75 h ahead of you: their 09:00–18:00 is "
            "20:15–05:15 your time",
        ),
        ("Europe/London", datetime(2026, 1, 15, 9, tzinfo=UTC), None),
        ("Europe/Berlin", datetime(2026, 1, 15, 9, tzinfo=UTC), None),
    ],
)
def test_distance_warnings_in_live_channels(tz: str, at: datetime, expected: str | None) -> None:
    case = dossier(person("P", tz=tz), agreed(14, None, Channel.PHONE))
    berlin = ZoneInfo("Europe/Berlin")
    assert distance_warnings(case, at, berlin, Channel.PHONE) == ([expected] if expected else [])
    assert distance_warnings(case, at, berlin, Channel.EMAIL) == []
