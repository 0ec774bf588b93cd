"""Meeting notes: proposed commitments, a meeting logged with the ones confirmed, the recap."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import Depends, Query

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intake_schemas import (
    ExtractIn,
    Extraction,
    LoggedMeeting,
    MeetingIn,
    Recap,
)
from followup.domain.localtime import zone
from followup.extract import ProposedCadence
from followup.formats.recap import RecapFormat
from followup.services import capture, contact
from followup.services import recap as recaps
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["capture"])


@router.post("/extract", response_model=Extraction)
def extract(body: ExtractIn, caller: Caller = Depends(api_caller)) -> dict[str, object]:
    """The commitments (ours and theirs) and the rhythm proposed in meeting notes; nothing
    is stored. Confirm them with POST /api/people/{id}/meetings."""
    where = zone(body.tz or caller.user.timezone)
    found = capture.extract_notes(body.text, body.at, where, now(), body.us, body.them, body.lang)
    return found.document()


@router.post("/people/{person_id}/meetings", status_code=201, response_model=LoggedMeeting)
def log_meeting(
    person_id: int,
    body: MeetingIn,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Log a meeting from its notes with the commitments the user confirmed, and the
    rhythm agreed in it, all at once."""
    entry = contact.LogInput(body.kind, body.direction, body.outcome, body.at, body.notes,
                             confirm=body.confirm)  # fmt: skip
    confirmed = [
        capture.Proposal(c.owner, c.what, c.due, c.who, c.agreed, c.quote) for c in body.commitments
    ]
    rhythm = body.rhythm
    cadence = ProposedCadence(rhythm.every_days, rhythm.channel) if rhythm else None
    logged = capture.log_confirmed(
        ws, str(person_id), entry, confirmed, cadence, now(), caller.login, body.lang
    )
    return logged.document()


@router.get("/interactions/{interaction_id}/recap", response_model=Recap)
def recap(
    interaction_id: int,
    fmt: RecapFormat = Query(RecapFormat.TEXT, alias="format"),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """The recap email for the customer: agreed next steps and the next contact, in their
    language; `body` is text, Markdown or an HTML fragment."""
    return asdict(recaps.recap(ws, interaction_id, fmt.value))
