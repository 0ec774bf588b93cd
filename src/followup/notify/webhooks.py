"""Posting signed webhook events.

Each request carries the event id (stable across retries: receivers deduplicate with it),
the event type, a Unix timestamp and the signature (see `followup.notify.signing`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from followup.notify.signing import signature

USER_AGENT = "followup-webhooks/0.1"
RETRYABLE_CLIENT_ERRORS = frozenset({408, 409, 425, 429})


@dataclass(frozen=True)
class Attempt:
    """What one POST got: a status code, or the error that prevented one."""

    status_code: int | None
    error: str | None
    elapsed_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def permanent(self) -> bool:
        """A client error that no retry can fix (wrong URL, refused by the receiver)."""
        code = self.status_code
        return code is not None and 300 <= code < 500 and code not in RETRYABLE_CLIENT_ERRORS


def post_event(
    client: httpx.Client,
    url: str,
    secret: str,
    event: tuple[str, str],
    body: bytes,
    timestamp: int,
) -> Attempt:
    """POST `body` (event id and type in `event`) to `url`; never raises for the network."""
    event_id, event_type = event
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Followup-Event": event_type,
        "X-Followup-Delivery": event_id,
        "X-Followup-Timestamp": str(timestamp),
        "X-Followup-Signature": signature(secret, timestamp, body),
    }
    started = time.monotonic()
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        return Attempt(None, f"{url} did not answer in time", _since(started))
    except httpx.HTTPError as exc:
        return Attempt(None, f"cannot reach {url}: {_reason(exc)}", _since(started))
    if 200 <= response.status_code < 300:
        return Attempt(response.status_code, None, _since(started))
    answer = f"{url} answered {response.status_code} {response.reason_phrase}".strip()
    if 300 <= response.status_code < 400:
        answer += f" (redirects to {response.headers.get('location', '?')}: update the URL)"
    return Attempt(response.status_code, answer, _since(started))


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc).strip()
    if "refused" in text.lower():
        return "connection refused"
    return text or type(exc).__name__
