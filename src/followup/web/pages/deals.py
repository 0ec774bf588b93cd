"""Deals: the list, a new deal, and a deal's page with its stage, people and plan; through
the services `followup deal ...` uses. Changes answer htmx with a fresh load of the page
(a refusal stays in the page's alert) and plain forms with a redirect. Every change of the
deal carries the version the page showed: a deal changed since is refused (409)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.deals import OPEN_STAGES, DealStage, DecisionRole
from followup.services import browse, deals, directory, plan_templates
from followup.services.workspace import Workspace
from followup.web.forms import VERSION, optional
from followup.web.render import page, reload

router = gated_router(web_caller)
PAGE = 50
ROLES = [role.value for role in DecisionRole]


def deal_page(
    request: Request, caller: Caller, ws: Workspace, deal_id: int, new_link: Any = None
) -> Response:
    """A deal's page (with a share link just made, shown this once)."""
    deal = deals.show_deal(ws, str(deal_id), now())
    return page(
        request,
        "deal.html",
        caller,
        deal=deal,
        new_link=new_link,
        templates=plan_templates.list_templates(ws),
        team=[u.name for u in directory.list_users(ws)],
        stages=[stage.value for stage in DealStage],
        roles=ROLES,
    )


@router.get("/deals")
def deal_list(
    request: Request,
    stage: str = Query("", max_length=16),
    owner: str = Query("", max_length=200),
    account: str = Query("", max_length=300),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    filters = {"stage": stage, "owner": owner, "account": account}
    found = browse.browse_deals(
        ws, now(), optional(stage), optional(owner), optional(account), PAGE, offset
    )
    team = [u.name for u in directory.list_users(ws)]
    stages = [s.value for s in DealStage]
    return page(
        request, "deals.html", caller, found=found, filters=filters, team=team, stages=stages
    )


@router.get("/deals/new")
def new_deal(
    request: Request,
    account: str = Query("", max_length=300),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return page(
        request,
        "deal_new.html",
        caller,
        account=account,
        templates=plan_templates.list_templates(ws),
        stages=[stage.value for stage in OPEN_STAGES],
        roles=ROLES,
    )


@router.post("/deals")
def add_deal(
    request: Request,
    account: str = Form(..., max_length=300),
    title: str = Form(..., max_length=300),
    contact: str = Form(..., max_length=300),
    role: DecisionRole = Form(DecisionRole.CHAMPION),
    value: str = Form("", max_length=40),
    currency: str = Form("", max_length=3),
    stage: str = Form("lead", max_length=16),
    decision_by: str = Form("", max_length=64),
    template: str = Form("", max_length=64),
    notes: str = Form("", max_length=100_000),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Add the deal (with its plan laid out from the template, if one is chosen)."""
    entry = deals.DealInput(
        account, title, [(contact, role.value)], optional(value), optional(currency),
        optional(decision_by), None, stage, optional(template), optional(notes),
    )  # fmt: skip
    added = deals.add_deal(ws, entry, now(), caller.login)
    return reload(request, f"/deals/{added['id']}", f"Added deal {added['title']}.")


@router.get("/deals/{deal_id}")
def show_deal(
    request: Request,
    deal_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return deal_page(request, caller, ws, deal_id)


@router.post("/deals/{deal_id}/move")
def move_deal(
    request: Request,
    deal_id: int,
    stage: str = Form("", max_length=16),
    decision_by: str = Form("", max_length=64),
    live_by: str = Form("", max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """Another stage, or a new expected decision or go-live date."""
    moved = deals.move_deal(
        ws, str(deal_id), now(), optional(stage), optional(decision_by), optional(live_by),
        version,
    )  # fmt: skip
    return reload(request, f"/deals/{deal_id}", f"Saved: the deal is {moved['stage']}.")


@router.post("/deals/{deal_id}/win")
def win_deal(
    request: Request,
    deal_id: int,
    on: str = Form("", max_length=64),
    delivery: str = Form("", max_length=64),
    live_by: str = Form("", max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """The customer said yes: the delivery plan starts."""
    deals.win_deal(
        ws, str(deal_id), now(), optional(on), optional(delivery), optional(live_by), version
    )
    return reload(request, f"/deals/{deal_id}", "Won: the delivery plan has started.")


@router.post("/deals/{deal_id}/lose")
def lose_deal(
    request: Request,
    deal_id: int,
    reason: str = Form("", max_length=2000),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    deals.lose_deal(ws, str(deal_id), reason, now(), version)
    return reload(request, f"/deals/{deal_id}", "Lost: the plan is closed and its links revoked.")


@router.post("/deals/{deal_id}/people")
def add_person(
    request: Request,
    deal_id: int,
    person: str = Form(..., max_length=300),
    role: DecisionRole = Form(DecisionRole.CHAMPION),
    ws: Workspace = Depends(workspace),
) -> Response:
    deals.set_person(ws, str(deal_id), person, role.value, False, now())
    return reload(request, f"/deals/{deal_id}#people", "Added to the decision.")


@router.post("/deals/{deal_id}/people/{person_id}/remove")
def remove_person(
    request: Request, deal_id: int, person_id: int, ws: Workspace = Depends(workspace)
) -> Response:
    deals.set_person(ws, str(deal_id), str(person_id), None, True, now())
    return reload(request, f"/deals/{deal_id}#people", "Taken out of the decision.")
