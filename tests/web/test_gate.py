"""The one gate: every route of the app that changes something refuses a viewer, through
the API and the web alike; the few routes any role may use for itself are listed here, so
a new one is a decision, not an accident."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from followup.api.app import API_ROUTERS
from followup.web.pages import ROUTERS
from tests.web.conftest import Served

SAFE = {"GET", "HEAD", "OPTIONS"}
# What every signed-in user may do on their own behalf (and signing in itself).
SELF_SERVICE = {
    ("PUT", "/api/me/password"),
    ("POST", "/api/tokens"),
    ("DELETE", "/api/tokens/{token_id}"),
    ("POST", "/signin"),
    ("POST", "/signout"),
    ("POST", "/settings/password"),
    ("POST", "/settings/tokens"),
    ("POST", "/settings/tokens/{token_id}/revoke"),
    ("POST", "/settings/reminders"),  # when and how my own reminders come
    ("POST", "/settings/calendar/rotate"),  # my own calendar feed's address
}


def writes() -> list[tuple[str, str]]:
    """(method, path) of every route create_app mounts that is not a read."""
    mounted = [("/api", r) for r in API_ROUTERS] + [("", r) for r in ROUTERS]
    return sorted(
        (method, prefix + route.path)
        for prefix, router in mounted
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods - SAFE
    )


@pytest.mark.parametrize("backend", ["sqlite"])
def test_every_write_route_refuses_a_viewer(served: Served) -> None:
    routes = writes()
    assert set(routes) >= SELF_SERVICE
    gated = [r for r in routes if r not in SELF_SERVICE]
    assert len(gated) >= 20
    browser = served.browser_session("vic")
    with served.api("vic") as api:
        for method, path in gated:
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            if path.startswith("/api/"):
                answer = api.request(method, concrete, json={})
                assert answer.status_code == 403, (method, path, answer.text)
                assert answer.json()["error"]["code"] == "forbidden"
            else:
                answer = browser.client.request(method, concrete, data={"csrf_token": browser.csrf})
                assert answer.status_code == 403, (method, path, answer.text)
