"""One module per page (a router) with its template(s); `ROUTERS` lists them all.

A new page is a module here with `router` (made by `gated_router`, or
`self_service_router` for what any role may do for itself), a template, and a line below.
"""

from __future__ import annotations

from fastapi import APIRouter

from followup.web.pages import accounts, history, log, people, settings, signin, today

ROUTERS: list[APIRouter] = [
    signin.public,
    signin.router,
    today.router,
    people.router,
    log.router,
    accounts.router,
    settings.router,
    settings.own,
    history.router,
]
