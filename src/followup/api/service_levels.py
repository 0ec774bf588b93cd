"""Service tiers, customer requests and their response times, satisfaction feedback."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Path, Query, Response

from followup.api.auth import Caller, admin_only, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intel_schemas import (
    AccountFeedback,
    AccountTier,
    Breaches,
    Feedback,
    FeedbackIn,
    RequestDone,
    RequestIn,
    RequestPage,
    ServiceRequest,
    Tier,
    TierChoice,
    TierIn,
    TierPage,
    TierPatch,
)
from followup.api.people import Limit, Offset
from followup.api.versions import IfMatch, expected_version, tagged
from followup.services import satisfaction, service_levels
from followup.services.browse import one_page, paged_document
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["service levels"])
ADMIN = admin_only(api_caller)


@router.get("/tiers", response_model=TierPage)
def tiers(
    ws: Workspace = Depends(workspace), limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    """The service tiers customers choose from, fastest response first."""
    return one_page(service_levels.list_tiers(ws), "tiers", limit, offset)


@router.post("/tiers", status_code=201, response_model=Tier, dependencies=[ADMIN])
def add_tier(
    body: TierIn, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A tier a customer can choose (admins: it is what the customer pays for)."""
    added = service_levels.save_tier(
        ws, body.name, now(), body.response_minutes, body.checkin_days, body.price, body.default
    )
    return tagged(response, added)


@router.patch("/tiers/{name}", response_model=Tier, dependencies=[ADMIN])
def edit_tier(
    body: TierPatch,
    response: Response,
    if_match: IfMatch,
    name: str = Path(max_length=64),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change a tier (admins); its accounts' check-ins follow. 409 if it changed since
    If-Match (or `version`)."""
    changed = service_levels.save_tier(
        ws, name, now(), body.response_minutes, body.checkin_days, body.price, body.default,
        new=False, version=expected_version(body.version, if_match),
    )  # fmt: skip
    return tagged(response, changed)


@router.put("/accounts/{account_id}/tier", response_model=AccountTier)
def choose_tier(
    account_id: int,
    body: TierChoice,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Put an account on the tier it chose (null: on none); its next check-in follows. The
    tier is part of the account: If-Match (or `version`) and the ETag are the account's."""
    version = expected_version(body.version, if_match)
    return tagged(response, service_levels.set_tier(ws, str(account_id), body.tier, version))


@router.get("/requests", response_model=RequestPage)
def requests(
    ws: Workspace = Depends(workspace),
    account: str | None = Query(None, max_length=300, description="account name or id"),
    everything: bool = Query(False, alias="all", description="answered ones too"),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Open customer requests (or all), soonest due first."""
    found = service_levels.list_requests(ws, now(), account, everything)
    return one_page(found, "requests", limit, offset)


@router.post("/accounts/{account_id}/requests", status_code=201, response_model=ServiceRequest)
def add_request(
    account_id: int,
    body: RequestIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """A customer's request, due within their tier's response time."""
    person = None if body.person is None else str(body.person)
    added = service_levels.add_request(
        ws, str(account_id), body.what, now(), caller.login, person, body.at, body.assign
    )
    return tagged(response, added)


@router.post("/requests/{request_id}/done", response_model=ServiceRequest)
def answer_request(
    request_id: int,
    body: RequestDone,
    response: Response,
    if_match: IfMatch,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Mark a request answered (409 if it was already, or changed since If-Match or
    `version`); `breach` says if it was late."""
    answered = service_levels.close_request(
        ws, request_id, now(), caller.login, body.at, body.notes,
        expected_version(body.version, if_match),
    )  # fmt: skip
    return tagged(response, answered)


@router.get("/requests/breaches", response_model=Breaches)
def breaches(
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
    since: str | None = Query(None, max_length=64, description="ISO date"),
) -> dict[str, Any]:
    """Requests answered late or still open past their response time, and per tier."""
    return service_levels.breaches(ws, now(), since, caller.login)


@router.post("/accounts/{account_id}/feedback", status_code=201, response_model=Feedback)
def record_feedback(
    account_id: int,
    body: FeedbackIn,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """An account's satisfaction score (1-10); its next check-in moves on."""
    person = None if body.person is None else str(body.person)
    return satisfaction.record_feedback(
        ws, str(account_id), body.score, now(), caller.login, body.comment, person, body.at,
        body.channel,
    )  # fmt: skip


@router.get("/accounts/{account_id}/feedback", response_model=AccountFeedback)
def account_feedback(
    account_id: int, ws: Workspace = Depends(workspace), limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    """An account's feedback, newest first, and when its next check-in is due."""
    found = satisfaction.account_feedback(ws, str(account_id))
    return paged_document(found, "feedback", limit, offset)
