"""My reminders: when and how the digest comes (as `followup prefs`), my calendar feed's
address (shown, rotated) and my webhooks (added, listed, removed).

Preferences and the feed are the user's own, so every role may change them; a webhook
sends the workspace's events elsewhere, so it takes a member.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, self_service_router, web_caller
from followup.api.context import app_context, now, workspace
from followup.domain.deliveries import EVENTS
from followup.domain.errors import FollowupError
from followup.domain.model import Role
from followup.domain.reminders import LANGUAGES, WEEKDAYS
from followup.services import reminders
from followup.services.reminders import PreferenceChanges
from followup.services.workspace import Workspace
from followup.web.errors import status_of
from followup.web.forms import VERSION
from followup.web.render import page, redirect

router = gated_router(web_caller)
own = self_service_router(web_caller)
PAGE = "/settings/reminders"


@router.get(PAGE)
def my_reminders(
    request: Request, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    return _page(request, caller, ws)


def _page(
    request: Request, caller: Caller, ws: Workspace, status: int = 200, **context: Any
) -> Response:
    prefs = reminders.preferences(ws, None, caller.login, PreferenceChanges(), now())
    _, feed = reminders.calendar_feed_secret(ws, None, caller.login, False, now())
    base = app_context(request).settings.notify.public_url or str(request.base_url)
    return page(
        request, "my_reminders.html", caller, status,
        prefs=prefs, feed_url=f"{base.rstrip('/')}/calendar/{feed.secret}.ics",
        webhooks=reminders.list_webhooks(ws, None, caller.login),
        weekdays=WEEKDAYS, languages=LANGUAGES, events=EVENTS, **context,
    )  # fmt: skip


@own.post(PAGE)
def save_preferences(
    request: Request,
    digest_at: str = Form(..., max_length=16),
    email_digest: bool = Form(False),
    webhooks: bool = Form(False),
    empty_digest: bool = Form(False),
    quiet: list[str] = Form([]),
    holidays: str = Form("", max_length=64),
    language: str = Form("en", max_length=8),
    timezone: str = Form(..., max_length=64),
    email: str = Form("", max_length=320),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """The whole form: every value as shown (an unticked box is off, no quiet day is none);
    refused in place if the preferences changed since the page showed them."""
    changes = PreferenceChanges(
        digest_at, email_digest, webhooks, empty_digest, ",".join(quiet) or "none",
        holidays or "none", language, timezone, email or None, version,
    )  # fmt: skip
    try:
        reminders.preferences(ws, None, caller.login, changes, now())
    except FollowupError as exc:
        return _page(request, caller, ws, status_of(exc), prefs_error=exc.message)
    return redirect(PAGE, "Reminder settings saved.")


@own.post("/settings/calendar/rotate")
def rotate_feed(
    caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    """A new secret address; calendars subscribed to the old one stop updating."""
    reminders.calendar_feed_secret(ws, None, caller.login, True, now())
    return redirect(f"{PAGE}#calendar", "New calendar address: subscribe to it again.")


@router.post("/settings/webhooks")
def add_webhook(
    request: Request,
    url: str = Form(..., max_length=2000),
    events: list[str] = Form([]),
    secret: str = Form("", max_length=200),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A new endpoint; its signing secret is shown on this page once."""
    wanted = ",".join(events) or None
    try:
        hook = reminders.add_webhook(ws, None, caller.login, url, wanted, secret or None, now())
    except FollowupError as exc:
        return _page(request, caller, ws, status_of(exc), hook_error=exc.message, hook_url=url)
    return _page(request, caller, ws, new_hook=hook)


@router.post("/settings/webhooks/{endpoint_id}/remove")
def remove_webhook(
    endpoint_id: int,
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Stop one of your webhooks (an admin: anyone's), as the API does."""
    owner = None if caller.user.role is Role.ADMIN else caller.login
    removed = reminders.remove_webhook(ws, endpoint_id, now(), owner, version)
    message = (
        f"Webhook to {removed['url']} removed; {removed['cancelled']} queued event(s) cancelled."
    )
    return redirect(f"{PAGE}#webhooks", message)
