"""Shortcuts shared by the reminder tests: a notify run, the ledger's rows, the agenda's
failing-channel items, and a customer with promises on both sides."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text

from followup.store.engine import make_engine
from tests.cli.helpers import doc
from tests.conftest import Cli


@dataclass
class Run:
    """What `followup notify --json` printed, said on stderr and exited with."""

    report: dict[str, Any]
    stderr: str
    exit_code: int

    def __getitem__(self, key: str) -> Any:
        return self.report[key]


def notify_at(cli: Cli, moment: datetime | str) -> Run:
    when = moment.isoformat() if isinstance(moment, datetime) else moment
    result = cli("notify", "--at", when, "--json", ok=False)
    return Run(json.loads(result.stdout), result.stderr, result.exit_code)


def ledger_rows(url: str) -> list[tuple[str, str, int]]:
    """(key, status, attempts) of every reminder, in the order they were planned."""
    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT key, status, attempts FROM reminders ORDER BY id"))
        result = [(str(k), str(s), int(a)) for k, s, a in found]
    engine.dispose()
    return result


def failing_items(cli: Cli, when: str, *options: str) -> list[dict[str, Any]]:
    items = doc(cli, "today", "--at", when, *options)["items"]
    return [i for i in items if i["kind"] == "channel_failing"]


def customer_with_promises(cli: Cli, *account: str) -> None:
    """Hans Braun (DE), agreed every 14 days by phone, last reached Fri 6 Nov; we owe the
    revised offer by Fri 20 Nov, he owes the budget by Wed 18 Nov."""
    cli("person", "add", "Hans Braun", "--country", "DE", *account)
    cli("agree", "Hans Braun", "--every", "14d", "--channel", "phone")
    cli(
        "log", "Hans Braun", "--at", "2026-11-06T10:00", "--outcome", "reached",
        "--we", "send the revised offer by 2026-11-20", "--they", "confirm budget by 2026-11-18",
    )  # fmt: skip
