"""Log a meeting from its notes: the proposed next steps on both sides reviewed (accept,
edit, reject), saved with the interaction, then the recap for the customer.

The same flow as `followup log --extract`: `capture.draft_meeting` proposes (in the
person's time zone), the user decides on the page, `capture.save_meeting` saves it all in
one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, Side
from followup.extract import ProposedCadence
from followup.services import capture
from followup.services import recap as recaps
from followup.services.workspace import Workspace
from followup.web.forms import optional
from followup.web.pages.log import MeetingForm, log_page, meeting_form
from followup.web.render import page, redirect

router = gated_router(web_caller)
MAX_PROPOSALS = 500


@dataclass(frozen=True)
class Row:
    """One proposed next step as the user left it on the page."""

    accepted: bool
    owner: Side
    who: str
    what: str
    due: str  # as typed: an ISO date, a phrase such as 'next Friday', or empty
    agreed: bool
    quote: str
    error: str | None = None


@dataclass(frozen=True)
class Review:
    rows: list[Row]
    rhythm: ProposedCadence | None  # the rhythm offered (None: the notes named none)
    rhythm_accepted: bool


def review_form(
    p_accept: list[int] = Form([]),
    p_owner: list[Side] = Form([]),
    p_who: list[str] = Form([]),
    p_what: list[str] = Form([]),
    p_due: list[str] = Form([]),
    p_agreed: list[int] = Form([]),
    p_quote: list[str] = Form([]),
    rhythm: bool = Form(False),
    rhythm_every: int | None = Form(None, ge=1, le=3650),
    rhythm_channel: str = Form("", max_length=16),
) -> Review:
    """The review part of the form: one value per proposal in each list, in order; the
    checkboxes send the numbers of the proposals ticked."""
    fields = (p_owner, p_who, p_what, p_due, p_quote)
    if len({len(f) for f in fields}) > 1 or len(p_owner) > MAX_PROPOSALS:
        raise InvalidInput("the proposed next steps came back incomplete: propose them again")
    rows = [
        Row(n in p_accept, owner, who.strip(), what.strip(), due.strip(), n in p_agreed, quote)
        for n, (owner, who, what, due, quote) in enumerate(zip(*fields, strict=True))
    ]
    channel = rhythm_channel if rhythm_channel in set(Channel) else None
    offered = ProposedCadence(rhythm_every, channel) if rhythm_every else None
    return Review(rows, offered, rhythm and offered is not None)


@router.post("/people/{person_id}/log/propose")
def propose(
    request: Request,
    person_id: int,
    form: MeetingForm = Depends(meeting_form),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Read the notes for promises on both sides and a rhythm; nothing is written."""
    try:
        draft = _draft(ws, person_id, form, caller)
    except InvalidInput as exc:  # no notes, a language followup cannot read: said in place
        return log_page(request, caller, ws, person_id, 422, form=form, error=exc.message)
    rows = [
        Row(True, p.owner, p.who or "", p.what, p.due or "", p.agreed, p.quote)
        for p in draft.proposals
    ]
    review = Review(rows, draft.cadence, draft.cadence is not None)
    return log_page(request, caller, ws, person_id, form=form, review=review)


@router.post("/people/{person_id}/log/confirm")
def confirm(
    request: Request,
    person_id: int,
    form: MeetingForm = Depends(meeting_form),
    review: Review = Depends(review_form),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Save the interaction with the accepted next steps (and the rhythm, if ticked)."""
    draft = _draft(ws, person_id, form, caller)
    checked = [_checked(row, draft) if row.accepted else row for row in review.rows]
    if any(row.error for row in checked):
        review = replace(review, rows=checked)
        return log_page(request, caller, ws, person_id, 422, form=form, review=review)
    accepted = [
        capture.Proposal(r.owner, r.what, r.due or None, r.who or None, r.agreed, r.quote)
        for r in checked
        if r.accepted
    ]
    cadence = review.rhythm if review.rhythm_accepted else None
    entry = form.entry()
    logged = capture.save_meeting(ws, draft, entry, accepted, cadence, now(), caller.login)
    return redirect(f"/people/{person_id}/recap/{logged.interaction_id}", _said(logged, cadence))


def _draft(
    ws: Workspace, person_id: int, form: MeetingForm, caller: Caller
) -> capture.MeetingDraft:
    if not form.notes.strip():
        raise InvalidInput("paste the meeting's notes or transcript first")
    return capture.draft_meeting(
        ws, str(person_id), form.notes, optional(form.at), now(), caller.login, optional(form.lang)
    )


def _checked(row: Row, draft: capture.MeetingDraft) -> Row:
    """The row with its due date as an ISO day, or with the reason it cannot be saved."""
    if not row.what:
        return replace(row, error="say what was promised, or untick Accept")
    try:
        return replace(row, due=capture.resolve_due(row.due, draft) if row.due else "")
    except InvalidInput as exc:
        return replace(row, error=exc.message)


def _said(logged: capture.LoggedMeeting, cadence: ProposedCadence | None) -> str:
    made = len(logged.commitments)
    text = f"Logged #{logged.interaction_id} with {made} commitment{'s' * (made != 1)}"
    text += f" and a rhythm of every {cadence.every_days} days." if cadence else "."
    if logged.dated_by_default:
        text += f" No date was given for {len(logged.dated_by_default)}: due in a week."
    return text


@router.get("/people/{person_id}/recap/{interaction_id}")
def recap_page(
    request: Request,
    person_id: int,
    interaction_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """The recap email for the customer, as text and as HTML, each to copy."""
    text = recaps.recap(ws, interaction_id, "text")
    html = recaps.recap(ws, interaction_id, "html")
    return page(request, "recap.html", caller, person_id=person_id, text=text, html=html)
