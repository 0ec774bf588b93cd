"""/api/.../history, /api/people/{id}/export and /forget: the audit trail and privacy."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query

from followup.api.auth import admin_only, api_caller, gated_router
from followup.api.context import now, workspace
from followup.services.history import MAX_LIMIT, history_of
from followup.services.privacy import export_person, forget_person
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["history and privacy"])
Limit = Query(50, ge=1, le=MAX_LIMIT, description="latest changes returned")


@router.get("/people/{person_id}/history")
def person_history(
    person_id: int, limit: int = Limit, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Every change to the person and what belongs to them, newest first."""
    return history_of(ws, person=str(person_id), limit=limit)


@router.get("/accounts/{account_id}/history")
def account_history(
    account_id: int, limit: int = Limit, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Every change to the account, its people, deals, requests and feedback."""
    return history_of(ws, account=str(account_id), limit=limit)


@router.get("/deals/{deal_id}/history")
def deal_history(
    deal_id: int, limit: int = Limit, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Every change to the deal, its people, plan and share links."""
    return history_of(ws, deal=str(deal_id), limit=limit)


@router.get("/people/{person_id}/export")
def person_export(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Everything held about the person, as one document (their right to their data)."""
    return export_person(ws, str(person_id), now())


@router.post("/people/{person_id}/forget", dependencies=[admin_only(api_caller)])
def person_forget(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Erase the person and their personal data everywhere: irreversible, admins only."""
    return forget_person(ws, str(person_id), now())
