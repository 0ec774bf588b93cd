"""Service tiers: everyone sees them (response time, check-in rhythm, price, accounts);
admins add and change them (as `followup tier add|edit`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import Caller, admin_only, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.durations import parse_days
from followup.domain.errors import FollowupError
from followup.domain.service_levels import parse_response
from followup.services import service_levels
from followup.services.workspace import Workspace
from followup.web.errors import status_of
from followup.web.forms import VERSION, optional
from followup.web.render import page, redirect

router = gated_router(web_caller)
ADMIN = admin_only(web_caller)
PAGE = "/settings/tiers"


@router.get(PAGE)
def tiers(
    request: Request, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    return _page(request, caller, ws)


def _page(
    request: Request, caller: Caller, ws: Workspace, status: int = 200, **context: Any
) -> Response:
    found = service_levels.list_tiers(ws)
    return page(request, "tiers.html", caller, status, tiers=found, **context)


@dataclass(frozen=True)
class TierForm:
    """A tier's form as sent: durations as typed ('4h', '90d'), empty for 'keep as it is'."""

    response: str
    checkin: str
    price: str
    default: bool


def tier_form(
    response: str = Form("", max_length=16),
    checkin: str = Form("", max_length=16),
    price: str = Form("", max_length=200),
    default: bool = Form(False),
) -> TierForm:
    return TierForm(response, checkin, price, default)


@router.post(PAGE, dependencies=[ADMIN])
def add_tier(
    request: Request,
    name: str = Form(..., max_length=64),
    form: TierForm = Depends(tier_form),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return _save(request, caller, ws, name, form, new=True)


@router.post(PAGE + "/{name}", dependencies=[ADMIN])
def edit_tier(
    request: Request,
    name: str,
    form: TierForm = Depends(tier_form),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Change the tier the page showed (a tier changed since is refused, 409, in place)."""
    return _save(request, caller, ws, name, form, new=False, version=version)


def _save(
    request: Request,
    caller: Caller,
    ws: Workspace,
    name: str,
    form: TierForm,
    new: bool,
    version: int | None = None,
) -> Response:
    """Save the tier; a refused value is shown beside the form, nothing written."""
    try:
        minutes = parse_response(form.response) if form.response.strip() else None
        days = parse_days(form.checkin, "check-in rhythm") if form.checkin.strip() else None
        saved = service_levels.save_tier(
            ws, name, now(), minutes, days, optional(form.price), form.default, new, version
        )
    except FollowupError as exc:
        return _page(request, caller, ws, status_of(exc), error=exc.message, tier=name)
    verb = "Added" if new else "Changed"
    return redirect(PAGE, f"{verb} tier {saved['name']}: response within {saved['response']}.")
