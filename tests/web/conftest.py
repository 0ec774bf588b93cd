"""A workspace with a shared deal, served by a real HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from followup.services.workspace import Workspace
from followup.web.shared_plan import shared_app
from tests.cli.deal_helpers import german_account, japanese_deal
from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.server import serving

SECRET_NOTE = "Internal: they would pay up to 15M."
STEP_NOTE = "Internal: Sato is sceptical, go through Keiko."


@dataclass
class Shared:
    base: str  # the server's base URL
    url: str  # the shared page of deal 1
    token: str
    cli: Cli
    ws: Workspace


@pytest.fixture
def shared(cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shared]:
    """Deal 1 (Japanese, with a plan and internal notes) shared; deal 2 (German) not."""
    year = datetime.now(UTC).year + 1
    japanese_deal(cli, "--decision-by", f"{year}-04-30", "--template", "japan_consensus")
    cli("plan", "add", "1", "Site visit <b>&</b> “demo”", "--due", f"{year}-02-01",
        "--notes", STEP_NOTE)  # fmt: skip
    german_account(cli)
    cli("deal", "add", "Braun Maschinenbau GmbH", "Retrofit Braun", "--contact", "Hans Braun",
        "--value", "480000", "--currency", "EUR")  # fmt: skip
    cli("deal", "add", "Tanaka Seiki KK", "Other Tanaka deal", "--contact", "Hiroshi Sato")
    with serving(shared_app(workspace)) as base:
        monkeypatch.setenv("FOLLOWUP_BASE_URL", base)
        link = doc(cli, "plan", "share", "1")
        url = str(link["url"])
        assert url.startswith(f"{base}/shared/")
        yield Shared(base, url, url.rsplit("/", 1)[1], cli, workspace)
