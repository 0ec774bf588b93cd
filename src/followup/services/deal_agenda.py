"""The deal part of `followup today`: one owner's due deals, read by index, judged by the
domain's milestone, stalled and delivery rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from followup.domain.deal_file import DealFile
from followup.domain.deals import main_contact
from followup.domain.model import User
from followup.services.deal_files import build_file
from followup.services.workspace import Workspace
from followup.store import agenda as people_queries
from followup.store import deal_agenda as queries
from followup.store import deals as store
from followup.store import plans as plan_store


def deal_files(ws: Workspace, conn: Connection, user: User, before: datetime) -> list[DealFile]:
    """The files of `user`'s deals due before `before` (the agenda's deal subjects)."""
    rows = queries.due_deals(conn, user.id, before)
    if not rows:
        return []
    ids = [row.id for row in rows]
    people = store.people_of(conn, ids)
    pending = plan_store.milestones_of(conn, ids, pending_only=True)
    contacts = [c.person_id for c in (main_contact(people[i]) for i in ids) if c is not None]
    agreements = people_queries.agreements_for(conn, contacts)
    return [build_file(ws, conn, row, people[row.id], pending[row.id], agreements) for row in rows]
