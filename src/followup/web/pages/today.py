"""Today: the agenda with its reasons, and one click to keep a promise or log a touch."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.model import Channel, InteractionKind, Outcome, Status
from followup.services import contact, directory
from followup.services.agenda import agenda_document
from followup.services.workspace import Workspace
from followup.web.forms import VERSION
from followup.web.render import after_action, page, redirect, safe_next

router = gated_router(web_caller)
# The touch a one-click "reached" logs, by the channel the item suggests.
KIND_OF_CHANNEL = {
    Channel.EMAIL: InteractionKind.EMAIL,
    Channel.PHONE: InteractionKind.CALL,
    Channel.IN_PERSON: InteractionKind.MEETING,
    Channel.MESSAGE: InteractionKind.MESSAGE,
}


@router.get("/")
def home() -> Response:
    return redirect("/today")


@router.get("/today")
def today(
    request: Request,
    user: str | None = Query(None, max_length=200),
    at: str | None = Query(None, max_length=64),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    agenda = agenda_document(ws, at or None, user or None, caller.login, now(), with_versions=True)
    team = [u.name for u in directory.list_users(ws)]
    return page(request, "today.html", caller, agenda=agenda, team=team, at=at or "")


@router.post("/commitments/{commitment_id}/{verb}")
def close(
    request: Request,
    commitment_id: int,
    verb: Literal["done", "drop"],
    next: str = Form("/today", max_length=2000),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Mark a promise kept (done) or dropped, from Today or a person's page; refused (409,
    said in the page) if it changed since the page showed it."""
    status = Status.DONE if verb == "done" else Status.DROPPED
    closed = contact.close_commitment(ws, commitment_id, status, now(), version)
    said = "Kept" if status is Status.DONE else "Dropped"
    return after_action(request, caller, safe_next(next), f"{said}: {closed['what']}.")


@router.post("/people/{person_id}/reached")
def reached(
    request: Request,
    person_id: int,
    channel: Channel = Form(Channel.EMAIL),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Log, in one click, that we reached the person just now by the suggested channel."""
    entry = contact.LogInput(kind=KIND_OF_CHANNEL[channel], outcome=Outcome.REACHED)
    logged = contact.log_interaction(ws, str(person_id), entry, now(), caller.login)
    message = f"Logged a {entry.kind.value} (#{logged['interaction_id']})."
    return after_action(request, caller, "/today", message)
