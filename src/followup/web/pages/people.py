"""People: search and filters, a person's page with their timeline, and every edit."""

from __future__ import annotations

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.durations import parse_days
from followup.domain.model import Channel, FollowUpPoint, Side
from followup.services import browse, contact, people
from followup.services.timeline import timeline
from followup.services.workspace import Workspace
from followup.web.forms import VERSION, changed, lines, optional
from followup.web.render import after_action, page, redirect, safe_next

router = gated_router(web_caller)
PAGE = 50


@router.get("/people")
def people_list(
    request: Request,
    q: str = Query("", max_length=300),
    stage: str = Query("", max_length=16),
    culture: str = Query("", max_length=32),
    owner: str = Query("", max_length=200),
    event: str = Query("", max_length=300),
    account: str = Query("", max_length=300),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    filters = {"q": q, "stage": stage, "culture": culture, "owner": owner, "event": event}
    filters["account"] = account
    found = browse.browse_people(
        ws, account, event, stage, owner, culture, q, limit=PAGE, offset=offset
    )
    return page(
        request, "people.html", caller, found=found, filters=filters, facets=browse.facets(ws)
    )


@router.post("/people")
def add_person(
    name: str = Form(..., max_length=300),
    email: str = Form("", max_length=2000),
    phone: str = Form("", max_length=2000),
    account: str = Form("", max_length=300),
    country: str = Form("", max_length=2),
    stage: str = Form("", max_length=16),
    source: str = Form("", max_length=300),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    fields = people.PersonFields(
        name=name,
        emails=lines(email),
        phones=lines(phone),
        account=optional(account),
        country=optional(country),
        stage=optional(stage),
        source=optional(source),
    )
    added = people.add_person(ws, fields, now(), caller.login)
    return redirect(f"/people/{added['id']}", f"Added {added['name']}.")


@router.get("/people/{person_id}")
def person_page(
    request: Request,
    person_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    person = people.show_person(ws, str(person_id))
    history = timeline(ws, str(person_id))["entries"]
    return page(request, "person.html", caller, person=person, history=history)


@router.post("/people/{person_id}/edit")
def edit_person(
    person_id: int,
    version: int = Form(..., ge=1, le=2**31 - 1),
    name: str = Form(..., max_length=300),
    account: str = Form("", max_length=300),
    country: str = Form("", max_length=2),
    timezone: str = Form(..., max_length=64),
    stage: str = Form(..., max_length=16),
    owner: str = Form(..., max_length=200),
    source: str = Form("", max_length=300),
    notes: str = Form("", max_length=100_000),
    emails: str = Form("", max_length=10_000),
    emails_before: str = Form("", max_length=10_000),
    phones: str = Form("", max_length=10_000),
    phones_before: str = Form("", max_length=10_000),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Save the edit form; an edit of a version someone else changed since is a 409.

    The email and phone fields list them all: what was added is added, what was taken
    out is removed (against the lists the form was made with)."""
    added_emails, removed_emails = changed(emails_before, emails)
    added_phones, removed_phones = changed(phones_before, phones)
    fields = people.PersonFields(
        emails=added_emails,
        remove_emails=removed_emails,
        phones=added_phones,
        remove_phones=removed_phones,
        name=name,
        account=account,
        country=country,
        timezone=timezone,
        stage=stage,
        owner=owner,
        source=source,
        notes=notes,
        version=version,
    )
    people.edit_person(ws, str(person_id), fields, now())
    return redirect(f"/people/{person_id}", "Saved.")


@router.post("/people/{person_id}/agreement")
def agree(
    person_id: int,
    every: str = Form(..., max_length=16),
    min_gap: str = Form("", max_length=16),
    channel: str = Form("", max_length=16),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """Agree a rhythm; the agreement is part of the person, so is the version checked."""
    gap = parse_days(min_gap, "minimum gap") if min_gap.strip() else None
    chosen = Channel(channel) if channel in set(Channel) else None
    days = parse_days(every)
    contact.agree(ws, str(person_id), days, now(), gap, chosen, version=version)
    return redirect(f"/people/{person_id}", "Rhythm agreed.")


@router.post("/people/{person_id}/snooze")
def snooze(
    request: Request,
    person_id: int,
    until: str = Form("", max_length=64),
    next: str = Form("", max_length=2000),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Snooze until a day (an empty day ends the snooze)."""
    day = optional(until)
    snoozed = contact.snooze(ws, str(person_id), day, now(), caller.login, version)
    message = f"{snoozed['name']} snoozed." if until else f"{snoozed['name']} is back."
    return after_action(request, caller, safe_next(next, f"/people/{person_id}"), message)


@router.post("/people/{person_id}/commitments")
def add_commitment(
    person_id: int,
    owner: Side = Form(...),
    what: str = Form(..., max_length=2000),
    due: str = Form(..., max_length=64),
    agreed: bool = Form(False),
    point: FollowUpPoint = Form(FollowUpPoint.NEXT_STEP),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    promise = contact.PromiseInput(owner, what, due, agreed, None, point)
    contact.add_commitment(ws, str(person_id), promise, now(), caller.login)
    return redirect(f"/people/{person_id}", "Commitment recorded.")
