"""The deal part of `followup today`: one owner's due deals, read by index, judged by the
domain's milestone, stalled and delivery rules."""

from __future__ import annotations

from sqlalchemy import Connection

from followup.domain.agenda import AgendaItem, Day
from followup.domain.deal_agenda import deal_items
from followup.domain.deals import main_contact
from followup.domain.model import User
from followup.services.deal_files import build_file
from followup.services.workspace import Workspace
from followup.store import agenda as people_queries
from followup.store import deal_agenda as queries
from followup.store import deals as store
from followup.store import plans as plan_store


def deal_agenda(ws: Workspace, conn: Connection, user: User, day: Day) -> list[AgendaItem]:
    """The deal items for `user`'s day (unranked), inside the agenda's transaction."""
    rows = queries.due_deals(conn, user.id, day.end)
    if not rows:
        return []
    ids = [row.id for row in rows]
    people = store.people_of(conn, ids)
    pending = plan_store.milestones_of(conn, ids, pending_only=True)
    contacts = [c.person_id for c in (main_contact(people[i]) for i in ids) if c is not None]
    agreements = people_queries.agreements_for(conn, contacts)
    files = [build_file(ws, conn, row, people[row.id], pending[row.id], agreements) for row in rows]
    return deal_items(files, day)
