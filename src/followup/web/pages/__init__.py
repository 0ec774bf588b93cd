"""One module per page (a router) with its template(s); `ROUTERS` lists them all.

A new page is a module here with `router` (made by `gated_router`, or
`self_service_router` for what any role may do for itself), a template, and a line below.
"""

from __future__ import annotations

from fastapi import APIRouter

from followup.web.pages import (
    account_service,
    accounts,
    capture,
    cultures,
    deals,
    history,
    intake,
    library,
    log,
    my_reminders,
    people,
    plans,
    reports,
    settings,
    signin,
    tiers,
    today,
    visit,
)

ROUTERS: list[APIRouter] = [
    signin.public,
    signin.router,
    today.router,
    people.router,
    log.router,
    capture.router,
    intake.router,
    accounts.router,
    deals.router,
    plans.router,
    reports.router,
    account_service.router,
    visit.router,
    settings.router,
    settings.own,
    my_reminders.router,
    my_reminders.own,
    cultures.router,
    tiers.router,
    library.router,
    history.router,
]
