"""A deal's mutual action plan on its page: add a step, lay out a template, mark steps done,
slip or drop them; share links for the customer; the exports. The services are the ones
`followup plan ...` uses. Closing or slipping a step carries the step's version, laying
out a template the deal's: changed since the page showed them, they are refused (409)."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import app_context, now, workspace
from followup.domain.durations import parse_days
from followup.domain.plans import MilestoneStatus, PlanSide
from followup.formats.plan_html import render_html
from followup.formats.plan_ics import render_ics
from followup.formats.plan_markdown import render_markdown
from followup.formats.plan_pdf import available_fonts, render_pdf
from followup.services import plans, sharing
from followup.services.workspace import Workspace
from followup.web.forms import VERSION, optional
from followup.web.pages.deals import deal_page
from followup.web.render import is_htmx, page, reload

router = gated_router(web_caller)
EXPORTS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "pdf": "application/pdf",
}


@router.post("/deals/{deal_id}/milestones")
def add_milestone(
    request: Request,
    deal_id: int,
    title: str = Form(..., max_length=300),
    due: str = Form(..., max_length=64),
    side: PlanSide = Form(PlanSide.US),
    owner: str = Form("", max_length=300),
    after: list[int] = Form([]),
    checkpoint: bool = Form(False),
    delivery: bool = Form(False),
    notes: str = Form("", max_length=10_000),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A step or checkpoint; refused in place if it breaks the plan's order or its end."""
    entry = plans.MilestoneInput(
        title, due, side, optional(owner), after, checkpoint, delivery, optional(notes)
    )
    added = plans.add_milestone(ws, str(deal_id), entry, now(), caller.login)
    return reload(
        request, f"/deals/{deal_id}#plan", f"Added {added['title']}, due {added['due_on']}."
    )


@router.post("/deals/{deal_id}/template")
def lay_out_template(
    request: Request,
    deal_id: int,
    key: str = Form(..., max_length=64),
    decision_by: str = Form("", max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """The template's steps, backwards from the (new) expected decision date."""
    laid = plans.plan_from_template(ws, str(deal_id), key, now(), optional(decision_by), version)
    steps = len(laid["milestones"])
    return reload(request, f"/deals/{deal_id}#plan", f"Planned from {key}: {steps} steps.")


def _close(
    request: Request,
    ws: Workspace,
    milestone_id: int,
    status: MilestoneStatus,
    version: int | None,
) -> Response:
    closed = plans.close_milestone(ws, milestone_id, status, now(), version)
    message = f"{closed['title']}: {status.value}."
    return reload(request, f"/deals/{closed['deal_id']}#plan", message)


@router.post("/milestones/{milestone_id}/done")
def milestone_done(
    request: Request,
    milestone_id: int,
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    return _close(request, ws, milestone_id, MilestoneStatus.DONE, version)


@router.post("/milestones/{milestone_id}/drop")
def milestone_drop(
    request: Request,
    milestone_id: int,
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    return _close(request, ws, milestone_id, MilestoneStatus.DROPPED, version)


@router.post("/milestones/{milestone_id}/slip")
def milestone_slip(
    request: Request,
    milestone_id: int,
    to: str = Form(..., max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """A new date; the steps waiting on it move with it."""
    moved = plans.slip_milestone(ws, milestone_id, to, now(), version)
    also = f" (and {len(moved['moved_with_it'])} after it)" if moved["moved_with_it"] else ""
    message = f"{moved['title']} moved to {moved['due_on']}{also}."
    return reload(request, f"/deals/{moved['deal_id']}#plan", message)


def share_base(request: Request) -> str:
    """Where the customer opens the link: FOLLOWUP_BASE_URL if set, else this site."""
    settings = app_context(request).settings
    if "base_url" in settings.model_fields_set:
        return settings.base_url
    return str(request.base_url).rstrip("/")


@router.post("/deals/{deal_id}/links")
def share(
    request: Request,
    deal_id: int,
    expires: str = Form("30d", max_length=16),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A new link for the customer, shown this once."""
    days = parse_days(expires, "expiry")
    link = sharing.share_plan(ws, str(deal_id), now(), caller.login, share_base(request), days)
    if is_htmx(request):
        return page(request, "deal_link.html", caller, new_link=link)
    return deal_page(request, caller, ws, deal_id, link)


@router.post("/deals/{deal_id}/links/{link_id}/revoke")
def revoke(
    request: Request, deal_id: int, link_id: int, ws: Workspace = Depends(workspace)
) -> Response:
    sharing.unshare_plan(ws, str(deal_id), now(), link_id)
    return reload(request, f"/deals/{deal_id}#sharing", f"Link #{link_id} revoked.")


@router.get("/deals/{deal_id}/plan.{kind}")
def export(
    request: Request,
    deal_id: int,
    kind: Literal["md", "html", "ics", "pdf"],
    ws: Workspace = Depends(workspace),
) -> Response:
    """The plan as the customer sees it: a document, or calendar entries, to download."""
    plan = plans.export_plan(ws, str(deal_id), now())
    if kind == "pdf":
        data = render_pdf(plan, available_fonts(app_context(request).settings.pdf_font))
    elif kind == "ics":
        data = render_ics(plan, now())
    else:
        data = (render_markdown(plan) if kind == "md" else render_html(plan)).encode("utf-8")
    disposition = f'attachment; filename="plan-{deal_id}.{kind}"'
    return Response(data, media_type=EXPORTS[kind], headers={"Content-Disposition": disposition})
