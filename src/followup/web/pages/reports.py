"""Reports: promises kept on time, attempts answered, the pipeline, satisfaction; each as
an inline SVG chart with its table."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import now, workspace
from followup.services import directory
from followup.services.reports import ReportQuery, run_report
from followup.services.workspace import Workspace
from followup.web import report_charts as charts
from followup.web.forms import optional
from followup.web.render import page

router = gated_router(web_caller)


@router.get("/reports")
def reports(
    request: Request,
    since: str = Query("", max_length=64),
    until: str = Query("", max_length=64),
    user: str = Query("", max_length=200),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    query = ReportQuery(optional(since), optional(until), optional(user))
    at = now()
    found = {
        name: run_report(ws, name, query, at, caller.login)
        for name in ("followups", "responses", "pipeline")
    }
    found["satisfaction"] = run_report(
        ws, "satisfaction", ReportQuery(query.since), at, caller.login
    )
    return page(
        request,
        "reports.html",
        caller,
        reports=found,
        followup_charts=charts.followup_charts(found["followups"]),
        response_charts=charts.response_charts(found["responses"]),
        pipeline_chart=charts.pipeline_chart(found["pipeline"]),
        satisfaction_chart=charts.satisfaction_chart(found["satisfaction"]),
        filters={"since": since, "until": until, "user": user},
        team=[u.name for u in directory.list_users(ws)],
    )
