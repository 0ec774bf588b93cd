"""The deal agenda's queries: index range scans, as for people.

1. one owner's deals with next_due_at before the end of the day (ix_deals_owner_due), with
   their account (primary key);
2. their pending milestones (ix_milestones_deal_status_due), each milestone's dependencies
   (pk_milestone_dependencies) and owner names (primary keys);
3. the people in each deal (pk_deal_people) and their agreements (primary key).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select

from followup.store.tables import accounts, deals

DUE_DEALS: Select[Any] = (
    select(
        deals,
        accounts.c.name.label("account_name"),
        accounts.c.country.label("account_country"),
        accounts.c.culture.label("account_culture"),
    )
    .join(accounts, accounts.c.id == deals.c.account_id)
    .where(deals.c.owner_id == bindparam("owner_id"), deals.c.next_due_at < bindparam("before"))
    .order_by(deals.c.next_due_at)
)


def due_deals_query(owner_id: int, before: datetime) -> Select[Any]:
    return DUE_DEALS.params(owner_id=owner_id, before=before)


def due_deals(conn: Connection, owner_id: int, before: datetime) -> Sequence[Row[Any]]:
    """The owner's deals whose next_due_at falls before `before`."""
    return conn.execute(DUE_DEALS, {"owner_id": owner_id, "before": before}).all()
