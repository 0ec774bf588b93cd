"""Finding people, accounts and deals page by page: the listings behind the web and the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from followup.domain.deals import DealStage, parse_stage
from followup.domain.errors import InvalidInput
from followup.services import views
from followup.services.deal_views import deal_summary
from followup.services.directory import account_summary, current_user, find_account
from followup.services.people import stage_of
from followup.services.workspace import Workspace
from followup.store import browse, directory
from followup.store import deals as deal_store
from followup.store import people as people_store
from followup.store.tables import people

MAX_PAGE = 500


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
    if offset < 0:
        raise InvalidInput("offset must not be negative")


def browse_people(
    ws: Workspace,
    account: str | None = None,
    event: str | None = None,
    stage: str | None = None,
    owner: str | None = None,
    culture: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
    count_cap: int = browse.COUNT_CAP,
) -> dict[str, Any]:
    """One page of the people matching every filter given, in name order, and how many
    match (counted exactly up to 10,000; beyond, `total_exact` is false)."""
    check_page(limit, offset)
    if culture:
        ws.cultures.get(culture)
    with ws.transaction() as conn:
        wanted = browse.PeopleFilter(
            account_id=find_account(conn, account).id if account else None,
            owner_id=current_user(conn, owner, None).id if owner else None,
            stage=stage_of(stage).value if stage else None,
            source=event or None,
            culture=culture or None,
            text=(text or "").strip()[:300] or None,
        )
        total, exact, rows = browse.people_page(conn, ws.cultures, wanted, limit, offset, count_cap)
        contacts = people_store.contacts_for(conn, [row.id for row in rows])
        found = [views.person_summary(row, *contacts[row.id]) for row in rows]
    return {
        "people": found,
        "total": total,  # exact when total_exact, else a lower bound (browse.COUNT_CAP)
        "total_exact": exact,
        "limit": limit,
        "offset": offset,
    }


def browse_accounts(
    ws: Workspace, text: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """One page of the accounts whose name contains `text`, in name order."""
    check_page(limit, offset)
    with ws.transaction() as conn:
        total, rows = browse.accounts_page(conn, (text or "").strip()[:300], limit, offset)
    found = [account_summary(ws, row) for row in rows]
    return {"accounts": found, "total": total, "limit": limit, "offset": offset}


def browse_deals(
    ws: Workspace,
    now: datetime,
    stage: str | None = None,
    owner: str | None = None,
    account: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of deals, soonest decision first, with how long each has been in its stage.
    No stage: the deals in play (all but live and lost); 'all': every deal."""
    check_page(limit, offset)
    if not stage:
        stages = [s.value for s in DealStage if s not in (DealStage.LIVE, DealStage.LOST)]
    else:
        stages = [] if stage == "all" else [parse_stage(stage).value]
    with ws.transaction() as conn:
        owner_id = current_user(conn, owner, None).id if owner else None
        account_id = find_account(conn, account).id if account else None
        total, rows = deal_store.deals_page(conn, owner_id, stages, account_id, limit, offset)
    found = [{**deal_summary(row), "days_in_stage": (now - row.stage_since).days} for row in rows]
    return {"deals": found, "total": total, "limit": limit, "offset": offset}


def facets(ws: Workspace) -> dict[str, Any]:
    """The values the people filters offer: owners, accounts, stages, cultures, events."""
    with ws.transaction() as conn:
        events = conn.execute(
            select(people.c.source).distinct().where(people.c.source.is_not(None)).limit(200)
        )
        return {
            "owners": [u.name for u in directory.all_users(conn)],
            "events": sorted(str(e) for e in events.scalars()),
            "cultures": sorted(ws.cultures.profiles),
        }


def one_page(items: Sequence[Any], key: str, limit: int, offset: int) -> dict[str, Any]:
    """A page of a listing read whole (deals, requests, content: a team's worth, not a
    million), in the shape of the paged listings: `key`, total, limit and offset."""
    check_page(limit, offset)
    return {
        key: list(items[offset : offset + limit]),
        "total": len(items),
        "total_exact": True,
        "limit": limit,
        "offset": offset,
    }


def paged_document(document: dict[str, Any], key: str, limit: int, offset: int) -> dict[str, Any]:
    """`document` with its listing under `key` cut to one page (see `one_page`)."""
    return {**document, **one_page(document[key], key, limit, offset)}
