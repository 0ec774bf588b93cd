"""/api/me, /api/users, /api/tokens and /api/cultures: the team and its access."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Response

from followup.api.auth import Caller, admin_only, api_caller, gated_router, self_service_router
from followup.api.context import now, workspace
from followup.api.schemas import PasswordIn, TokenIn, UserIn, UserPatch
from followup.api.versions import IfMatch, expected_version, tagged
from followup.services import access, team
from followup.services.browse import MAX_PAGE
from followup.services.settings_view import agreed_rhythms, culture_documents
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["team"])
own = self_service_router(api_caller, tags=["your access"])
ADMIN = admin_only(api_caller)


@own.get("/me")
def me(caller: Caller = Depends(api_caller)) -> dict[str, Any]:
    """Who the token or session belongs to."""
    return team.user_summary(caller.user)


@own.put("/me/password", status_code=204)
def change_own_password(
    body: PasswordIn, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> None:
    """Set your password; every browser session of yours ends."""
    access.set_password(ws, caller.login, body.password)


@own.get("/tokens")
def tokens(caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)) -> Any:
    """Your personal API tokens (the secrets are never shown again)."""
    return {"tokens": access.list_tokens(ws, caller.login)}


@own.post("/tokens", status_code=201)
def add_token(
    body: TokenIn, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A new token; its secret is in this response only."""
    return access.add_token(ws, caller.login, body.name, now())


@own.delete("/tokens/{token_id}")
def revoke_token(
    token_id: int, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    return access.revoke_token(ws, caller.login, token_id, now())


@router.get("/users")
def users(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    return {"users": team.team(ws)}


@router.post("/users", status_code=201, dependencies=[ADMIN])
def add_user(
    body: UserIn, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Add a team member (admins only), with a password to sign in with if given."""
    added = team.add_member(
        ws, body.name, body.timezone, now(), body.email, body.role, body.password
    )
    return tagged(response, added)


@router.patch("/users/{name}", dependencies=[ADMIN])
def edit_user(
    name: str,
    body: UserPatch,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change a user's role, time zone or email (admins only); a stale `version` or
    If-Match is a 409."""
    version = expected_version(body.version, if_match)
    changes = team.UserChanges(body.role, body.timezone, body.email, version)
    return tagged(response, team.edit_user(ws, name, changes))


@router.put("/users/{name}/password", status_code=204, dependencies=[ADMIN])
def set_password(name: str, body: PasswordIn, ws: Workspace = Depends(workspace)) -> None:
    """Set a user's password (admins only)."""
    access.set_password(ws, name, body.password)


@router.get("/cultures")
def cultures(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """The culture profiles in force: default rhythms per stage, gaps, channels, etiquette."""
    return {"cultures": culture_documents(ws)}


@router.get("/agreements")
def agreements(
    ws: Workspace = Depends(workspace),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=2**31 - 1),
) -> dict[str, Any]:
    """The rhythms agreed with people, by name, one page at a time."""
    return agreed_rhythms(ws, limit, offset)
