"""Accounts: the organisations, each with its culture's etiquette and its people, and their
edit form (as `followup account edit`, with the version the page showed)."""

from __future__ import annotations

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.services import browse, directory
from followup.services.workspace import Workspace
from followup.web.forms import VERSION, optional
from followup.web.pages.account_service import service_of
from followup.web.render import page, redirect

router = gated_router(web_caller)


@router.get("/accounts")
def accounts(
    request: Request,
    q: str = Query("", max_length=300),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    found = browse.browse_accounts(ws, q, limit=100, offset=offset)
    cultures = sorted(ws.cultures.profiles)
    return page(request, "accounts.html", caller, found=found, q=q, cultures=cultures)


@router.post("/accounts")
def add_account(
    name: str = Form(..., max_length=300),
    country: str = Form("", max_length=2),
    tier: str = Form("", max_length=64),
    culture: str = Form("", max_length=32),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    account = directory.add_account(
        ws, name, now(), None, caller.login, optional(country), optional(tier), optional(culture)
    )
    return redirect(f"/accounts/{account.id}", f"Added {account.name}.")


@router.get("/accounts/{account_id}")
def account_page(
    request: Request,
    account_id: int,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    account = directory.show_account(ws, str(account_id))
    service = service_of(ws, account_id)
    cultures = sorted(ws.cultures.profiles)
    return page(request, "account.html", caller, account=account, cultures=cultures, **service)


@router.post("/accounts/{account_id}/edit")
def edit_account(
    account_id: int,
    name: str = Form(..., max_length=300),
    country: str = Form("", max_length=2),
    culture: str = Form("", max_length=32),
    culture_shown: str = Form("", max_length=32),
    tier: str = Form("", max_length=64),
    owner: str = Form("", max_length=200),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """Save the edit form; an account changed since the page showed it is refused (409).

    The page shows the culture in force, which may be its country's: only a culture chosen
    here is stored with the account (one left as shown keeps following the country)."""
    chosen = None if culture == culture_shown else culture
    changes = directory.AccountChanges(name, country, chosen, tier, optional(owner), version)
    edited = directory.edit_account(ws, str(account_id), changes, now())
    return redirect(f"/accounts/{account_id}", f"Saved {edited['name']}.")
