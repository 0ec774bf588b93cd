"""The ASGI app: the REST API under /api, the web UI everywhere else, one process's state.

`create_app` is what `followup serve` (uvicorn, one or more worker processes) runs in
each process: it opens the workspace named by the settings (FOLLOWUP_DB) and keeps no
other state, so any number of processes can serve one PostgreSQL database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

import followup
from followup.api import (
    capture,
    cultures,
    deals,
    errors,
    followups,
    history,
    intake,
    people,
    plans,
    relations,
    reminders,
    reports,
    service_levels,
    team,
)
from followup.api.context import AppContext
from followup.api.middleware import BodyLimit, SecurityHeaders, ServerTiming
from followup.services.workspace import Workspace
from followup.settings import Settings, load_settings
from followup.web import reminders as feeds
from followup.web import shared_plan
from followup.web.errors import render_error
from followup.web.pages import ROUTERS
from followup.web.pages.intake import UPLOAD_PATH
from followup.web.render import static_folder

API_ROUTERS: list[APIRouter] = [
    followups.router,
    people.router,
    team.router,
    team.own,
    reports.router,
    deals.router,
    plans.router,
    capture.router,
    intake.router,
    relations.router,
    cultures.router,
    service_levels.router,
    reminders.router,
    history.router,
]
# The routes whose body may exceed 2 MiB: file uploads (settings.max_upload_mib).
UPLOADS = ("/api/import", UPLOAD_PATH)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    workspace = Workspace.open(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        workspace.engine.dispose()  # the process is stopping: close its connections

    app = FastAPI(
        lifespan=lifespan,
        title="followup",
        version=followup.__version__,
        description="Every promise kept, every customer on their agreed rhythm. "
        "Authenticate with 'Authorization: Bearer <token>' ('followup token add').",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.followup = AppContext(workspace, settings)
    # What the customer's shared plan pages and the calendar feed read.
    app.state.workspace, app.state.settings = workspace, settings
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.include_router(shared_plan.router, include_in_schema=False)
    app.include_router(feeds.router, include_in_schema=False)  # the calendar feed, /health
    app.mount("/static", StaticFiles(directory=static_folder()), name="static")
    errors.install(app, render_error)
    app.add_middleware(BodyLimit, uploads=dict.fromkeys(UPLOADS, settings.max_upload_mib * 2**20))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ServerTiming)
    return app
