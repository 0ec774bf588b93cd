"""Share links: an unguessable token per link, stored only as its hash, revocable, expiring.

A token is 32 random bytes (256 bits), so guessing one is hopeless; the store keeps its
SHA-256, so a copy of the database opens no plan. A presented token is hashed and looked
up by that hash, then compared in constant time: how long an answer takes depends on
nothing an attacker can steer toward a valid token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from followup.domain.errors import FollowupError, NotFound

TOKEN_BYTES = 32
# secrets.token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
MAX_EXPIRY_DAYS = 365


class LinkExpired(FollowupError):
    """A share link that existed but whose time is over (HTTP 410)."""

    code = "gone"


class LinkState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class ShareLink:
    id: int
    deal_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> LinkState:
        if self.revoked_at is not None and self.revoked_at <= now:
            return LinkState.REVOKED
        if self.expires_at <= now:
            return LinkState.EXPIRED
        return LinkState.ACTIVE


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    """Whether `token` has the shape of one we issue (anything else cannot match)."""
    return TOKEN_SHAPE.fullmatch(token) is not None


def check_link(link: ShareLink | None, presented_hash: str, now: datetime) -> ShareLink:
    """The link a presented token opens, or NotFound (unknown or revoked) / LinkExpired.

    Unknown and revoked answer the same, so a revoked link tells nothing about the deal.
    """
    stored = link.token_hash if link is not None else "0" * len(presented_hash)
    if link is None or not hmac.compare_digest(stored, presented_hash):
        raise NotFound("this link is not valid")
    state = link.state(now)
    if state is LinkState.REVOKED:
        raise NotFound("this link is not valid")
    if state is LinkState.EXPIRED:
        raise LinkExpired("this link has expired")
    return link
