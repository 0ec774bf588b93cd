"""/api/deals: deals through their stages, and the people in each decision. A deal is
sent with its version as the ETag; moving, winning and losing it take it back (If-Match or
`version`), as api/versions.py describes."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Response

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.deal_schemas import (
    Deal,
    DealIn,
    DealLoss,
    DealMove,
    DealPage,
    DealRole,
    DealWin,
)
from followup.api.people import Limit, Offset
from followup.api.versions import IfMatch, expected_version, tagged
from followup.domain.deals import DealStage
from followup.services import deals
from followup.services.browse import one_page
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["deals"])


def _value(stage: DealStage | None) -> str | None:
    return stage.value if stage else None


@router.get("/deals", response_model=DealPage)
def list_deals(
    ws: Workspace = Depends(workspace),
    stage: DealStage | None = None,
    owner: str | None = Query(None, max_length=200),
    account: str | None = Query(None, max_length=300, description="account name or id"),
    closed: bool = Query(False, alias="all", description="include live and lost deals"),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Open deals and those in delivery (all=true adds live and lost), soonest due first."""
    found = deals.list_deals(ws, owner, _value(stage), account, closed)
    return one_page(found, "deals", limit, offset)


@router.post("/deals", status_code=201, response_model=Deal)
def add_deal(
    body: DealIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """A deal at an account with the people in the decision (and a plan from a template)."""
    entry = deals.DealInput(
        str(body.account), body.title, [(str(c.person), c.role.value) for c in body.contacts],
        None if body.value is None else str(body.value), body.currency, body.decision_by,
        body.owner, body.stage.value, body.template, body.notes,
    )  # fmt: skip
    return tagged(response, deals.add_deal(ws, entry, now(), caller.login))


@router.get("/deals/{deal_id}", response_model=Deal)
def show_deal(
    deal_id: int, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A deal with its people and roles, its plan (each milestone with its own version),
    its share links and its culture's rules; the ETag is the deal's version."""
    return tagged(response, deals.show_deal(ws, str(deal_id), now()))


@router.post("/deals/{deal_id}/move", response_model=Deal)
def move_deal(
    deal_id: int,
    body: DealMove,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Move a deal to another stage, or re-date its decision or go-live."""
    moved = deals.move_deal(
        ws, str(deal_id), now(), _value(body.stage), body.decision_by, body.live_by,
        expected_version(body.version, if_match),
    )  # fmt: skip
    return tagged(response, moved)


@router.post("/deals/{deal_id}/win", response_model=Deal)
def win_deal(
    deal_id: int,
    body: DealWin,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """The customer said yes: the delivery plan starts, on the culture's clock."""
    version = expected_version(body.version, if_match)
    won = deals.win_deal(ws, str(deal_id), now(), body.on, body.delivery, body.live_by, version)
    return tagged(response, won)


@router.post("/deals/{deal_id}/lose", response_model=Deal)
def lose_deal(
    deal_id: int,
    body: DealLoss,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """The customer said no: the plan is dropped and the share links revoked."""
    version = expected_version(body.version, if_match)
    return tagged(response, deals.lose_deal(ws, str(deal_id), body.reason, now(), version))


@router.put("/deals/{deal_id}/people/{person_id}", response_model=Deal)
def set_role(
    deal_id: int,
    person_id: int,
    body: DealRole,
    response: Response,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Put a person in the deal's decision with their role (409 if they have it already).
    The people are a set: the deal's version stays."""
    changed = deals.set_person(ws, str(deal_id), str(person_id), body.role.value, False, now())
    return tagged(response, changed)


@router.delete("/deals/{deal_id}/people/{person_id}", response_model=Deal)
def remove_person(
    deal_id: int, person_id: int, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Take a person out of the deal (409 for its last contact)."""
    return tagged(response, deals.set_person(ws, str(deal_id), str(person_id), None, True, now()))
