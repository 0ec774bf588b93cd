"""Log a meeting (or any touch) with its notes and the promises made in it."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.model import Direction, InteractionKind, Outcome, Side
from followup.services import contact, people
from followup.services.workspace import Workspace
from followup.web.forms import optional
from followup.web.render import page, redirect

router = gated_router(web_caller)


@router.get("/people/{person_id}/log")
def log_form(
    request: Request,
    person_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    person = people.show_person(ws, str(person_id))
    return page(request, "log.html", caller, person=person)


@router.post("/people/{person_id}/log")
def log(
    person_id: int,
    kind: InteractionKind = Form(InteractionKind.MEETING),
    direction: Direction = Form(Direction.OUT),
    outcome: str = Form("", max_length=16),
    at: str = Form("", max_length=64),
    notes: str = Form("", max_length=100_000),
    we: str = Form("", max_length=20_000),
    they: str = Form("", max_length=20_000),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Log it; each line of 'we'/'they' is a promise 'WHAT by DATE', as `followup log`."""
    promises = [contact.inline_promise(Side.US, text) for text in lines_only(we)]
    promises += [contact.inline_promise(Side.THEM, text) for text in lines_only(they)]
    result = Outcome(outcome) if outcome in set(Outcome) else None
    entry = contact.LogInput(kind, direction, result, optional(at), optional(notes), promises)
    logged = contact.log_interaction(ws, str(person_id), entry, now(), caller.login)
    made = len(logged["commitments"])
    message = f"Logged the {kind.value}" + (f" with {made} commitment(s)." if made else ".")
    return redirect(f"/people/{person_id}", message)


def lines_only(text: str) -> list[str]:
    """One promise per line (commas may be part of what was promised)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
