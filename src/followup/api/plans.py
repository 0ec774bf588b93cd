"""Mutual action plans: milestones and checkpoints, templates, share links, exports.

A milestone's version is in its deal's document (and the ETag of every answer about the
milestone); closing or slipping it takes that version back as If-Match (or `version`)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Path, Query, Response

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import AppContext, app_context, now, workspace
from followup.api.deal_schemas import (
    Deal,
    DealMilestone,
    MilestoneIn,
    MilestoneSlip,
    Revoked,
    ShareIn,
    ShareLinkMade,
    ShareLinks,
    Template,
    TemplatePage,
    TemplatesAdded,
    TemplatesIn,
    TemplateUse,
)
from followup.api.people import Limit, Offset
from followup.api.versions import IfMatch, expected_version, tagged
from followup.domain.plans import MilestoneStatus
from followup.services import plan_templates, plans, sharing
from followup.services.browse import one_page
from followup.services.plan_exports import MEDIA_TYPES, PlanFormat, plan_file
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["plans"])
TemplateKey = Path(max_length=64)


@router.post("/deals/{deal_id}/milestones", status_code=201, response_model=DealMilestone)
def add_milestone(
    deal_id: int,
    body: MilestoneIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """A step (or, with checkpoint, a date to review together) waiting for `after`."""
    entry = plans.MilestoneInput(
        body.title, body.due, body.side, body.owner, body.after, body.checkpoint,
        body.delivery, body.notes,
    )  # fmt: skip
    return tagged(response, plans.add_milestone(ws, str(deal_id), entry, now(), caller.login))


@router.post("/milestones/{milestone_id}/done", response_model=DealMilestone)
def milestone_done(
    milestone_id: int, response: Response, if_match: IfMatch, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Mark a step done (a checkpoint: held); 409 if it is closed already, or changed since
    If-Match."""
    closed = plans.close_milestone(ws, milestone_id, MilestoneStatus.DONE, now(), if_match)
    return tagged(response, closed)


@router.post("/milestones/{milestone_id}/drop", response_model=DealMilestone)
def milestone_drop(
    milestone_id: int, response: Response, if_match: IfMatch, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Drop a step that no longer applies; 409 if it is closed already, or changed since
    If-Match."""
    closed = plans.close_milestone(ws, milestone_id, MilestoneStatus.DROPPED, now(), if_match)
    return tagged(response, closed)


@router.post("/milestones/{milestone_id}/slip", response_model=DealMilestone)
def milestone_slip(
    milestone_id: int,
    body: MilestoneSlip,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Move a step to a new date; the steps waiting on it move with it (each to its next
    version)."""
    version = expected_version(body.version, if_match)
    return tagged(response, plans.slip_milestone(ws, milestone_id, body.to, now(), version))


@router.post("/deals/{deal_id}/plan", response_model=Deal)
def lay_out_template(
    deal_id: int,
    body: TemplateUse,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Lay out a template's steps in the deal's plan, back from its decision date; the deal
    records the template, so If-Match (or `version`) is the deal's."""
    version = expected_version(body.version, if_match)
    laid = plans.plan_from_template(ws, str(deal_id), body.template, now(), version=version)
    return tagged(response, laid)


@router.get(
    "/deals/{deal_id}/plan",
    response_class=Response,
    responses={200: {"content": {media: {} for media, _ in MEDIA_TYPES.values()}}},
)
def export_plan(
    deal_id: int,
    fmt: PlanFormat = Query(alias="format"),
    ws: Workspace = Depends(workspace),
    context: AppContext = Depends(app_context),
) -> Response:
    """The plan as the customer sees it (no internal notes): a document or calendar file."""
    exported = plan_file(ws, str(deal_id), fmt, now(), context.settings.pdf_font)
    disposition = f'attachment; filename="{exported.filename}"'
    return Response(exported.data, media_type=exported.media_type,
                    headers={"Content-Disposition": disposition})  # fmt: skip


@router.get("/plan-templates", response_model=TemplatePage)
def list_templates(
    ws: Workspace = Depends(workspace), limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    """The plan templates: shipped ones and the team's own."""
    return one_page(plan_templates.list_templates(ws), "templates", limit, offset)


@router.get("/plan-templates/{key}", response_model=Template)
def show_template(
    response: Response, key: str = TemplateKey, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A template with its steps; the ETag is its version (a shipped one stays at 1)."""
    return tagged(response, plan_templates.show_template(ws, key))


@router.post("/plan-templates", status_code=201, response_model=TemplatesAdded)
def add_templates(
    body: TemplatesIn, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Add the team's own templates (TOML, as the shipped ones); all or nothing."""
    return {"added": plan_templates.add_templates(ws, body.toml, now(), caller.login)}


@router.delete("/plan-templates/{key}", status_code=204)
def remove_template(
    if_match: IfMatch, key: str = TemplateKey, ws: Workspace = Depends(workspace)
) -> None:
    """Remove one of the team's templates (plans laid out from it stay); 409 if it changed
    since If-Match."""
    plan_templates.remove_template(ws, key, if_match)


@router.post("/deals/{deal_id}/share-links", status_code=201, response_model=ShareLinkMade)
def share(
    deal_id: int,
    body: ShareIn,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
    context: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """A read-only, expiring link to the plan for the customer; its URL is shown only now."""
    base = context.settings.base_url
    return sharing.share_plan(ws, str(deal_id), now(), caller.login, base, body.expires_days)


@router.get("/deals/{deal_id}/share-links", response_model=ShareLinks)
def share_links(deal_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """The deal's links with their state (active, expired, revoked), never their tokens."""
    return sharing.list_links(ws, str(deal_id), now())


@router.delete("/deals/{deal_id}/share-links", response_model=Revoked)
def unshare(deal_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Revoke every active link of the deal (409 if there is none)."""
    return sharing.unshare_plan(ws, str(deal_id), now())


@router.delete("/deals/{deal_id}/share-links/{link_id}", response_model=Revoked)
def unshare_one(deal_id: int, link_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Revoke one link: it answers 'not found' from now on."""
    return sharing.unshare_plan(ws, str(deal_id), now(), link_id)
