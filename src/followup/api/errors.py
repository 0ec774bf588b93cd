"""Errors as HTTP: one status per FollowupError kind, one JSON shape for the API.

Every error of the app passes `install`'s handlers: paths under /api get
`{"error": {"code", "message", "fields"}}`, the others the web's error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from starlette.exceptions import HTTPException

from followup.domain.errors import FollowupError

STATUS = {
    "invalid": 422,
    "ambiguous": 422,
    "not_found": 404,
    "conflict": 409,
    "needs_confirmation": 409,  # the contact breaks an agreed gap: send confirm=true
    "unauthenticated": 401,
    "forbidden": 403,
    "too_many_attempts": 429,
    "too_large": 413,
    "db_unavailable": 503,
    "schema": 503,
}
HTTP_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "not_allowed"}
HTTP_CODES |= {409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_attempts"}

WebRenderer = Callable[[Request, int, str, str, dict[str, str]], Response]


def error_document(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def json_error(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_document(code, message, fields), status, headers=headers)


def field_errors(exc: RequestValidationError) -> dict[str, str]:
    found: dict[str, str] = {}
    for problem in exc.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()))
        found.setdefault(where or "request", str(problem.get("msg", "invalid")))
    return found


def install(app: FastAPI, web: WebRenderer) -> None:
    """Render every error in one place: JSON under /api, the web's page elsewhere."""

    def respond(
        request: Request, status: int, code: str, message: str, fields: dict[str, str]
    ) -> Response:
        if request.url.path == "/api" or request.url.path.startswith("/api/"):
            return json_error(status, code, message, fields)
        return web(request, status, code, message, fields)

    async def followup_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FollowupError)
        return respond(request, STATUS.get(exc.code, 400), exc.code, exc.message, {})

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        fields = field_errors(exc)
        message = "invalid request: " + "; ".join(f"{k}: {v}" for k, v in fields.items())
        return respond(request, 422, "invalid", message, fields)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = HTTP_CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, code, str(exc.detail), {})

    async def database_error(request: Request, exc: Exception) -> Response:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        if isinstance(exc, IntegrityError):
            # Two requests raced to create the same thing; the loser is told so.
            return respond(request, 409, "conflict", f"conflicting change: {reason}", {})
        return respond(request, 503, "db_unavailable", f"database error: {reason}", {})

    app.add_exception_handler(FollowupError, followup_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(SQLAlchemyError, database_error)
