"""Who is calling and what their role allows: the one gate both the API and the web use.

Every router of both adapters carries `enforce_role` (through `gated_router`), which
refuses a viewer's write (any method but GET/HEAD/OPTIONS) before the endpoint runs; admin
endpoints add `admin_only`. The few writes every role may make on their own behalf (their
password, their tokens, signing out) live on routers made by `self_service_router`.
A test walks every route of the app to hold this.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request

from followup.api.context import now, workspace
from followup.domain.access import Need, authorize
from followup.domain.errors import Forbidden, Unauthenticated
from followup.domain.model import User
from followup.services import access

SESSION_COOKIE = "followup_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    user: User
    session: str | None = None  # set when signed in through the browser
    csrf: str | None = None

    @property
    def login(self) -> str:
        """The name the services resolve the acting user by."""
        return self.user.name


def session_caller(request: Request) -> Caller:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        raise Unauthenticated("not signed in: sign in first")
    user, csrf = access.session_user(workspace(request), secret, now())
    return acting(request, Caller(user, secret, csrf))


def acting(request: Request, caller: Caller) -> Caller:
    """Remember who is calling: the request's changes are recorded as theirs."""
    request.state.acting_user = caller.user
    return caller


def check_csrf(caller: Caller, sent: str | None) -> None:
    """Refuse a browser write whose CSRF token is missing or not this session's."""
    if caller.csrf is None:
        return  # a token caller: no cookie rides along, nothing to forge
    if not sent or not hmac.compare_digest(sent.encode(), caller.csrf.encode()):
        raise Forbidden("missing or invalid CSRF token: reload the page and try again")


def api_caller(request: Request) -> Caller:
    """A bearer token (scripts), else the browser session (with the CSRF header on writes)."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return acting(request, Caller(access.token_user(workspace(request), secret.strip(), now())))
    if header or SESSION_COOKIE not in request.cookies:
        raise Unauthenticated(
            "send 'Authorization: Bearer <token>' (make one with 'followup token add' "
            "or on the Settings page)"
        )
    caller = session_caller(request)
    if request.method not in SAFE_METHODS:
        check_csrf(caller, request.headers.get(CSRF_HEADER))
    return caller


async def web_caller(request: Request) -> Caller:
    """The browser session; a write carries the CSRF token as a form field or header."""
    caller = session_caller(request)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and _is_form(request):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        check_csrf(caller, sent)
    return caller


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


Resolver = Callable[[Request], Caller | Awaitable[Caller]]


def gated_router(resolve: Resolver, **options: Any) -> APIRouter:
    """A router whose every route needs a caller, and a member for anything but reading."""

    def enforce_role(request: Request, caller: Caller = Depends(resolve)) -> None:
        authorize(caller.user, Need.READ if request.method in SAFE_METHODS else Need.WRITE)

    return APIRouter(dependencies=[Depends(enforce_role)], **options)


def self_service_router(resolve: Resolver, **options: Any) -> APIRouter:
    """A router for what every signed-in user may do on their own behalf."""
    return APIRouter(dependencies=[Depends(resolve)], **options)


def admin_only(resolve: Resolver) -> Any:
    """A dependency refusing everyone but admins."""

    def check(caller: Caller = Depends(resolve)) -> None:
        authorize(caller.user, Need.ADMIN)

    return Depends(check)
