"""Share links: found by the hash of their token, never by the token."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from followup.domain.sharing import ShareLink
from followup.store.tables import share_links

_BY_HASH = select(share_links).where(share_links.c.token_hash == bindparam("token_hash"))


def link_from_row(row: Row[Any]) -> ShareLink:
    m = row._mapping
    return ShareLink(
        id=m["id"],
        deal_id=m["deal_id"],
        token_hash=m["token_hash"],
        created_at=m["created_at"],
        expires_at=m["expires_at"],
        revoked_at=m["revoked_at"],
    )


def insert_link(
    conn: Connection,
    deal_id: int,
    token_hash: str,
    user_id: int | None,
    now: datetime,
    expires_at: datetime,
) -> int:
    values = {
        "deal_id": deal_id,
        "token_hash": token_hash,
        "created_by": user_id,
        "created_at": now,
        "expires_at": expires_at,
    }
    key = conn.execute(insert(share_links).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def link_by_hash(conn: Connection, token_hash: str) -> ShareLink | None:
    row = conn.execute(_BY_HASH, {"token_hash": token_hash}).first()
    return link_from_row(row) if row else None


def links_of(conn: Connection, deal_id: int) -> list[ShareLink]:
    query = select(share_links).where(share_links.c.deal_id == deal_id).order_by(share_links.c.id)
    return [link_from_row(row) for row in conn.execute(query)]


def revoke(conn: Connection, link_ids: Sequence[int], now: datetime) -> None:
    if link_ids:
        query = update(share_links).where(share_links.c.id.in_(list(link_ids)))
        conn.execute(query.values(revoked_at=now))
