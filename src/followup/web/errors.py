"""How the web shows an error: sign in again, an alert in place (htmx), or an error page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from followup.api.errors import STATUS
from followup.domain.errors import FollowupError
from followup.web.render import is_htmx, redirect, templates


def render_error(
    request: Request, status: int, code: str, message: str, fields: dict[str, str]
) -> Response:
    if status == 401:
        target = "/signin?next=" + quote(_back_to(request), safe="/")
        if is_htmx(request):
            return Response(status_code=200, headers={"HX-Redirect": target})
        return redirect(target, message)
    if is_htmx(request):
        html = templates.get_template("alert.html").render(message=message, code=code)
        swap = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return HTMLResponse(html, status, headers=swap)
    html = templates.get_template("error.html").render(
        status=status, code=code, message=message, fields=fields, back=_same_site(request)
    )
    return HTMLResponse(html, status)


def _same_site(request: Request) -> str | None:
    """The page the user came from, if it is one of ours."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url)
    return referer if referer.startswith(base) else None


def _back_to(request: Request) -> str:
    """Where to return after signing in: this page, or for a form's POST the page it was on."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/today"


def status_of(exc: FollowupError) -> int:
    """The HTTP status of an error a page shows in place (beside the form that caused it)."""
    return STATUS.get(exc.code, 400)
