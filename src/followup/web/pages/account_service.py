"""An account's service: its tier, satisfaction feedback, and its requests with their
response times (as `followup tier set`, `feedback`, `request add|done`)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.culture import FeedbackChannel
from followup.services import directory, satisfaction, service_levels
from followup.services.workspace import Workspace
from followup.web.forms import VERSION, optional
from followup.web.render import redirect, safe_next

router = gated_router(web_caller)


def service_of(ws: Workspace, account_id: int) -> dict[str, Any]:
    """What the account page shows of the service: every tier, and the account's requests."""
    return {
        "tiers": service_levels.list_tiers(ws),
        "requests": service_levels.list_requests(ws, now(), str(account_id), everything=True),
        "feedback_channels": [c.value for c in FeedbackChannel],
        "team": [u.name for u in directory.list_users(ws)],
    }


@router.post("/accounts/{account_id}/tier")
def set_tier(
    account_id: int,
    tier: str = Form("", max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """The tier is part of the account: the form carries the account's version."""
    done = service_levels.set_tier(ws, str(account_id), optional(tier), version)
    return redirect(f"/accounts/{account_id}", f"{done['account']}: tier {done['tier'] or 'none'}.")


@router.post("/accounts/{account_id}/feedback")
def record_feedback(
    account_id: int,
    score: int = Form(..., ge=1, le=10),
    comment: str = Form("", max_length=10_000),
    person: str = Form("", max_length=32),
    channel: FeedbackChannel | None = Form(None),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A satisfaction score (1 to 10); the account's next check-in moves on."""
    done = satisfaction.record_feedback(
        ws, str(account_id), score, now(), caller.login, optional(comment), optional(person),
        None, channel,
    )  # fmt: skip
    return redirect(f"/accounts/{account_id}", f"Recorded {done['score']}/10.")


@router.post("/accounts/{account_id}/requests")
def add_request(
    account_id: int,
    what: str = Form(..., max_length=2000),
    person: str = Form("", max_length=32),
    assign: str = Form("", max_length=200),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A customer's request, due within their tier's response time."""
    done = service_levels.add_request(
        ws, str(account_id), what, now(), caller.login, optional(person), None, optional(assign)
    )
    message = f"Request #{done['id']}: respond within {done['response']} ({done['owner']})."
    return redirect(f"/accounts/{account_id}#requests", message)


@router.post("/requests/{request_id}/done")
def answer_request(
    request_id: int,
    notes: str = Form("", max_length=10_000),
    next: str = Form("/today", max_length=2000),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    done = service_levels.close_request(
        ws, request_id, now(), caller.login, None, optional(notes), version
    )
    late = f", {done['late_by']} late: a breach" if done["breach"] else " in time"
    return redirect(safe_next(next), f"Request #{request_id} answered{late}.")
