"""Culture profiles: everyone reads every value with where it comes from; admins change a
field, add to a list, reset, or create a profile (as `followup culture edit|reset`)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from followup.api.auth import Caller, admin_only, gated_router, web_caller
from followup.api.context import now, workspace
from followup.domain.culture import FIELDS
from followup.domain.errors import FollowupError
from followup.domain.model import Stage
from followup.services import cultures
from followup.services.workspace import Workspace
from followup.web.errors import status_of
from followup.web.forms import VERSION, optional
from followup.web.render import page, redirect

router = gated_router(web_caller)
ADMIN = admin_only(web_caller)
# Every field a team may edit, with the rhythm of each stage on its own.
EDITABLE = [*FIELDS, *(f"cadence_days.{s.value}" for s in Stage if s is not Stage.COLLEAGUE)]


@router.get("/settings/cultures")
def culture_list(
    request: Request, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    return _list_page(request, caller, ws)


def _list_page(
    request: Request, caller: Caller, ws: Workspace, status: int = 200, **context: Any
) -> Response:
    profiles = cultures.list_profiles(ws)
    problem = ws.culture_problem
    return page(
        request, "cultures.html", caller, status, profiles=profiles, problem=problem, **context
    )


@router.post("/settings/cultures", dependencies=[ADMIN])
def create_profile(
    request: Request,
    key: str = Form(..., max_length=64),
    name: str = Form(..., max_length=200),
    countries: str = Form("", max_length=500),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A new profile of this workspace, starting from the default profile's rules."""
    sets = [f"name={name}"] + ([f"countries={countries}"] if countries.strip() else [])
    try:
        made = cultures.edit_profile(ws, key, sets, [], now(), caller.login, None, create=True)
    except FollowupError as exc:
        return _list_page(request, caller, ws, status_of(exc), error=exc.message, key=key)
    return redirect(f"/settings/cultures/{made['key']}", f"Created profile {made['key']}.")


@router.get("/settings/cultures/{key}")
def culture_page(
    request: Request,
    key: str,
    field: str = Query("", max_length=64),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """A profile; `field` preselects the field to change in the admin's form."""
    return _profile_page(request, caller, ws, key, chosen=field)


def _profile_page(
    request: Request, caller: Caller, ws: Workspace, key: str, status: int = 200, **context: Any
) -> Response:
    profile = cultures.show_profile(ws, key.strip().lower())
    context.setdefault("value", _current(profile, context.get("chosen", "")))
    return page(
        request, "culture.html", caller, status, profile=profile, editable=EDITABLE, **context
    )


def _current(profile: dict[str, Any], chosen: str) -> str:
    """What the value field starts with: the field's value, when it is a number or a word."""
    found = [f["value"] for f in profile["fields"] if f["field"] == chosen]
    value = found[0] if found else None
    return str(value) if isinstance(value, int | float | str) else ""


@router.post("/settings/cultures/{key}", dependencies=[ADMIN])
def edit_profile(
    request: Request,
    key: str,
    field: str = Form(..., max_length=64),
    value: str = Form("", max_length=10_000),
    note: str = Form("", max_length=1000),
    how: Literal["set", "add"] = Form("set"),
    version: int | None = VERSION,
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Set a field (or add to a list field); refused whole, in place, if the result is invalid
    or the profile changed since the page showed it."""
    change = [f"{field}={value}"]
    sets, adds = (change, []) if how == "set" else ([], change)
    try:
        done = cultures.edit_profile(
            ws, key, sets, adds, now(), caller.login, optional(note), version=version
        )
    except FollowupError as exc:
        typed = {"chosen": field, "value": value, "note": note}
        return _profile_page(request, caller, ws, key, status_of(exc), error=exc.message, **typed)
    moved = done["recomputed"]
    message = (
        f"Saved {field} of {done['key']}; recomputed the next due time of {moved['people']} "
        f"people and the check-in of {moved['accounts']} accounts."
    )
    return redirect(f"/settings/cultures/{done['key']}", message)


@router.post("/settings/cultures/{key}/reset", dependencies=[ADMIN])
def reset_profile(
    key: str,
    field: str = Form("", max_length=64),
    version: int | None = VERSION,
    ws: Workspace = Depends(workspace),
) -> Response:
    """Back to the shipped values: of one field, or (no field) of the whole profile."""
    done = cultures.reset_profile(ws, key, [field] if field else [], now(), version)
    gone = done["key"] not in ws.cultures.profiles  # a profile of this workspace, removed
    back = "/settings/cultures" + ("" if gone else f"/{done['key']}")
    return redirect(back, f"Reset {', '.join(done['reset'])} of {done['key']}.")
