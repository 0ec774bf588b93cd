"""History of a person or an account, a person's data as a download, and forgetting them
(admins only, after a confirmation page)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Request
from fastapi.responses import JSONResponse, Response

from followup.api.auth import Caller, admin_only, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.errors import InvalidInput
from followup.services.history import history_of, readable
from followup.services.privacy import export_person, forget_person, person_to_forget
from followup.services.workspace import Workspace
from followup.web.render import page, redirect, when

router = gated_router(web_caller)
ADMIN = admin_only(web_caller)
SHOWN = 200  # latest changes on the page


@router.get("/people/{person_id}/history")
def person_history(
    request: Request,
    person_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    document = history_of(ws, person=str(person_id), limit=SHOWN)
    return _history(request, caller, document, f"/people/{person_id}")


@router.get("/accounts/{account_id}/history")
def account_history(
    request: Request,
    account_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    document = history_of(ws, account=str(account_id), limit=SHOWN)
    return _history(request, caller, document, f"/accounts/{account_id}")


def _history(request: Request, caller: Caller, document: dict[str, Any], back: str) -> Response:
    lines = readable(document, lambda moment: when(moment, caller.user.timezone))
    subject = document["subject"]
    return page(request, "history.html", caller, subject=subject, lines=lines, back=back)


@router.get("/people/{person_id}/export.json")
def person_download(person_id: int, ws: Workspace = Depends(workspace)) -> Response:
    """Everything held about the person, as a JSON file to hand over."""
    document = export_person(ws, str(person_id), now())
    attachment = {"Content-Disposition": f'attachment; filename="person-{person_id}.json"'}
    return JSONResponse(document, headers=attachment)


@router.get("/people/{person_id}/forget", dependencies=[ADMIN])
def forget_page(
    request: Request,
    person_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """The confirmation step: who will be forgotten, and what that means."""
    who = person_to_forget(ws, str(person_id))
    return page(request, "forget.html", caller, who=who)


@router.post("/people/{person_id}/forget", dependencies=[ADMIN])
def forget(
    person_id: int,
    understood: str = Form("", max_length=10),
    ws: Workspace = Depends(workspace),
) -> Response:
    if understood != "yes":
        raise InvalidInput("tick 'I understand this cannot be undone' to forget the person")
    report = forget_person(ws, str(person_id), now())
    kept = report["kept_anonymous"]["interactions"]
    message = f"Forgot person #{person_id}; {kept} interactions stay as anonymous stubs."
    return redirect("/people", message)
