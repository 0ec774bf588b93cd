"""Webhook URLs, secrets and signatures (no network here).

Each request carries `X-Followup-Signature: sha256=HEX`, the HMAC-SHA256 of
`TIMESTAMP.BODY` under the endpoint's secret, with the timestamp in `X-Followup-Timestamp`:
signing the timestamp with the body lets a receiver refuse an old request replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from followup.domain.errors import InvalidInput


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(24)


def check_url(url: str) -> str:
    """`url` if it is an absolute http(s) URL, else a clear error."""
    value = url.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"invalid webhook URL {url!r}: use http://HOST/... or https://...")
    if len(value) > 2000:
        raise InvalidInput("invalid webhook URL: longer than 2000 characters")
    return value


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()
