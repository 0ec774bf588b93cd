"""The reminder routes `followup serve` mounts: the calendar feed and the health endpoint.

The app provides the workspace and the settings as `app.state.workspace` and
`app.state.settings` (a `followup.settings.Settings`), and may set `app.state.clock` (a
function returning an aware datetime; default: now); nothing here opens anything itself.

- `GET /calendar/{secret}.ics`: a user's calendar for Apple Calendar, Google, Thunderbird.
  An unknown secret is a 404 that says no more.
- `GET /health`: 200 with status 'ok', else 503 ('failing': a reminder channel fails;
  'stale': nothing ran `notify` lately). With `Authorization: Bearer FOLLOWUP_HEALTH_TOKEN`
  it adds the per-user status (names and addresses, hence the token).
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from followup.services.calendar import calendar_feed
from followup.services.reminder_status import health_document
from followup.services.workspace import Workspace
from followup.settings import Settings

router = APIRouter()


def _workspace(request: Request) -> Workspace:
    workspace = request.app.state.workspace
    assert isinstance(workspace, Workspace)
    return workspace.fresh()


def _now(request: Request) -> datetime:
    clock = getattr(request.app.state, "clock", None)
    moment = clock() if clock is not None else datetime.now(UTC)
    assert isinstance(moment, datetime)
    return moment


def _settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


@router.get("/calendar/{secret}.ics", name="calendar_feed")
def calendar(secret: str, request: Request) -> Response:
    """The subscribed calendar behind a secret."""
    document = calendar_feed(_workspace(request), secret, _now(request))
    if document is None:
        raise HTTPException(status_code=404, detail="no such calendar")
    return Response(
        content=document,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Content-Disposition": "inline"},
    )


@router.get("/health", name="health")
def health(request: Request) -> JSONResponse:
    """Whether reminders are going out."""
    settings = _settings(request)
    token = settings.notify.health_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    detail = token is not None and hmac.compare_digest(given, token.get_secret_value())
    document = health_document(_workspace(request), settings.notify, _now(request), detail)
    return JSONResponse(document, status_code=200 if document["status"] == "ok" else 503)
