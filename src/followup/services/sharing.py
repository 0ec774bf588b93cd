"""Sharing a plan with the customer: links that open a read-only page, revocable, expiring."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from followup.domain.customer_view import CustomerPlan
from followup.domain.deals import DealStage
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.sharing import (
    MAX_EXPIRY_DAYS,
    TOKEN_BYTES,
    LinkState,
    check_link,
    token_hash,
    well_formed,
)
from followup.services.deal_files import find_deal
from followup.services.deal_views import customer_plan_of, link_document
from followup.services.directory import current_user
from followup.services.views import iso
from followup.services.workspace import Workspace
from followup.store import sharing as store

DEFAULT_EXPIRY_DAYS = 30


def share_plan(
    ws: Workspace,
    ref: str,
    now: datetime,
    login: str | None,
    base_url: str,
    expires_days: int = DEFAULT_EXPIRY_DAYS,
    new_token: Callable[[], str] = lambda: secrets.token_urlsafe(TOKEN_BYTES),
) -> dict[str, Any]:
    """A new link to the deal's plan; the token is shown now and never again."""
    if not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise InvalidInput(f"a share link expires after 1 to {MAX_EXPIRY_DAYS} days")
    with ws.transaction() as conn:
        row = find_deal(conn, ref)
        if row.stage == DealStage.LOST.value:
            raise Conflict(f"deal #{row.id} is lost: there is no plan to share")
        user = current_user(conn, None, login)
        token = new_token()
        expires_at = now + timedelta(days=expires_days)
        link_id = store.insert_link(conn, row.id, token_hash(token), user.id, now, expires_at)
        return {
            "deal_id": row.id,
            "link_id": link_id,
            "url": f"{base_url.rstrip('/')}/shared/{token}",
            "expires_at": iso(expires_at),
        }


def unshare_plan(
    ws: Workspace, ref: str, now: datetime, link_id: int | None = None
) -> dict[str, Any]:
    """Revoke the deal's active links (or one of them): they answer 404 from now on."""
    with ws.transaction() as conn:
        row = find_deal(conn, ref)
        links = store.links_of(conn, row.id)
        active = [link for link in links if link.state(now) is LinkState.ACTIVE]
        if link_id is not None:
            active = [link for link in active if link.id == link_id]
            if not active:
                raise NotFound(f"deal #{row.id} has no active share link #{link_id}")
        if not active:
            raise Conflict(f"deal #{row.id} has no active share link")
        store.revoke(conn, [link.id for link in active], now)
        return {"deal_id": row.id, "revoked": [link.id for link in active]}


def list_links(ws: Workspace, ref: str, now: datetime) -> dict[str, Any]:
    """The deal's share links, oldest first, each active, expired or revoked (never the
    token: it was shown once, when the link was made)."""
    with ws.transaction() as conn:
        row = find_deal(conn, ref)
        links = [link_document(link, now) for link in store.links_of(conn, row.id)]
        return {"deal_id": row.id, "share_links": links}


def open_shared(ws: Workspace, token: str, now: datetime) -> CustomerPlan:
    """The plan a presented token opens; NotFound (unknown, revoked) or LinkExpired otherwise.

    A token of the wrong shape is hashed and looked up like any other, so every refusal
    takes the same path.
    """
    presented = token_hash(token if well_formed(token) else "")
    with ws.transaction() as conn:
        link = check_link(store.link_by_hash(conn, presented), presented, now)
        return customer_plan_of(conn, link.deal_id, now)
