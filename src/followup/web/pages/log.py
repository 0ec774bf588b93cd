"""Log a meeting (or any touch) with its notes and the promises made in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class MeetingForm:
    """The log form as the user filled it in (shown again as typed when the page returns)."""

    kind: InteractionKind = InteractionKind.MEETING
    direction: Direction = Direction.OUT
    outcome: str = ""
    at: str = ""
    notes: str = ""
    we: str = ""
    they: str = ""
    lang: str = ""

    def entry(self) -> contact.LogInput:
        """What to log; each line of 'we'/'they' is a promise 'WHAT by DATE', as `followup log`."""
        promises = [contact.inline_promise(Side.US, text) for text in lines_only(self.we)]
        promises += [contact.inline_promise(Side.THEM, text) for text in lines_only(self.they)]
        result = Outcome(self.outcome) if self.outcome in set(Outcome) else None
        return contact.LogInput(
            self.kind, self.direction, result, optional(self.at), optional(self.notes), promises
        )


def meeting_form(
    kind: InteractionKind = Form(InteractionKind.MEETING),
    direction: Direction = Form(Direction.OUT),
    outcome: str = Form("", max_length=16),
    at: str = Form("", max_length=64),
    notes: str = Form("", max_length=100_000),
    we: str = Form("", max_length=20_000),
    they: str = Form("", max_length=20_000),
    lang: str = Form("", max_length=16),
) -> MeetingForm:
    return MeetingForm(kind, direction, outcome, at, notes, we, they, lang)


def log_page(
    request: Request, caller: Caller, ws: Workspace, person_id: int, status: int = 200,
    **context: Any,
) -> Response:  # fmt: skip
    """The log page; with `rows` (and `rhythm`) it shows the proposed next steps to review."""
    person = people.show_person(ws, str(person_id))
    context.setdefault("form", MeetingForm())
    return page(request, "log.html", caller, status, person=person, **context)


@router.get("/people/{person_id}/log")
def log_form(
    request: Request,
    person_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return log_page(request, caller, ws, person_id)


@router.post("/people/{person_id}/log")
def log(
    person_id: int,
    form: MeetingForm = Depends(meeting_form),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Log it with the promises typed in 'we' and 'they'."""
    logged = contact.log_interaction(ws, str(person_id), form.entry(), now(), caller.login)
    made = len(logged["commitments"])
    message = f"Logged the {form.kind.value}" + (f" with {made} commitment(s)." if made else ".")
    return redirect(f"/people/{person_id}", message)


def lines_only(text: str) -> list[str]:
    """One promise per line (commas may be part of what was promised)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
