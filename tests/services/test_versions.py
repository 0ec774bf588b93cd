"""Every editable record carries a version: an edit of the version a client read wins once,
a second edit of that same version is refused (Stale, naming the record and the version,
nothing written), and an edit that gives no version is made as before.

Each record type is a case: how to set it up (with the real CLI), read its version, and
edit or close it through its service. Both backends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from followup.domain.errors import FollowupError, Stale
from followup.domain.model import Status
from followup.domain.plans import MilestoneStatus
from followup.services import (
    contact,
    cultures,
    deals,
    directory,
    people,
    plan_templates,
    plans,
    reminders,
    service_levels,
    team,
)
from followup.services.workspace import Workspace
from tests.cli.helpers import rows
from tests.cli.version_helpers import (
    YEAR,
    Setup,
    hans,
    hans_with_promise,
    with_culture_edit,
    with_deal,
    with_request,
    with_template,
    with_tiers,
    with_webhook,
)
from tests.conftest import Cli


def now() -> datetime:
    return datetime.now(UTC)


Read = Callable[[Workspace], int]
Change = Callable[[Workspace, int | None, int], Any]  # (workspace, version, take) -> ...


@dataclass
class Case:
    record: str  # how the refusal names it
    setup: Setup
    read: Read
    change: Change  # take 0, 1, 2, ...: each take changes something else


def person_version(ws: Workspace) -> int:
    return int(people.show_person(ws, "1")["version"])


def deal_version(ws: Workspace) -> int:
    return int(deals.show_deal(ws, "1", now())["version"])


def milestone_version(ws: Workspace) -> int:
    return int(deals.show_deal(ws, "1", now())["milestones"][0]["version"])


def account_version(ws: Workspace) -> int:
    return int(directory.show_account(ws, "1")["version"])


def tier_version(ws: Workspace) -> int:
    return int(next(t for t in service_levels.list_tiers(ws) if t["name"] == "gold")["version"])


def prefs(ws: Workspace, version: int | None, **changes: Any) -> dict[str, Any]:
    wanted = reminders.PreferenceChanges(**changes, version=version)
    return reminders.preferences(ws, None, "anna", wanted, now())


EDITS = {
    "person": Case(
        "person #1",
        hans,
        person_version,
        lambda ws, v, n: people.edit_person(
            ws, "1", people.PersonFields(notes=f"take {n}", version=v), now()
        ),
    ),
    "agreement": Case(
        "person #1",
        hans,
        person_version,
        lambda ws, v, n: contact.agree(ws, "1", 14 + n, now(), version=v),
    ),
    "snooze": Case(
        "person #1",
        hans,
        person_version,
        lambda ws, v, n: contact.snooze(ws, "1", f"{YEAR}-01-{10 + n}", now(), "anna", v),
    ),
    "user": Case(
        "user anna",
        hans,
        lambda ws: int(team.team(ws)[0]["version"]),
        lambda ws, v, n: team.edit_user(
            ws, "anna", team.UserChanges(timezone=("Europe/Paris", "Asia/Tokyo")[n % 2], version=v)
        ),
    ),
    "account": Case(
        "account Braun Maschinenbau GmbH",
        hans,
        account_version,
        lambda ws, v, n: directory.edit_account(
            ws, "1", directory.AccountChanges(tier=f"take {n}", version=v), now()
        ),
    ),
    "account's tier": Case(
        "account Braun Maschinenbau GmbH",
        with_tiers,
        account_version,
        lambda ws, v, n: service_levels.set_tier(ws, "1", ("gold", "silver")[n % 2], v),
    ),
    "deal": Case(
        "deal #1",
        with_deal,
        deal_version,
        lambda ws, v, n: deals.move_deal(
            ws, "1", now(), decision_by=f"{YEAR}-0{3 + n}-01", version=v
        ),
    ),
    "milestone": Case(
        "milestone #1",
        with_deal,
        milestone_version,
        lambda ws, v, n: plans.slip_milestone(ws, 1, f"{YEAR}-0{3 + n}-02", now(), v),
    ),
    "tier": Case(
        "tier 'gold'",
        with_tiers,
        tier_version,
        lambda ws, v, n: service_levels.save_tier(
            ws, "gold", now(), 60 * (n + 1), None, None, None, False, v
        ),
    ),
    "reminder preferences": Case(
        "the reminder preferences of anna",
        hans,
        lambda ws: int(prefs(ws, None)["version"]),
        lambda ws, v, n: prefs(ws, v, digest_at=f"0{7 + n}:30"),
    ),
    "culture profile": Case(
        "culture profile 'de'",
        hans,
        lambda ws: int(cultures.show_profile(ws, "de")["version"]),
        lambda ws, v, n: cultures.edit_profile(
            ws, "de", [f"min_gap_days={5 + n}"], [], now(), "anna", version=v
        ),
    ),
}


@pytest.mark.parametrize("kind", EDITS)
def test_of_two_edits_of_one_version_the_second_is_refused_and_writes_nothing(
    kind: str, cli: Cli, workspace: Workspace, db_url: str, tmp_path: Path
) -> None:
    case = EDITS[kind]
    case.setup(cli, tmp_path)
    read = case.read(workspace)
    case.change(workspace, read, 0)  # the first editor of version `read` wins
    assert case.read(workspace) == read + 1
    before = rows(db_url)
    with pytest.raises(Stale) as refused:
        case.change(workspace, read, 1)  # the second had read the same version
    assert refused.value.message == (
        f"{case.record} was changed by someone else since version {read}: "
        "reload and make your change again"
    )
    assert rows(db_url) == before
    case.change(workspace, read + 1, 1)  # after a reload it goes through
    case.change(workspace, None, 0)  # no version given: no check, as before
    assert case.read(workspace) == read + 3


def commitment_version(ws: Workspace) -> int:
    return int(contact.commitments_for(ws, "1")["commitments"][0]["version"])


def request_version(ws: Workspace) -> int:
    return int(service_levels.list_requests(ws, now(), everything=True)[0]["version"])


def template_version(ws: Workspace) -> int:
    listed = plan_templates.list_templates(ws)
    return int(next(t for t in listed if t["key"] == "pilot")["version"])


@dataclass
class Closing:
    record: str
    setup: Setup
    read: Read
    close: Callable[[Workspace, int | None], Any]
    again: str  # what closing it a second time says


CLOSES = {
    "commitment done": Closing(
        "commitment #1",
        hans_with_promise,
        commitment_version,
        lambda ws, v: contact.close_commitment(ws, 1, Status.DONE, now(), v),
        "commitment 1 is already done",
    ),
    "commitment dropped": Closing(
        "commitment #1",
        hans_with_promise,
        commitment_version,
        lambda ws, v: contact.close_commitment(ws, 1, Status.DROPPED, now(), v),
        "commitment 1 is already dropped",
    ),
    "request answered": Closing(
        "request #1",
        with_request,
        request_version,
        lambda ws, v: service_levels.close_request(ws, 1, now(), "anna", None, None, v),
        "request 1 was already answered",
    ),
    "milestone done": Closing(
        "milestone #1",
        with_deal,
        milestone_version,
        lambda ws, v: plans.close_milestone(ws, 1, MilestoneStatus.DONE, now(), v),
        "milestone #1 (Site visit) is already done",
    ),
    "deal lost": Closing(
        "deal #1",
        with_deal,
        deal_version,
        lambda ws, v: deals.lose_deal(ws, "1", "no budget", now(), v),
        "deal #1 (Retrofit) is already lost",
    ),
    "deal won": Closing(
        "deal #1",
        with_deal,
        deal_version,
        lambda ws, v: deals.win_deal(ws, "1", now(), version=v),
        "deal #1 (Retrofit) is already won",
    ),
    "webhook removed": Closing(
        "webhook #1",
        with_webhook,
        lambda ws: int(reminders.list_webhooks(ws, None, "anna")[0]["version"]),
        lambda ws, v: reminders.remove_webhook(ws, 1, now(), version=v),
        "unknown webhook #1",
    ),
    "plan template removed": Closing(
        "plan template 'pilot'",
        with_template,
        template_version,
        lambda ws, v: plan_templates.remove_template(ws, "pilot", v),
        "unknown team template 'pilot'",
    ),
    "culture profile reset": Closing(
        "culture profile 'de'",
        with_culture_edit,
        lambda ws: int(cultures.show_profile(ws, "de")["version"]),
        lambda ws, v: cultures.reset_profile(ws, "de", [], now(), v),
        "culture profile 'de' has no workspace edits to reset",
    ),
}


@pytest.mark.parametrize("kind", CLOSES)
def test_a_close_checks_the_version_and_closing_twice_is_refused(
    kind: str, cli: Cli, workspace: Workspace, db_url: str, tmp_path: Path
) -> None:
    case = CLOSES[kind]
    case.setup(cli, tmp_path)
    read = case.read(workspace)
    before = rows(db_url)
    with pytest.raises(Stale) as stale:
        case.close(workspace, read + 1)  # not the version it is at
    assert stale.value.message.startswith(f"{case.record} was changed by someone else since")
    assert rows(db_url) == before
    case.close(workspace, read)
    after = rows(db_url)
    with pytest.raises(FollowupError) as again:
        case.close(workspace, read)  # a second client, who read the same version
    assert again.value.message.startswith(case.again)
    with pytest.raises(FollowupError) as unversioned:
        case.close(workspace, None)  # without a version: still closed once only
    assert unversioned.value.message.startswith(case.again)
    assert rows(db_url) == after
