"""Today's agenda for a user: the service behind `followup today`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from followup.domain.agenda import AgendaItem, Day, agenda_for
from followup.domain.cadence import rhythm_for
from followup.domain.localtime import parse_moment, zone
from followup.domain.model import Commitment, Dossier, Touches, User
from followup.services import views
from followup.services.directory import current_user
from followup.services.workspace import Workspace
from followup.store import agenda as queries
from followup.store.people import person_from_row


def today(
    ws: Workspace, at: datetime, user_name: str | None, login: str | None
) -> tuple[User, list[AgendaItem]]:
    """Every item due for the user by the end of their day at `at`, ranked and explained."""
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        rows, commitments = _due(conn, user, at)
    return user, _agenda(ws, user, at, rows, commitments)


def agenda_document(
    ws: Workspace, at: str | None, user_name: str | None, login: str | None, now: datetime
) -> dict[str, Any]:
    """`followup today --json`'s document; a bare `at` is read in the owner's time zone.

    One transaction for the user, the moment and the rows: this is what the API's busiest
    endpoint and the Today page run.
    """
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        moment = parse_moment(at, zone(user.timezone))[0] if at else now
        rows, commitments = _due(conn, user, moment)
    items = _agenda(ws, user, moment, rows, commitments)
    return {
        "at": views.iso(moment),
        "user": user.name,
        "items": [views.agenda_item_document(i) for i in items],
    }


def _due(
    conn: Connection, user: User, at: datetime
) -> tuple[Sequence[Row[Any]], dict[int, list[Commitment]]]:
    rows = queries.due_people(conn, user.id, Day.of(user, at).end)
    return rows, queries.open_commitments_for(conn, [row.id for row in rows])


def _agenda(
    ws: Workspace,
    user: User,
    at: datetime,
    rows: Sequence[Row[Any]],
    commitments: dict[int, list[Commitment]],
) -> list[AgendaItem]:
    dossiers = []
    for row in rows:
        person = person_from_row(row)
        profile = ws.profile_of_row(row)
        dossiers.append(
            Dossier(
                person=person,
                account_name=row.account_name,
                rhythm=rhythm_for(person, queries.agreement_of_row(row), profile),
                touches=Touches(row.last_contact_at, row.last_attempt_at),
                open_commitments=tuple(commitments[person.id]),
                last_notes=row.last_notes,
            )
        )
    return agenda_for(user, at, dossiers)
