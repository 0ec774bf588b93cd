"""Records of every editable kind, set up with the real CLI, for the version tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.cli.deal_helpers import german_account
from tests.conftest import Cli

YEAR = datetime.now(UTC).year + 1  # dates in the future, whenever the tests run

Setup = Callable[[Cli, Path], None]


def hans(cli: Cli, _: Path) -> None:
    german_account(cli)


def hans_with_promise(cli: Cli, tmp: Path) -> None:
    hans(cli, tmp)
    cli("commit", "add", "Hans Braun", "send the offer", "--owner", "us", "--due", f"{YEAR}-01-10")


def with_tiers(cli: Cli, tmp: Path) -> None:
    hans(cli, tmp)
    cli("tier", "add", "gold", "--response", "4h")
    cli("tier", "add", "silver", "--response", "1d")


def with_request(cli: Cli, tmp: Path) -> None:
    hans(cli, tmp)
    cli("request", "add", "Braun Maschinenbau GmbH", "The sensor is down", "--from", "Hans Braun")


def with_deal(cli: Cli, tmp: Path) -> None:
    hans(cli, tmp)
    cli("deal", "add", "Braun Maschinenbau GmbH", "Retrofit", "--contact", "Hans Braun")
    cli("plan", "add", "1", "Site visit", "--due", f"{YEAR}-02-02")


def with_deal_to_decide(cli: Cli, tmp: Path) -> None:
    """A deal with an expected decision and no template yet: one can be laid out."""
    with_deal(cli, tmp)
    cli("deal", "move", "1", "--decision-by", f"{YEAR}-06-30")


def with_webhook(cli: Cli, _: Path) -> None:
    cli("webhook", "add", "https://hooks.example/followup")


def with_template(cli: Cli, tmp: Path) -> None:
    path = tmp / "pilot.toml"
    path.write_text(
        '[templates.pilot]\nname = "Pilot"\nplan = "decision"\n'
        '[[templates.pilot.steps]]\nkey = "go"\ntitle = "Go"\nside = "them"\ndays = 1\n',
        encoding="utf-8",
    )
    cli("plan", "template", "add", str(path))


def with_culture_edit(cli: Cli, _: Path) -> None:
    cli("culture", "edit", "de", "--set", "min_gap_days=9")
