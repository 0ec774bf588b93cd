"""One account, the same people and history, in two cultures: its agenda before and after
the customer agrees a rhythm (the closing scenario of the intelligence issue)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import Clock, agenda
from tests.conftest import Cli

MONDAY = "2026-11-23T08:00"


def vogt(cli: Cli, culture: str) -> None:
    """A packaging-machine maker deliberating on an offer: met on 26 Oct, promised to
    confirm the budget by 13 Nov, silent since; two emails of ours unanswered."""
    cli("account", "add", "Vogt Verpackung", "--country", "DE", "--culture", culture)
    cli(
        "person", "add", "Thomas Vogt", "--account", "Vogt Verpackung", "--stage", "prospect",
        "--role", "decision_maker", "--email", "thomas@vogt.example",
    )  # fmt: skip
    cli("person", "add", "Petra Lang", "--account", "Vogt Verpackung", "--stage", "prospect",
        "--role", "champion")  # fmt: skip
    cli(
        "log", "Thomas Vogt", "--kind", "meeting", "--at", "2026-10-26T10:00", "--outcome",
        "reached", "--notes", "Walked through the offer for line 3",
        "--they", "confirm the budget by 2026-11-13",
    )  # fmt: skip
    for day in ("2026-11-10", "2026-11-17"):
        cli("log", "Thomas Vogt", "--kind", "email", "--at", f"{day}T09:00", "--yes")


def thomas(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["kind"]: i for i in items if i["person"]["name"] == "Thomas Vogt"}


@pytest.fixture
def clocked(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, "2026-11-23T07:00:00+00:00")
    return cli


@pytest.mark.parametrize(
    ("culture", "before", "after"),
    [
        ("de", {"their_commitment"}, {"their_commitment", "going_dark"}),
        ("us", {"their_commitment", "going_dark"}, {"their_commitment", "going_dark"}),
    ],
)
def test_one_accounts_agenda_before_and_after_an_agreement(
    clocked: Cli, culture: str, before: set[str], after: set[str]
) -> None:
    vogt(clocked, culture)
    first = thomas(agenda(clocked, MONDAY))
    assert set(first) == before
    if culture == "de":  # dark after 2 attempts, but not before the 10-day gap (27 Nov)
        assert first["their_commitment"]["warnings"] == [
            "too soon: the de default is at most every 10 days, last contact 6 days ago — "
            "next contact welcome from Fri 27 Nov",
            "etiquette (de): avoid chasing more often than agreed; it reads as pressure.",
        ]
        assert first["their_commitment"]["suggestion"].startswith(
            "Hold off until Fri 27 Nov, as the de default gap asks; then ask Thomas Vogt"
        )
    clocked(
        "agree", "Thomas Vogt", "--every", "10d", "--min-gap", "5d", "--max", "3w",
        "--channel", "phone", "--on", "2026-11-23",
    )  # fmt: skip
    second = thomas(agenda(clocked, MONDAY))
    assert set(second) == after
    for item in second.values():
        assert item["channel"] == "phone"  # the agreed channel
    dark = second["going_dark"]
    assert "Petra Lang (champion, not contacted yet)" in dark["suggestion"]
    if culture == "de":
        assert dark["reason"] == (
            "2 attempts without a reply since Tue 10 Nov; the de profile counts a contact as "
            "gone dark after 2."
        )
        assert dark["due"] == "2026-11-22T08:00:00+00:00"  # the agreed 5-day gap, not 10
    else:
        assert dark["reason"] == (
            "No reply since Mon 26 Oct (28 days ago); the us profile allows 3 weeks of "
            "silence (its usual deliberation) before calling a contact dark."
        )
        assert first["going_dark"]["due"] == "2026-11-19T08:00:00+00:00"  # us gap: 2 days
        assert first["their_commitment"]["warnings"] == []
