"""`--if-version N` on every edit command: the version comes from `show`/`list --json`; an
edit of a version someone changed since prints one `error:` line, exits 1 and writes
nothing. And two real `followup` processes editing one version: exactly one wins."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_error, assert_usage_error, doc, rows
from tests.cli.version_helpers import (
    YEAR,
    Setup,
    hans,
    hans_with_promise,
    with_culture_edit,
    with_deal,
    with_deal_to_decide,
    with_request,
    with_template,
    with_tiers,
    with_webhook,
)
from tests.conftest import Cli

Version = Callable[[dict[str, Any]], int]


@dataclass
class Command:
    record: str  # how the refusal names it
    setup: Setup
    read: tuple[str, ...]  # the command whose --json shows the version
    version: Version  # where in its document
    edit: Callable[[int], tuple[str, ...]]  # take 0, 1, ...: each changes something else


def own(document: dict[str, Any]) -> int:
    return int(document["version"])


def first_milestone(document: dict[str, Any]) -> int:
    return int(document["milestones"][0]["version"])


def gold(document: dict[str, Any]) -> int:
    return int(next(t for t in document["tiers"] if t["name"] == "gold")["version"])


ACCOUNT = "account Braun Maschinenbau GmbH"
EDITS = {
    "person edit": Command(
        "person #1", hans, ("person", "show", "1"), own,
        lambda n: ("person", "edit", "1", "--notes", f"take {n}"),
    ),
    "agree": Command(
        "person #1", hans, ("person", "show", "1"), own,
        lambda n: ("agree", "1", "--every", f"{14 + n}d"),
    ),
    "snooze": Command(
        "person #1", hans, ("person", "show", "1"), own,
        lambda n: ("snooze", "1", "--until", f"{YEAR}-01-1{n}"),
    ),
    "user edit": Command(
        "user anna", hans, ("user", "list"), lambda d: int(d["users"][0]["version"]),
        lambda n: ("user", "edit", "anna", "--tz", ("Europe/Paris", "Asia/Tokyo")[n]),
    ),
    "account edit": Command(
        ACCOUNT, hans, ("account", "show", "1"), own,
        lambda n: ("account", "edit", "1", "--tier", f"take {n}"),
    ),
    "tier set": Command(
        ACCOUNT, with_tiers, ("account", "show", "1"), own,
        lambda n: ("tier", "set", "1", ("gold", "silver")[n]),
    ),
    "tier edit": Command(
        "tier 'gold'", with_tiers, ("tier", "list"), gold,
        lambda n: ("tier", "edit", "gold", "--response", f"{n + 1}h"),
    ),
    "deal move": Command(
        "deal #1", with_deal, ("deal", "show", "1"), own,
        lambda n: ("deal", "move", "1", "--decision-by", f"{YEAR}-0{3 + n}-01"),
    ),
    "plan slip": Command(
        "milestone #1", with_deal, ("deal", "show", "1"), first_milestone,
        lambda n: ("plan", "slip", "1", "--to", f"{YEAR}-0{3 + n}-02"),
    ),
    "prefs": Command(
        "the reminder preferences of anna", hans, ("prefs",), own,
        lambda n: ("prefs", "--digest-at", f"0{7 + n}:30"),
    ),
    "culture edit": Command(
        "culture profile 'de'", hans, ("culture", "show", "de"), own,
        lambda n: ("culture", "edit", "de", "--set", f"min_gap_days={5 + n}"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", EDITS)
def test_a_stale_edit_command_prints_one_error_and_writes_nothing(
    name: str, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    command = EDITS[name]
    command.setup(cli, tmp_path)
    read = command.version(doc(cli, *command.read))
    cli(*command.edit(0), "--if-version", str(read))  # the first editor of `read` wins
    assert command.version(doc(cli, *command.read)) == read + 1
    before = rows(db_url)
    late = cli(*command.edit(1), "--if-version", str(read), ok=False)
    assert_error(late, f"{command.record} was changed by someone else since version {read}")
    assert "reload and make your change again" in late.stderr
    assert rows(db_url) == before
    cli(*command.edit(1), "--if-version", str(read + 1))  # reloaded: it goes through
    cli(*command.edit(0))  # no --if-version: no check
    assert command.version(doc(cli, *command.read)) == read + 3


def one_commitment(document: dict[str, Any]) -> int:
    return int(document["commitments"][0]["version"])


CLOSES = {
    "commit done": Command(
        "commitment #1", hans_with_promise, ("commit", "list", "1"), one_commitment,
        lambda _: ("commit", "done", "1"),
    ),
    "commit drop": Command(
        "commitment #1", hans_with_promise, ("commit", "list", "1"), one_commitment,
        lambda _: ("commit", "drop", "1"),
    ),
    "request done": Command(
        "request #1", with_request, ("request", "list"),
        lambda d: int(d["requests"][0]["version"]), lambda _: ("request", "done", "1"),
    ),
    "plan done": Command(
        "milestone #1", with_deal, ("deal", "show", "1"), first_milestone,
        lambda _: ("plan", "done", "1"),
    ),
    "plan drop": Command(
        "milestone #1", with_deal, ("deal", "show", "1"), first_milestone,
        lambda _: ("plan", "drop", "1"),
    ),
    "deal win": Command(
        "deal #1", with_deal, ("deal", "show", "1"), own, lambda _: ("deal", "win", "1"),
    ),
    "deal lose": Command(
        "deal #1", with_deal, ("deal", "show", "1"), own,
        lambda _: ("deal", "lose", "1", "--reason", "no budget"),
    ),
    "plan add --template": Command(
        "deal #1", with_deal_to_decide, ("deal", "show", "1"), own,
        lambda _: ("plan", "add", "1", "--template", "capital_equipment"),
    ),
    "webhook remove": Command(
        "webhook #1", with_webhook, ("webhook", "list"),
        lambda d: int(d["webhooks"][0]["version"]), lambda _: ("webhook", "remove", "1"),
    ),
    "plan template remove": Command(
        "plan template 'pilot'", with_template, ("plan", "template", "show", "pilot"), own,
        lambda _: ("plan", "template", "remove", "pilot"),
    ),
    "culture reset": Command(
        "culture profile 'de'", with_culture_edit, ("culture", "show", "de"), own,
        lambda _: ("culture", "reset", "de"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CLOSES)
def test_a_close_of_another_version_is_refused_and_writes_nothing(
    name: str, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    command = CLOSES[name]
    command.setup(cli, tmp_path)
    read = command.version(doc(cli, *command.read))
    before = rows(db_url)
    stale = cli(*command.edit(0), "--if-version", str(read + 1), ok=False)
    assert_error(stale, f"{command.record} was changed by someone else since version {read + 1}")
    assert rows(db_url) == before
    cli(*command.edit(0), "--if-version", str(read))
    after = rows(db_url)
    assert cli(*command.edit(0), "--if-version", str(read), ok=False).exit_code == 1
    assert rows(db_url) == after


@pytest.mark.parametrize("value", ["0", "-1", "two", "2147483648"])
def test_if_version_must_be_a_positive_version(value: str, cli: Cli, db_url: str) -> None:
    hans(cli, Path())
    before = rows(db_url)
    result = cli("person", "edit", "1", "--notes", "x", "--if-version", value, ok=False)
    assert_usage_error(result, "--if-version")
    assert rows(db_url) == before


def test_if_version_of_plan_add_goes_with_a_template_only(cli: Cli, db_url: str) -> None:
    with_deal(cli, Path())
    before = rows(db_url)
    step = ("plan", "add", "1", "Offer", "--due", f"{YEAR}-03-03", "--if-version", "1")
    assert_usage_error(cli(*step, ok=False), "--if-version goes with --template")
    assert rows(db_url) == before


def test_every_listing_and_show_carries_the_version(cli: Cli, tmp_path: Path) -> None:
    with_deal(cli, tmp_path)
    cli("tier", "add", "gold", "--response", "4h")
    cli("request", "add", "1", "The sensor is down", "--from", "Hans Braun")
    cli("commit", "add", "1", "call back", "--owner", "them", "--due", f"{YEAR}-01-05")
    cli("content", "add", "Case study", "--topic", "retrofit")
    with_webhook(cli, tmp_path)
    with_template(cli, tmp_path)
    documents = {
        "person list": doc(cli, "person", "list")["people"][0],
        "person show": doc(cli, "person", "show", "1"),
        "commit list": doc(cli, "commit", "list", "1")["commitments"][0],
        "account list": doc(cli, "account", "list")["accounts"][0],
        "account show": doc(cli, "account", "show", "1"),
        "user list": doc(cli, "user", "list")["users"][0],
        "deal list": doc(cli, "deal", "list")["deals"][0],
        "deal show": doc(cli, "deal", "show", "1"),
        "milestone": doc(cli, "deal", "show", "1")["milestones"][0],
        "tier list": doc(cli, "tier", "list")["tiers"][0],
        "request list": doc(cli, "request", "list")["requests"][0],
        "content list": doc(cli, "content", "list")["content"][0],
        "webhook list": doc(cli, "webhook", "list")["webhooks"][0],
        "prefs": doc(cli, "prefs"),
        "culture show": doc(cli, "culture", "show", "de"),
        "culture list": doc(cli, "culture", "show")["profiles"][0],
        "plan template list": doc(cli, "plan", "template", "list")["templates"][0],
    }
    for name, document in documents.items():
        assert isinstance(document.get("version"), int) and document["version"] >= 1, name


def followup(db_url: str, *args: str) -> subprocess.Popen[str]:
    """`followup ARGS` as a process of its own (anna's)."""
    env = {**os.environ, "FOLLOWUP_DB": db_url, "FOLLOWUP_USER": "anna"}
    command = [str(Path(sys.executable).parent / "followup"), *args]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_processes_editing_one_version_exactly_one_wins(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    with_deal(cli, tmp_path)
    read = doc(cli, "deal", "show", "1")["version"]  # both read the deal at this version
    dates = {"first": f"{YEAR}-03-01", "second": f"{YEAR}-04-01"}
    running = {
        name: followup(db_url, "deal", "move", "1", "--decision-by", day, "--if-version", str(read))
        for name, day in dates.items()
    }
    results = {name: (p.wait(timeout=120), *p.communicate()) for name, p in running.items()}
    winners = [name for name, (code, _, _) in results.items() if code == 0]
    losers = [name for name, (code, _, _) in results.items() if code != 0]
    assert len(winners) == 1 and len(losers) == 1, results
    code, out, err = results[losers[0]]
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"error: deal #1 was changed by someone else since version {read}: "
        "reload and make your change again"
    ]
    stored = doc(cli, "deal", "show", "1")
    assert stored["decision_on"] == dates[winners[0]]
    assert stored["version"] == read + 1


def test_account_edit_changes_only_what_is_given(cli: Cli) -> None:
    hans(cli, Path())
    cli("user", "add", "mia", "--tz", "Europe/Vienna")
    edited = doc(cli, "account", "edit", "Braun Maschinenbau GmbH", "--name", "Braun AG",
                 "--country", "at", "--owner", "mia", "--json")  # fmt: skip
    assert (edited["name"], edited["country"], edited["owner"]) == ("Braun AG", "AT", "mia")
    assert (edited["tier"], edited["version"]) == (None, 2)
    cleared = doc(cli, "account", "edit", "Braun AG", "--country", "", "--tier", "gold", "--json")
    assert (cleared["name"], cleared["country"], cleared["tier"]) == ("Braun AG", None, "gold")
    assert [p["name"] for p in cleared["people"]] == ["Hans Braun"]


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        (("--name", "Other GmbH"), "account 'Other GmbH' already exists"),
        (("--name", " "), "account name"),
        (("--country", "XX"), "XX"),
        (("--culture", "atlantis"), "atlantis"),
        (("--owner", "nobody"), "unknown user 'nobody'"),
        (("--tier", "t" * 65), "too long"),
    ],
)
def test_account_edit_refuses_bad_input_and_writes_nothing(
    options: tuple[str, ...], needle: str, cli: Cli, db_url: str
) -> None:
    hans(cli, Path())
    cli("account", "add", "Other GmbH")
    before = rows(db_url)
    assert_error(cli("account", "edit", "1", *options, ok=False), needle)
    assert rows(db_url) == before


def test_account_edit_of_an_unknown_account_is_refused(cli: Cli) -> None:
    assert_error(cli("account", "edit", "Nowhere", "--tier", "gold", ok=False), "unknown account")
