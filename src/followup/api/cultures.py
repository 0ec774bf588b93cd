"""/api/cultures/{key}: a culture profile, field by field, and (admins) its edits."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Depends, Path, Response

from followup.api.auth import Caller, admin_only, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intel_schemas import (
    CultureEditIn,
    CultureFields,
    CultureNew,
    CultureProfile,
    CultureReset,
    CultureResetIn,
    FieldValue,
)
from followup.api.versions import IfMatch, expected_version, tagged
from followup.services import cultures
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["cultures"])
ADMIN = admin_only(api_caller)
Key = Path(max_length=32, examples=["jp"])


def _assignment(field: str, value: FieldValue) -> str:
    """FIELD=VALUE as the CLI takes it: text stays text (TOML if it reads as TOML)."""
    return f"{field}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"


def _edit(
    ws: Workspace, key: str, body: CultureFields, login: str, version: int | None = None
) -> dict[str, Any]:
    """Edit the profile `key` (create it if `body` is a new one's)."""
    sets = [_assignment(field, value) for field, value in body.assign.items()]
    adds = [_assignment(field, v) for field, values in body.append.items() for v in values]
    new = isinstance(body, CultureNew)
    return cultures.edit_profile(ws, key, sets, adds, now(), login, body.note, new, version)


@router.get("/cultures/{key}", response_model=CultureProfile)
def show_culture(
    response: Response, key: str = Key, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Every field of a profile: its value, where it comes from and why; the ETag is the
    profile's version."""
    return tagged(response, cultures.show_profile(ws, key.strip().lower()))


@router.patch("/cultures/{key}", response_model=CultureProfile, dependencies=[ADMIN])
def edit_culture(
    body: CultureEditIn,
    response: Response,
    if_match: IfMatch,
    key: str = Key,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change a profile for this workspace (admins); nothing is written unless all of it
    is valid and the profile is still at If-Match (or `version`). The due times it moves
    are recomputed."""
    version = expected_version(body.version, if_match)
    return tagged(response, _edit(ws, key, body, caller.login, version))


@router.post("/cultures", status_code=201, response_model=CultureProfile, dependencies=[ADMIN])
def add_culture(
    body: CultureNew,
    response: Response,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """A profile of this workspace's own (admins), e.g. for a region."""
    return tagged(response, _edit(ws, body.key, body, caller.login))


@router.post("/cultures/{key}/reset", response_model=CultureReset, dependencies=[ADMIN])
def reset_culture(
    body: CultureResetIn,
    response: Response,
    if_match: IfMatch,
    key: str = Key,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Back to the shipped profile (admins); a workspace's own profile goes away. 409 if
    the profile changed since If-Match (or `version`)."""
    version = expected_version(body.version, if_match)
    return tagged(response, cultures.reset_profile(ws, key, body.fields, now(), version))
