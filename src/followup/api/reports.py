"""/api/reports/{name}: the numbers of `followup report NAME --json`."""

from __future__ import annotations

from fastapi import Depends, Query
from fastapi.responses import JSONResponse

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.services.reports import ReportQuery, run_report
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["reports"])


@router.get("/reports/{name}")
def report(
    name: str,
    since: str | None = Query(None, max_length=64, description="ISO date; default a year ago"),
    until: str | None = Query(None, max_length=64, description="ISO date, inclusive; default now"),
    user: str | None = Query(None, max_length=200, description="only this user's; default all"),
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> JSONResponse:
    """A report by name: followups, responses, pipeline, satisfaction or breaches (the last
    two take only `since`). The same document as `followup report NAME --json`."""
    document = run_report(ws, name, ReportQuery(since, until, user), now(), caller.login)
    return JSONResponse(document)
