"""Settings: your password and API tokens, the team and roles, the rhythms in force."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import (
    Caller,
    admin_only,
    gated_router,
    self_service_router,
    web_caller,
)
from followup.api.context import now, workspace
from followup.domain.model import Role
from followup.services import access, team
from followup.services.settings_view import agreed_rhythms, culture_documents
from followup.services.workspace import Workspace
from followup.web.forms import optional
from followup.web.render import page, redirect

router = gated_router(web_caller)
own = self_service_router(web_caller)
ADMIN = admin_only(web_caller)


@router.get("/settings")
def settings(
    request: Request,
    offset: int = Query(0, ge=0, le=2**31 - 1),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return _settings_page(request, caller, ws, offset, None)


def _settings_page(
    request: Request, caller: Caller, ws: Workspace, offset: int, new_token: dict[str, Any] | None
) -> Response:
    return page(
        request,
        "settings.html",
        caller,
        tokens=access.list_tokens(ws, caller.login),
        team=team.team(ws),
        roles=[r.value for r in Role],
        cultures=culture_documents(ws),
        rhythms=agreed_rhythms(ws, 50, offset),
        new_token=new_token,
    )


@own.post("/settings/password")
def change_password(
    request: Request,
    password: str = Form(..., max_length=1024),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Your new password; every session of yours ends, so you sign in again."""
    access.set_password(ws, caller.login, password)
    return redirect("/signin", "Password changed: sign in with the new one.")


@own.post("/settings/tokens")
def add_token(
    request: Request,
    name: str = Form(..., max_length=100),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A new token, shown on this page once (not kept anywhere readable)."""
    token = access.add_token(ws, caller.login, name, now())
    return _settings_page(request, caller, ws, 0, token)


@own.post("/settings/tokens/{token_id}/revoke")
def revoke_token(
    token_id: int, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    revoked = access.revoke_token(ws, caller.login, token_id, now())
    return redirect("/settings#tokens", f"Token {revoked['name']} revoked.")


@router.post("/settings/users", dependencies=[ADMIN])
def add_user(
    name: str = Form(..., max_length=200),
    email: str = Form("", max_length=320),
    timezone: str = Form("UTC", max_length=64),
    role: Role = Form(Role.MEMBER),
    password: str = Form("", max_length=1024),
    ws: Workspace = Depends(workspace),
) -> Response:
    added = team.add_member(ws, name, timezone, now(), optional(email), role, password or None)
    return redirect("/settings#team", f"Added {added['name']} ({added['role']}).")


@router.post("/settings/users/{name}", dependencies=[ADMIN])
def edit_user(
    name: str,
    version: int = Form(..., ge=1, le=2**31 - 1),
    role: Role = Form(...),
    timezone: str = Form(..., max_length=64),
    ws: Workspace = Depends(workspace),
) -> Response:
    changed = team.edit_user(ws, name, team.UserChanges(role, timezone, None, version))
    return redirect("/settings#team", f"{changed['name']} is now a {changed['role']}.")
