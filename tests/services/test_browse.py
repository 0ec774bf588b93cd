"""Listing people page by page: the count stops at a cap instead of scanning every match."""

from __future__ import annotations

from followup.services.browse import browse_people
from followup.services.workspace import Workspace
from tests.conftest import Cli


def test_the_count_is_exact_up_to_the_cap_and_a_lower_bound_beyond(
    db_url: str, workspace: Workspace
) -> None:
    Cli(db_url)("demo")
    everyone = browse_people(workspace, limit=500)
    assert everyone["total_exact"] and everyone["total"] == len(everyone["people"]) >= 30
    capped = browse_people(workspace, limit=10, count_cap=12)
    assert (capped["total"], capped["total_exact"]) == (12, False)
    assert len(capped["people"]) == 10
    last = browse_people(workspace, limit=10, offset=everyone["total"] - 3, count_cap=12)
    assert [p["id"] for p in last["people"]] == [p["id"] for p in everyone["people"][-3:]]
    exact = browse_people(workspace, stage="customer", count_cap=len(everyone["people"]))
    assert exact["total_exact"]
