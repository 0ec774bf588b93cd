"""Your reminders: preferences, today's digest, the calendar feed, webhooks, status."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import Depends, Query, Request, Response

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import AppContext, app_context, now, workspace
from followup.api.people import Limit, Offset
from followup.api.reminder_schemas import (
    CalendarFeed,
    Digest,
    Prefs,
    PrefsPatch,
    Status,
    WebhookIn,
    WebhookMade,
    WebhookPage,
    WebhookRemoved,
)
from followup.api.versions import IfMatch, expected_version, tagged
from followup.domain.access import Need, authorize
from followup.domain.model import Role
from followup.services import reminder_status, reminders
from followup.services.browse import one_page
from followup.services.directory import moment_for
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["reminders"])
At = Query(None, max_length=64, description="ISO 8601, read in your time zone; default now")


@router.get("/prefs", response_model=Prefs)
def prefs(
    response: Response, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> Any:
    """How and when you are reminded; the ETag is their version."""
    found = reminders.preferences(ws, None, caller.login, reminders.PreferenceChanges(), now())
    return tagged(response, found)


@router.patch("/prefs", response_model=Prefs)
def change_prefs(
    body: PrefsPatch,
    response: Response,
    if_match: IfMatch,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change how and when you are reminded; nothing is stored if any value is refused, or
    if they changed since If-Match (or `version`: 409)."""
    quiet = None if body.quiet_days is None else ",".join(body.quiet_days) or "none"
    changes = reminders.PreferenceChanges(
        body.digest_at, body.email_digest, body.webhooks, body.empty_digest, quiet,
        body.holidays, body.language, body.timezone, body.email,
        expected_version(body.version, if_match),
    )  # fmt: skip
    return tagged(response, reminders.preferences(ws, None, caller.login, changes, now()))


@router.get("/digest", response_model=Digest)
def digest(
    at: str | None = At, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Your digest email as it would go out at `at`, text and HTML; nothing is sent."""
    from followup.services import digests  # the mail client: only where it is used

    moment = moment_for(ws, at, None, caller.login, now())
    return asdict(digests.digest_preview(ws, None, caller.login, moment))


@router.get(
    "/calendar",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar(
    at: str | None = At, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> Response:
    """Your promises (VTODO), check-ins and meetings (VEVENT) as an iCalendar file."""
    from followup.services.calendar import calendar_export  # icalendar: only where used

    moment = moment_for(ws, at, None, caller.login, now())
    document = calendar_export(ws, None, caller.login, moment)
    return Response(document, media_type="text/calendar; charset=utf-8")


def _feed(request: Request, caller: Caller, rotate: bool) -> dict[str, Any]:
    context: AppContext = app_context(request)
    public = context.settings.notify.public_url or str(request.base_url)
    return reminders.calendar_feed_document(
        context.workspace, None, caller.login, rotate, now(), public
    )


@router.get("/calendar/feed", response_model=CalendarFeed)
def calendar_feed(request: Request, caller: Caller = Depends(api_caller)) -> dict[str, Any]:
    """The secret URL calendar apps subscribe to (made on first use)."""
    return _feed(request, caller, rotate=False)


@router.post("/calendar/feed/rotate", response_model=CalendarFeed)
def rotate_calendar_feed(request: Request, caller: Caller = Depends(api_caller)) -> Any:
    """A new secret: the old URL stops answering."""
    return _feed(request, caller, rotate=True)


@router.get("/webhooks", response_model=WebhookPage)
def webhooks(
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
    everyone: bool = Query(False, alias="all", description="every user's (admins)"),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Your webhook endpoints with their last delivery (never their secrets)."""
    if everyone:
        authorize(caller.user, Need.ADMIN)
    found = reminders.list_webhooks(ws, "*" if everyone else None, caller.login)
    return one_page(found, "webhooks", limit, offset)


@router.post("/webhooks", status_code=201, response_model=WebhookMade)
def add_webhook(
    body: WebhookIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Send your agenda's events to `url`, signed with HMAC-SHA256; the secret is shown
    only now."""
    events = ",".join(body.events) or None
    made = reminders.add_webhook(ws, None, caller.login, body.url, events, body.secret, now())
    return tagged(response, made)


@router.delete("/webhooks/{webhook_id}", response_model=WebhookRemoved)
def remove_webhook(
    webhook_id: int,
    if_match: IfMatch,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Stop sending to one of your endpoints (admins: anyone's); queued events are dropped.
    409 if it changed since If-Match (the `version` of its listing)."""
    owner = None if caller.user.role is Role.ADMIN else caller.login
    return reminders.remove_webhook(ws, webhook_id, now(), owner, if_match)


@router.get("/status", response_model=Status)
def status(
    request: Request,
    caller: Caller = Depends(api_caller),
    everyone: bool = Query(False, alias="all", description="every user's"),
    at: str | None = At,
) -> dict[str, Any]:
    """When your last digest and reminders went out, what fails and why, what waits."""
    context = app_context(request)
    moment = moment_for(context.workspace, at, None, caller.login, now())
    return reminder_status.status_document(
        context.workspace, context.settings.notify, moment, None if everyone else caller.login
    )
