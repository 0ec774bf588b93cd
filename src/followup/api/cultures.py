"""/api/cultures/{key}: a culture profile, field by field, and (admins) its edits."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Depends, Path

from followup.api.auth import Caller, admin_only, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intel_schemas import (
    CultureEditIn,
    CultureNew,
    CultureProfile,
    CultureReset,
    CultureResetIn,
    FieldValue,
)
from followup.services import cultures
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["cultures"])
ADMIN = admin_only(api_caller)
Key = Path(max_length=32, examples=["jp"])


def _assignment(field: str, value: FieldValue) -> str:
    """FIELD=VALUE as the CLI takes it: text stays text (TOML if it reads as TOML)."""
    return f"{field}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"


def _edit(ws: Workspace, key: str, body: CultureEditIn, login: str, new: bool) -> dict[str, Any]:
    sets = [_assignment(field, value) for field, value in body.assign.items()]
    adds = [_assignment(field, v) for field, values in body.append.items() for v in values]
    return cultures.edit_profile(ws, key, sets, adds, now(), login, body.note, new)


@router.get("/cultures/{key}", response_model=CultureProfile)
def show_culture(key: str = Key, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Every field of a profile: its value, where it comes from and why."""
    return cultures.show_profile(ws, key.strip().lower())


@router.patch("/cultures/{key}", response_model=CultureProfile, dependencies=[ADMIN])
def edit_culture(
    body: CultureEditIn,
    key: str = Key,
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Change a profile for this workspace (admins); nothing is written unless all of it
    is valid. The due times it moves are recomputed."""
    return _edit(ws, key, body, caller.login, new=False)


@router.post("/cultures", status_code=201, response_model=CultureProfile, dependencies=[ADMIN])
def add_culture(
    body: CultureNew, caller: Caller = Depends(api_caller), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """A profile of this workspace's own (admins), e.g. for a region."""
    return _edit(ws, body.key, body, caller.login, new=True)


@router.post("/cultures/{key}/reset", response_model=CultureReset, dependencies=[ADMIN])
def reset_culture(
    body: CultureResetIn, key: str = Key, ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    """Back to the shipped profile (admins); a workspace's own profile goes away."""
    return cultures.reset_profile(ws, key, body.fields, now())
