"""/api/people and /api/accounts: find, read, add and edit people and accounts."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Response

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.schemas import AccountIn, AccountPatch, PersonIn, PersonPatch
from followup.api.versions import IfMatch, expected_version, tagged
from followup.domain.model import Stage
from followup.services import browse, directory, people
from followup.services.timeline import timeline
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["people and accounts"])
Limit = Query(50, ge=1, le=browse.MAX_PAGE, description="page size")
Offset = Query(0, ge=0, le=2**31 - 1, description="how many to skip")


@router.get("/people")
def list_people(
    ws: Workspace = Depends(workspace),
    q: str | None = Query(None, max_length=300, description="name or email contains"),
    account: str | None = Query(None, max_length=300),
    event: str | None = Query(None, max_length=300, description="where they were met"),
    stage: Stage | None = None,
    owner: str | None = Query(None, max_length=200),
    culture: str | None = Query(None, max_length=32),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """People matching every filter, in name order, one page at a time."""
    return browse.browse_people(
        ws, account, event, stage.value if stage else None, owner, culture, q, limit, offset
    )


@router.post("/people", status_code=201)
def add_person(
    body: PersonIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    fields = people.PersonFields(
        **body.model_dump(exclude={"stage"}), stage=body.stage.value if body.stage else None
    )
    return tagged(response, people.add_person(ws, fields, now(), caller.login))


@router.get("/people/{person_id}")
def show_person(
    person_id: int, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A person with their rhythm and commitments; the ETag is their version."""
    return tagged(response, people.show_person(ws, str(person_id)))


@router.patch("/people/{person_id}")
def edit_person(
    person_id: int,
    body: PersonPatch,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change the fields given; a stale `version` or If-Match is refused with 409."""
    values = body.model_dump(exclude={"add_emails", "add_phones", "stage", "version"})
    fields = people.PersonFields(
        **values,
        emails=body.add_emails,
        phones=body.add_phones,
        stage=body.stage.value if body.stage else None,
        version=expected_version(body.version, if_match),
    )
    return tagged(response, people.edit_person(ws, str(person_id), fields, now()))


@router.get("/people/{person_id}/timeline")
def person_timeline(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Every touch and promise, newest first."""
    return timeline(ws, str(person_id))


@router.get("/accounts")
def list_accounts(
    ws: Workspace = Depends(workspace),
    q: str | None = Query(None, max_length=300, description="name contains"),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    return browse.browse_accounts(ws, q, limit, offset)


@router.post("/accounts", status_code=201)
def add_account(
    body: AccountIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    account = directory.add_account(
        ws, body.name, now(), body.owner, caller.login, body.country, body.tier, body.culture
    )
    return tagged(response, directory.show_account(ws, str(account.id)))


@router.get("/accounts/{account_id}")
def show_account(
    account_id: int, response: Response, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """An account with its culture's etiquette and its people; the ETag is its version."""
    return tagged(response, directory.show_account(ws, str(account_id)))


@router.patch("/accounts/{account_id}")
def edit_account(
    account_id: int,
    body: AccountPatch,
    response: Response,
    if_match: IfMatch,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change the fields given (as `followup account edit`); check-ins and its people's
    rhythms follow. A stale `version` or If-Match is refused with 409."""
    changes = directory.AccountChanges(
        **body.model_dump(exclude={"version"}), version=expected_version(body.version, if_match)
    )
    return tagged(response, directory.edit_account(ws, str(account_id), changes, now()))
