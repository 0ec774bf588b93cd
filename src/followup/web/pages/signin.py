"""Sign in and sign out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import SESSION_COOKIE, Caller, self_service_router, web_caller
from followup.api.context import now, workspace
from followup.domain.errors import FollowupError
from followup.services import access
from followup.services.workspace import Workspace
from followup.web import access as cookies
from followup.web.render import page, redirect, safe_next

public = APIRouter()  # the one page anyone may see
router = self_service_router(web_caller)
access.decoy()  # before the first sign-in, so the first one takes no longer than others


@public.get("/signin")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    return _form(request, safe_next(next), None, "")


def _form(request: Request, next: str, error: str | None, name: str, status: int = 200) -> Response:
    token = cookies.sign_in_token(request)
    response = page(
        request, "signin.html", None, status, token=token, next=next, error=error, name=name
    )
    cookies.offer_sign_in_token(request, response, token)
    return response


@public.post("/signin")
def sign_in(
    request: Request,
    name: str = Form("", max_length=200),
    password: str = Form("", max_length=1024),
    csrf_token: str = Form("", max_length=100),
    next: str = Form("/today", max_length=2000),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Check the password; a failure shows the form again with why (401, or 429)."""
    cookies.check_sign_in_token(request, csrf_token)
    client = request.client.host if request.client else None
    try:
        signed = access.sign_in(ws, name, password, client, now())
    except FollowupError as exc:
        status = 429 if exc.code == "too_many_attempts" else 401
        return _form(request, safe_next(next), exc.message, name, status)
    response = redirect(safe_next(next))
    cookies.keep_session(request, response, signed.session, signed.expires_at)
    return response


@router.post("/signout")
def sign_out(
    request: Request, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    access.sign_out(ws, request.cookies.get(SESSION_COOKIE, ""))
    response = redirect("/signin", "Signed out.")
    cookies.end_session(response)
    return response
