"""Today's agenda for a user: the service behind `followup today`, the API and the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from followup.domain.agenda import AgendaItem, Day
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import Dossier, User
from followup.services import prepared_agenda, subjects, views
from followup.services.deal_agenda import deal_files
from followup.services.directory import current_user
from followup.services.prepared_agenda import PreparedDay
from followup.services.reminder_alerts import channel_alerts
from followup.services.workspace import Workspace
from followup.store import prepared
from followup.store.tables import commitments, people
from followup.store.versions import versions_by_id

Gatherer = Callable[[Workspace, Connection, User, datetime], Sequence[object]]

# Where the agenda's subjects come from: one range scan each (see services/subjects.py).
# A new kind of item adds its gatherer here and its rule in domain/agenda.SOURCES.
GATHERERS: tuple[Gatherer, ...] = (
    subjects.people_due,
    subjects.checkins_due,
    subjects.requests_due,
    deal_files,
)


def today(
    ws: Workspace, at: datetime, user_name: str | None, login: str | None, reuse: bool = True
) -> tuple[User, list[AgendaItem]]:
    """Every item due for the user by the end of their day at `at`, ranked and explained.

    `reuse=False` explains it afresh and keeps nothing (the benchmark's computed agenda).
    """
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
    return user, ranked(ws, user, at, reuse=reuse)[0]


def agenda_document(
    ws: Workspace,
    at: str | None,
    user_name: str | None,
    login: str | None,
    now: datetime,
    with_versions: bool = False,
) -> dict[str, Any]:
    """`followup today --json`'s document; a bare `at` is read in the owner's time zone.

    This is what the API's busiest endpoint and the Today page run. `with_versions` adds
    the versions of the items' people and commitments, read with them (the Today page's
    buttons send them back).
    """
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
    items, versions = ranked(ws, user, moment, with_versions)
    document: dict[str, Any] = {
        "at": views.iso(moment),
        "user": user.name,
        "items": [views.agenda_item_document(i) for i in items],
    }
    if versions is not None:
        document["versions"] = versions
    return document


Versions = dict[str, dict[int, int]]


def ranked(
    ws: Workspace, user: User, at: datetime, with_versions: bool = False, reuse: bool = True
) -> tuple[list[AgendaItem], Versions | None]:
    """The user's ranked items at `at`: from their prepared day while it holds, else
    explained afresh and kept (store/prepared.py: no agenda older than a write is kept)."""
    if reuse:
        with ws.transaction() as conn:
            items = prepared_agenda.fresh(conn, user, at)
            if items is not None:
                return _finished(conn, user, at, items, with_versions)
    generation = prepared.claim(ws.engine, user.id) if reuse else None
    with ws.transaction() as conn:
        day = explained(ws, conn, user, at)
        items = day.items_at(at)
        result = _finished(conn, user, at, items, with_versions)
    if generation is not None:
        prepared.keep(ws.engine, user.id, generation, day.prepared())
    return result


def _finished(
    conn: Connection, user: User, at: datetime, items: list[AgendaItem], with_versions: bool
) -> tuple[list[AgendaItem], Versions | None]:
    # A failing reminder channel is an item too (issue 8): reminders never stop silently.
    # Read live: the reminders' bookkeeping does not mark agendas stale.
    alerts = channel_alerts(conn, user, at, bool(items))
    return alerts + items, _versions(conn, items) if with_versions else None


def _versions(conn: Connection, items: Sequence[AgendaItem]) -> Versions:
    people_ids = [i.person_id for i in items if i.person_id is not None]
    commitment_ids = [i.commitment_id for i in items if i.commitment_id is not None]
    return {
        "people": versions_by_id(conn, people, people_ids),
        "commitments": versions_by_id(conn, commitments, commitment_ids),
    }


def explained(ws: Workspace, conn: Connection, user: User, at: datetime) -> PreparedDay:
    """The user's whole day holding `at`, every subject explained phase by phase."""
    day = Day.of(user, at)
    found = [subject for gather in GATHERERS for subject in gather(ws, conn, user, day.end)]
    return PreparedDay.of(user, day, found)


def due_dossiers(ws: Workspace, conn: Connection, user: User, before: datetime) -> list[Dossier]:
    """The dossiers of the user's people whose next_due_at falls before `before`."""
    return subjects.people_due(ws, conn, user, before)
