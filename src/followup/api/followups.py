"""/api/today, rhythms, interactions, commitments and snoozes: what moves a follow-up."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Response
from fastapi.responses import JSONResponse

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.schemas import AgreementIn, InteractionIn, PromiseIn, SnoozeIn
from followup.api.versions import IfMatch, expected_version, tagged
from followup.domain.model import Status
from followup.services import contact
from followup.services.agenda import agenda_document
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["follow-ups"])


@router.get("/today")
def today(
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
    at: str | None = Query(None, max_length=64, description="ISO 8601; default now"),
    user: str | None = Query(None, max_length=200, description="whose agenda; default yours"),
) -> JSONResponse:
    """The agenda: every item due by the end of the user's day, overdue first."""
    # Returned as a ready response: this is the hottest endpoint, and the document is
    # plain JSON already, so FastAPI's generic encoding pass is skipped.
    return JSONResponse(agenda_document(ws, at, user, caller.login, now()))


@router.put("/people/{person_id}/agreement")
def agree(
    person_id: int,
    body: AgreementIn,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Record the rhythm the person agreed to (replacing an earlier one); the agreement is
    part of the person: If-Match (or `version`) and the ETag are the person's version."""
    version = expected_version(body.version, if_match)
    document = contact.agree(
        ws, str(person_id), body.every_days, now(), body.min_gap_days, body.channel,
        body.agreed_by, body.on, version=version,
    )  # fmt: skip
    return tagged(response, document)


@router.post("/people/{person_id}/interactions", status_code=201)
def log(
    person_id: int,
    body: InteractionIn,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Log a touch and the promises made in it."""
    promises = [promise_input(p) for p in body.commitments]
    entry = contact.LogInput(
        body.kind, body.direction, body.outcome, body.at, body.notes, promises,
        confirm=body.confirm,
    )  # fmt: skip
    return contact.log_interaction(ws, str(person_id), entry, now(), caller.login)


def promise_input(body: PromiseIn) -> contact.PromiseInput:
    return contact.PromiseInput(body.owner, body.what, body.due, body.agreed, body.by, body.point)


@router.get("/people/{person_id}/commitments")
def commitments(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    return contact.commitments_for(ws, str(person_id))


@router.post("/people/{person_id}/commitments", status_code=201)
def add_commitment(
    person_id: int,
    body: PromiseIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    promise = promise_input(body)
    return tagged(
        response, contact.add_commitment(ws, str(person_id), promise, now(), caller.login)
    )


@router.post("/commitments/{commitment_id}/done")
def commitment_done(
    commitment_id: int, response: Response, if_match: IfMatch, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Mark a promise kept (409 if it is closed already, or changed since If-Match)."""
    closed = contact.close_commitment(ws, commitment_id, Status.DONE, now(), if_match)
    return tagged(response, closed)


@router.post("/commitments/{commitment_id}/drop")
def commitment_drop(
    commitment_id: int, response: Response, if_match: IfMatch, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Drop a promise that no longer applies (409 if it is closed already, or changed since
    If-Match)."""
    closed = contact.close_commitment(ws, commitment_id, Status.DROPPED, now(), if_match)
    return tagged(response, closed)


@router.put("/people/{person_id}/snooze")
def snooze(
    person_id: int,
    body: SnoozeIn,
    response: Response,
    if_match: IfMatch,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Keep the rhythm and their promises off the agenda until a day (the person's version
    moves on; a stale `version` or If-Match is a 409)."""
    version = expected_version(body.version, if_match)
    snoozed = contact.snooze(ws, str(person_id), body.until, now(), caller.login, version)
    return tagged(response, snoozed)


@router.delete("/people/{person_id}/snooze")
def unsnooze(
    person_id: int,
    response: Response,
    if_match: IfMatch,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    woken = contact.snooze(ws, str(person_id), None, now(), caller.login, if_match)
    return tagged(response, woken)
