"""What every request needs: the workspace, the settings and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request

from followup.services.workspace import Workspace
from followup.settings import Settings


@dataclass
class AppContext:
    """Made once per app process by `create_app`; holds no per-user state."""

    workspace: Workspace
    settings: Settings


def app_context(request: Request) -> AppContext:
    found = request.app.state.followup
    assert isinstance(found, AppContext)
    return found


def workspace(request: Request) -> Workspace:
    """The workspace, acting as the caller once the gate has resolved them (api/auth.py)."""
    shared = app_context(request).workspace.fresh()
    user = getattr(request.state, "acting_user", None)
    return shared.acting_as(user) if user is not None else shared


def now() -> datetime:
    return datetime.now(UTC)
