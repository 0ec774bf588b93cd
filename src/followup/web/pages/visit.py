"""In town anyway: a city and the days there -> who is worth meeting, why, and a draft
note for each (as `followup visit CITY --from --to`)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import workspace
from followup.domain.errors import FollowupError
from followup.services import visits
from followup.services.workspace import Workspace
from followup.web.errors import status_of
from followup.web.render import page

router = gated_router(web_caller)


@router.get("/visit")
def visit(
    request: Request,
    city: str = Query("", max_length=200),
    first: str = Query("", alias="from", max_length=64),
    last: str = Query("", alias="to", max_length=64),
    everyone: bool = Query(False, alias="all"),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """The form; with a city and dates, the people worth meeting there (said in place when
    the city or a date cannot be read)."""
    asked = {"city": city, "from": first, "to": last, "all": everyone}
    found: dict[str, Any] | None = None
    if city.strip():
        try:
            found = visits.visit(ws, city, first, last, caller.login, everyone)
        except FollowupError as exc:
            return page(
                request, "visit.html", caller, status_of(exc), asked=asked, error=exc.message
            )
    return page(request, "visit.html", caller, asked=asked, found=found)
