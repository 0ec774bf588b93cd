"""The content library: pieces to send (articles, case studies, release notes) by topic;
members add them (as `followup content list|add`)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.errors import FollowupError
from followup.services import relations
from followup.services.relations import CONTENT_KINDS
from followup.services.workspace import Workspace
from followup.web.errors import status_of
from followup.web.forms import lines, optional
from followup.web.render import page, redirect

router = gated_router(web_caller)
PAGE = "/settings/content"


@router.get(PAGE)
def library(
    request: Request,
    topic: str = Query("", max_length=200),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    return _page(request, caller, ws, topic)


def _page(
    request: Request, caller: Caller, ws: Workspace, topic: str, status: int = 200, **context: Any
) -> Response:
    found = relations.list_content(ws, optional(topic))["content"]
    context.setdefault("typed", {})
    return page(
        request, "library.html", caller, status,
        pieces=found, topic=topic, kinds=CONTENT_KINDS, **context,
    )  # fmt: skip


@router.post(PAGE)
def add_piece(
    request: Request,
    title: str = Form(..., max_length=300),
    kind: str = Form("article", max_length=32),
    topics: str = Form("", max_length=2000),
    url: str = Form("", max_length=2000),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Add a piece tagged with its topics (comma-separated or one a line)."""
    try:
        added = relations.add_content(
            ws, title, kind, lines(topics), now(), caller.login, optional(url)
        )
    except FollowupError as exc:
        typed = {"title": title, "kind": kind, "topics": topics, "url": url}
        return _page(request, caller, ws, "", status_of(exc), error=exc.message, typed=typed)
    return redirect(PAGE, f"Added {added['title']}.")
