"""The customer's read-only plan page at /shared/{token}, and its calendar file.

`router` is mounted into `followup serve`; the app provides the workspace as
`app.state.workspace` (or overrides the `workspace` dependency). Unknown, malformed and
revoked tokens answer 404, expired ones 410, each with a page that names nothing of the
deal; every answer forbids caching, indexing and sending the address on as a referrer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import HTMLResponse

from followup.domain.customer_view import CustomerPlan
from followup.domain.errors import NotFound
from followup.domain.sharing import LinkExpired
from followup.formats.plan_html import render_html
from followup.formats.plan_ics import render_ics
from followup.services.sharing import open_shared
from followup.services.workspace import Workspace

router = APIRouter()

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
}
REFUSALS = {
    404: ("Link not valid", "This link is not valid. Ask the person who shared it for a new one."),
    410: ("Link expired", "This link has expired. Ask the person who shared it for a new one."),
}


def workspace(request: Request) -> Workspace:
    """The workspace the app serves."""
    ws = getattr(request.app.state, "workspace", None)
    if not isinstance(ws, Workspace):
        raise RuntimeError("mount shared_plan.router in an app whose state holds a workspace")
    return ws


def clock() -> datetime:
    return datetime.now(UTC)


def _refusal(status: int) -> HTMLResponse:
    title, text = REFUSALS[status]
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _opened(ws: Workspace, token: str, now: datetime) -> CustomerPlan | Response:
    """The plan a token opens, or the refusal to send instead."""
    try:
        return open_shared(ws, token, now)
    except LinkExpired:
        return _refusal(410)
    except NotFound:
        return _refusal(404)


@router.get("/shared/{token}", response_class=HTMLResponse)
def shared_page(
    token: str, ws: Workspace = Depends(workspace), now: datetime = Depends(clock)
) -> Response:
    """The plan as the customer sees it."""
    plan = _opened(ws, token, now)
    if isinstance(plan, Response):
        return plan
    return HTMLResponse(render_html(plan, calendar_href=f"{token}/plan.ics"), headers=HEADERS)


@router.get("/shared/{token}/plan.ics")
def shared_calendar(
    token: str, ws: Workspace = Depends(workspace), now: datetime = Depends(clock)
) -> Response:
    """The plan's dates as an iCalendar file to import."""
    plan = _opened(ws, token, now)
    if isinstance(plan, Response):
        return plan
    headers = {**HEADERS, "Content-Disposition": 'attachment; filename="plan.ics"'}
    return Response(render_ics(plan, now), media_type="text/calendar", headers=headers)


def shared_app(ws: Workspace) -> FastAPI:
    """An app serving only the shared pages (what `followup serve` mounts, on its own)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.workspace = ws
    app.include_router(router)
    return app
