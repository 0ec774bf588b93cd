"""Pages and fragments from the templates, times in the signed-in user's zone, flashes.

Autoescaping is on for every template: names, notes and reasons are user text and are
shown as text, never as markup.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from followup.api.auth import Caller
from followup.domain.localtime import format_day, format_moment, zone

FLASH_COOKIE = "followup_flash"
HTMX_VERSION = "2.0.11"

templates = Environment(
    loader=PackageLoader("followup.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def when(value: str | datetime | None, tz: str = "UTC", all_day: bool = False) -> str:
    """'Fri 20 Nov 15:00' (or 'Fri 20 Nov' for a whole-day due date) in `tz`."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_day(moment, zone(tz)) if all_day else format_moment(moment, zone(tz))


templates.filters["when"] = when
templates.globals["htmx"] = f"/static/htmx-{HTMX_VERSION}.min.js"


def static_folder() -> str:
    return str(resources.files("followup.web").joinpath("static"))


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def page(
    request: Request, template: str, caller: Caller | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A whole page (or its fragment, for templates that are fragments)."""
    flash = unquote(request.cookies.get(FLASH_COOKIE, ""))[:500]
    html = templates.get_template(template).render(
        request=request,
        caller=caller,
        user=caller.user if caller else None,
        tz=caller.user.timezone if caller else "UTC",
        csrf=caller.csrf if caller else None,
        flash=flash,
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, flash: str | None = None) -> Response:
    """See Other: after a form's POST, the browser GETs `url` (and shows `flash` there)."""
    return _flashing(RedirectResponse(safe_next(url), status_code=303), flash)


def _flashing(response: Response, flash: str | None) -> Response:
    if flash:
        response.set_cookie(
            FLASH_COOKIE, quote(flash[:500]), max_age=60, httponly=True, samesite="lax", path="/"
        )
    return response


def reload(request: Request, url: str, flash: str) -> Response:
    """After a change made from a page: htmx reloads that page (keeping its scroll) or, if
    `url` is another page, goes there (an error would have stayed in place, in the page's
    alert); a plain form is redirected to `url`. Either way `flash` is shown."""
    if not is_htmx(request):
        return redirect(url, flash)
    target = safe_next(url)
    here = urlsplit(request.headers.get("hx-current-url", "")).path
    headers = {"HX-Refresh": "true"} if here == urlsplit(target).path else {"HX-Redirect": target}
    return _flashing(Response(status_code=200, headers=headers), flash)


def safe_next(url: str | None, fallback: str = "/today") -> str:
    """Only a path on this site (never '//elsewhere' or 'https://...')."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return fallback
    return url


def after_action(
    request: Request, caller: Caller, back: str, message: str, fragment: str = "done.html"
) -> Response:
    """What a form's POST answers: for htmx the fragment that replaces the item, else a
    redirect to `back` that shows `message`."""
    if is_htmx(request):
        return page(request, fragment, caller, message=message)
    return redirect(back, message)
