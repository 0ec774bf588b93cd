"""A long-running process keeps one workspace (each worker of `followup serve` does): an
admin's culture edit made through another process reaches it at its next request, and
a copy acting for a user does not keep the edit to itself. Both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from followup.services import cultures
from followup.services.workspace import Workspace
from followup.store import directory
from tests.conftest import Cli


@pytest.fixture
def two_workers(db_url: str, cli: Cli) -> Iterator[tuple[Workspace, Workspace]]:
    """Two processes' workspaces on one database (`cli` gives it its first user, an admin)."""
    first, second = Workspace.open(db_url), Workspace.open(db_url)
    yield first, second
    first.engine.dispose()
    second.engine.dispose()


def gap(ws: Workspace, key: str = "de") -> int:
    return ws.cultures.profiles[key].min_gap_days


def an_admin(ws: Workspace) -> str:
    with ws.engine.connect() as conn:
        return directory.all_users(conn)[0].name


def test_an_edit_through_one_worker_reaches_the_other(
    two_workers: tuple[Workspace, Workspace],
) -> None:
    first, second = two_workers
    shipped = gap(second)
    admin = an_admin(first)
    cultures.edit_profile(first, "de", ["min_gap_days=11"], [], datetime.now(UTC), admin)
    assert gap(first) == 11
    assert gap(second) == shipped  # not read again until asked
    assert gap(second.fresh()) == 11
    cultures.reset_profile(second, "de", [], datetime.now(UTC))
    assert gap(first.fresh()) == shipped


def test_a_profile_created_elsewhere_cannot_be_created_again(
    two_workers: tuple[Workspace, Workspace],
) -> None:
    first, second = two_workers
    admin = an_admin(first)
    new = ["name=Nordic countries", "countries=SE"]
    cultures.edit_profile(first, "nordics", new, [], datetime.now(UTC), admin, create=True)
    assert "nordics" in second.fresh().cultures.profiles
    with pytest.raises(Exception, match="already exists"):
        cultures.edit_profile(second, "nordics", new, [], datetime.now(UTC), admin, create=True)


def test_an_edit_made_acting_for_a_user_stays_in_force(
    two_workers: tuple[Workspace, Workspace],
) -> None:
    shared = two_workers[0]
    with shared.engine.connect() as conn:
        admin = directory.all_users(conn)[0]
    acting = shared.acting_as(admin)
    cultures.edit_profile(acting, "de", ["min_gap_days=12"], [], datetime.now(UTC), admin.name)
    assert gap(shared.fresh()) == 12


def test_nothing_is_read_again_while_the_edits_stay_put(
    two_workers: tuple[Workspace, Workspace],
) -> None:
    ws = two_workers[0]
    book = ws.cultures
    assert ws.fresh().cultures is book
