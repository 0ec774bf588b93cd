"""Today's agenda for a user: the service behind `followup today`, the API and the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.agenda import AgendaItem, Day, agenda_for
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import Dossier, User
from followup.services import subjects, views
from followup.services.deal_agenda import deal_agenda
from followup.services.directory import current_user
from followup.services.reminder_alerts import channel_alerts
from followup.services.workspace import Workspace
from followup.store.tables import commitments, people
from followup.store.versions import versions_by_id

Gatherer = Callable[[Workspace, Connection, User, datetime], Sequence[object]]

# Where the agenda's subjects come from: one range scan each (see services/subjects.py).
# A new kind of item adds its gatherer here and its rule in domain/agenda.SOURCES.
GATHERERS: tuple[Gatherer, ...] = (
    subjects.people_due,
    subjects.checkins_due,
    subjects.requests_due,
)


def today(
    ws: Workspace, at: datetime, user_name: str | None, login: str | None
) -> tuple[User, list[AgendaItem]]:
    """Every item due for the user by the end of their day at `at`, ranked and explained."""
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        return user, items_in(ws, conn, user, at)


def agenda_document(
    ws: Workspace,
    at: str | None,
    user_name: str | None,
    login: str | None,
    now: datetime,
    with_versions: bool = False,
) -> dict[str, Any]:
    """`followup today --json`'s document; a bare `at` is read in the owner's time zone.

    One transaction for the user, the moment and the rows: this is what the API's busiest
    endpoint and the Today page run. `with_versions` adds the versions of the items' people
    and commitments, read with them (the Today page's buttons send them back).
    """
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
        items = items_in(ws, conn, user, moment)
        document: dict[str, Any] = {
            "at": views.iso(moment),
            "user": user.name,
            "items": [views.agenda_item_document(i) for i in items],
        }
        if with_versions:
            document["versions"] = _versions(conn, items)
    return document


def _versions(conn: Connection, items: Sequence[AgendaItem]) -> dict[str, dict[int, int]]:
    people_ids = [i.person_id for i in items if i.person_id is not None]
    commitment_ids = [i.commitment_id for i in items if i.commitment_id is not None]
    return {
        "people": versions_by_id(conn, people, people_ids),
        "commitments": versions_by_id(conn, commitments, commitment_ids),
    }


def items_in(ws: Workspace, conn: Connection, user: User, at: datetime) -> list[AgendaItem]:
    """The ranked items of `user` at `at`, read in the caller's transaction."""
    before = Day.of(user, at).end
    found = [subject for gather in GATHERERS for subject in gather(ws, conn, user, before)]
    items = agenda_for(user, at, found, also=deal_agenda(ws, conn, user, Day.of(user, at)))
    # A failing reminder channel is an item too (issue 8): reminders never stop silently.
    return channel_alerts(conn, user, at, bool(items)) + items


def due_dossiers(ws: Workspace, conn: Connection, user: User, before: datetime) -> list[Dossier]:
    """The dossiers of the user's people whose next_due_at falls before `before`."""
    return subjects.people_due(ws, conn, user, before)
