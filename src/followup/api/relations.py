"""Who knows whom, what people care about, the content library, and whom to visit."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Response

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intel_schemas import (
    ContentIn,
    ContentPage,
    ContentPiece,
    ContentSend,
    ContentSent,
    Interests,
    InterestsIn,
    Link,
    LinkIn,
    Removed,
    Ties,
    Visit,
)
from followup.api.people import Limit, Offset
from followup.api.versions import tagged
from followup.domain.relationship import LinkKind
from followup.services import relations, visits
from followup.services.browse import paged_document
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["relationships"])


@router.get("/people/{person_id}/links", response_model=Ties)
def ties(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Whom the person is linked to (phrased from their side) and their interests."""
    return relations.ties(ws, str(person_id))


@router.post("/people/{person_id}/links", status_code=201, response_model=Link)
def link(person_id: int, body: LinkIn, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record that the person introduced_by, knows or reports_to `other` (409 if known)."""
    return relations.link(ws, str(person_id), str(body.other), body.kind, now())


@router.delete("/people/{person_id}/links/{other_id}", response_model=Removed)
def unlink(
    person_id: int,
    other_id: int,
    kind: LinkKind | None = Query(None, alias="as", description="only this kind of link"),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Remove the links between two people (404 if there is none)."""
    return {"removed": relations.unlink(ws, str(person_id), str(other_id), kind)}


@router.get("/people/{person_id}/interests", response_model=Interests)
def interests(person_id: int, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    return relations.set_interests(ws, str(person_id), [], [])


@router.patch("/people/{person_id}/interests", response_model=Interests)
def change_interests(
    person_id: int, body: InterestsIn, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Add and remove topics the person cares about (content is matched to them)."""
    return relations.set_interests(ws, str(person_id), body.add, body.remove)


@router.get("/content", response_model=ContentPage)
def list_content(
    ws: Workspace = Depends(workspace),
    topic: str | None = Query(None, max_length=100),
    person: str | None = Query(
        None, alias="for", max_length=300, description="pieces on their interests, not sent yet"
    ),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """The content library, newest first."""
    return paged_document(relations.list_content(ws, topic, person), "content", limit, offset)


@router.post("/content", status_code=201, response_model=ContentPiece)
def add_content(
    body: ContentIn,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """A piece for the library, tagged with its topics."""
    added = relations.add_content(
        ws, body.title, body.kind.value, body.topics, now(), caller.login, body.url
    )
    return tagged(response, added)


@router.post("/content/{content_id}/sends", status_code=201, response_model=ContentSent)
def send_content(
    content_id: int,
    body: ContentSend,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Record that a piece went to someone (logged as an outbound email)."""
    return relations.send_content(
        ws, content_id, str(body.to), now(), caller.login, body.at, body.confirm
    )


@router.get("/visits", response_model=Visit)
def visit(
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
    city: str = Query(..., min_length=1, max_length=100, examples=["München"]),
    first: str = Query(..., alias="from", min_length=1, max_length=64, description="ISO date"),
    last: str = Query(..., alias="to", min_length=1, max_length=64, description="ISO date"),
    everyone: bool = Query(False, alias="all", description="the whole team's contacts"),
) -> dict[str, Any]:
    """Who is worth meeting in a city while you are there, with a draft note each."""
    return visits.visit(ws, city, first, last, caller.login, everyone)
