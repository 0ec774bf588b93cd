"""ASGI middleware: a cap on request bodies, and the server's time on every response."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 2 * 2**20  # 2 MiB: far beyond any form or note, well below a memory problem


class BodyLimit:
    """Refuse (413) a request body over `limit` bytes, declared or streamed; a route listed
    in `uploads` (path: bytes) takes up to its own limit instead.

    The refusal is raised while the app reads the body, so the app's own error handlers
    answer (JSON under /api, the error page elsewhere) and nothing over the limit is read.
    """

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY, uploads: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.uploads.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        refused = declared is not None and (not declared.isdigit() or int(declared) > limit)
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            if refused:
                raise HTTPException(413, too_large_message(limit))
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, too_large_message(limit))
            return message

        await self.app(scope, limited_receive, send)


def too_large_message(limit: int) -> str:
    return f"request body too large: at most {limit // 2**20} MiB"


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>` (what the benchmark reads as the server's time)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)


# Pages load nothing from elsewhere and run no inline script, so the policy can be strict.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


class SecurityHeaders:
    """No sniffing, no framing, no referrer beyond this site; a content policy for pages
    (not for /api/docs, whose viewer loads its scripts from a CDN)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = not str(scope.get("path", "")).startswith("/api/")

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                wanted = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if page:
                    wanted.append((b"content-security-policy", PAGE_POLICY.encode()))
                # A page with a stricter policy of its own (the customer's shared plan) keeps it.
                given = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in wanted if name not in given]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded_send)
