"""Shared set-up for the deal tests: a Japanese and a German account with their people."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.cli.helpers import doc
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"  # Monday, 08:00 in Berlin, 16:00 in Tokyo


def japanese_account(cli: Cli) -> None:
    cli("account", "add", "Tanaka Seiki KK", "--country", "JP")
    cli("person", "add", "Keiko Tanaka", "--account", "Tanaka Seiki KK",
        "--email", "keiko@tanaka.example")  # fmt: skip
    cli("person", "add", "Hiroshi Sato", "--account", "Tanaka Seiki KK")


def german_account(cli: Cli) -> None:
    cli("account", "add", "Braun Maschinenbau GmbH", "--country", "DE")
    cli("person", "add", "Hans Braun", "--account", "Braun Maschinenbau GmbH",
        "--email", "hans@braun.example")  # fmt: skip


def japanese_deal(cli: Cli, *extra: str) -> dict[str, Any]:
    japanese_account(cli)
    return doc(
        cli, "deal", "add", "Tanaka Seiki KK", "Line 3 monitoring",
        "--contact", "keiko@tanaka.example", "--role", "champion",
        "--contact", "Hiroshi Sato", "--role", "decision_maker",
        "--value", "12000000", "--currency", "JPY",
        "--notes", "Internal: they would pay up to 15M.", *extra,
    )  # fmt: skip


def steps(deal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The deal's milestones by their template step key."""
    return {m["step"]: m for m in deal["milestones"] if m["step"]}


def day(iso: str) -> date:
    return date.fromisoformat(iso)
