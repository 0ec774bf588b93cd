"""Browser sessions as cookies, and the sign-in form's own CSRF token (double submit)."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from fastapi import Request, Response

from followup.api.auth import SESSION_COOKIE
from followup.api.context import app_context, now
from followup.domain.errors import Forbidden

SIGN_IN_CSRF_COOKIE = "followup_signin_csrf"


def secure(request: Request) -> bool:
    """Whether cookies get the Secure flag: on https, or when the settings ask for it."""
    return request.url.scheme == "https" or app_context(request).settings.secure_cookies


def keep_session(request: Request, response: Response, secret: str, expires: datetime) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max(0, int((expires - now()).total_seconds())),
        httponly=True,
        secure=secure(request),
        samesite="lax",
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def sign_in_token(request: Request) -> str:
    """The token the sign-in form carries: the cookie's, or a new one."""
    return request.cookies.get(SIGN_IN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def offer_sign_in_token(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=secure(request),
        samesite="strict",
        path="/signin",
    )


def check_sign_in_token(request: Request, sent: str) -> None:
    """The form's token must equal the cookie's: another site can send neither."""
    expected = request.cookies.get(SIGN_IN_CSRF_COOKIE, "")
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("missing or invalid CSRF token: reload the sign-in page and try again")
